"""Unannounced visits (暗查暗访, R3.3): planned and recorded by the bureau, invisible to the school
— its pages, its photos, its place in the list — until the bureau publishes the result."""

import pytest
from django.urls import reverse

from inspections.enums import InspectionKind, InspectionState, ItemResult
from inspections.models import Inspection, InspectionPhoto
from schools.enums import Role
from tests.factories import BureauFactory, jpeg_upload, member

LIST = reverse("inspections:list")


@pytest.fixture
def visit(client, inspector, school):
    """The inspector plans a visit through the page and records a failed item with a photo."""
    client.force_login(inspector)
    client.post(
        reverse("inspections:create"),
        {
            "kind": InspectionKind.UNANNOUNCED, "school": school.pk, "date": "2026-05-20",
            "leader_name": "暗访组", "areas": ["gate_security"],
        },
    )  # fmt: skip
    visit = Inspection.objects.get(kind=InspectionKind.UNANNOUNCED)
    items = list(visit.items.order_by("order"))
    data = {f"r{item.pk}": "pass" for item in items[1:]}
    data |= {
        f"r{items[0].pk}": "fail",
        f"n{items[0].pk}": "门卫未登记来访人员",
        f"p{items[0].pk}": jpeg_upload(),
    }
    client.post(reverse("inspections:fill", args=[visit.pk]), data)
    client.logout()
    return visit


def urls(visit):
    photo = InspectionPhoto.objects.get(item__inspection=visit)
    return {
        "detail": reverse("inspections:detail", args=[visit.pk]),
        "fill": reverse("inspections:fill", args=[visit.pk]),
        "photo": reverse("inspections:photo", args=[photo.pk]),
        "thumb": reverse("inspections:photo", args=[photo.pk]) + "?thumb=1",
    }


def test_the_bureau_records_a_failed_item_on_a_visit(visit):
    visit.refresh_from_db()
    first = visit.items.order_by("order").first()
    assert visit.state == InspectionState.IN_PROGRESS
    assert (first.result, first.note) == (ItemResult.FAIL, "门卫未登记来访人员")
    assert first.photos.count() == 1


def test_the_school_sees_nothing_of_an_unpublished_visit(client, visit, alice, principal, inspector):
    for stage in ("in progress", "done"):
        if stage == "done":
            client.force_login(inspector)
            client.post(reverse("inspections:finish", args=[visit.pk]), {"summary": "门卫管理松懈"})
            visit.refresh_from_db()
            assert visit.state == InspectionState.DONE
        for user in (alice, principal):
            client.force_login(user)
            for name, url in urls(visit).items():
                assert client.get(url).status_code == 404, f"{user} reached the {name} of a secret visit"
            assert client.post(urls(visit)["fill"], {}).status_code == 404
            listed = client.get(LIST)
            assert visit not in listed.context["page"].object_list
            assert "暗访组" not in listed.content.decode()


def test_publishing_shows_the_visit_to_the_school(client, visit, alice, principal, inspector):
    client.force_login(inspector)
    client.post(reverse("inspections:finish", args=[visit.pk]), {"summary": "门卫管理松懈"})

    response = client.post(reverse("inspections:publish", args=[visit.pk]))

    assert response.url == urls(visit)["detail"]
    visit.refresh_from_db()
    assert visit.state == InspectionState.PUBLISHED and visit.published_at is not None
    for user in (alice, principal):
        client.force_login(user)
        detail = client.get(urls(visit)["detail"])
        assert detail.status_code == 200
        assert "门卫未登记来访人员" in detail.content.decode()
        assert client.get(urls(visit)["photo"]).status_code == 200
        assert client.get(urls(visit)["thumb"])["Content-Type"] == "image/jpeg"
        assert visit in client.get(LIST).context["page"].object_list
        # Seen, but not the school's to change.
        assert client.get(urls(visit)["fill"]).status_code == 403


def test_a_visit_is_published_only_once_finished(client, visit, inspector):
    client.force_login(inspector)

    response = client.post(reverse("inspections:publish", args=[visit.pk]))

    assert response.url == urls(visit)["detail"]
    visit.refresh_from_db()
    assert visit.state == InspectionState.IN_PROGRESS


def test_the_detail_page_offers_publishing_to_the_bureau_only_when_done(client, visit, inspector, bob):
    client.force_login(inspector)
    assert client.get(urls(visit)["detail"]).context["can_publish"] is False
    client.post(reverse("inspections:finish", args=[visit.pk]))

    for user in (inspector, bob):
        client.force_login(user)
        detail = client.get(urls(visit)["detail"])
        assert detail.context["can_publish"] is True
        assert reverse("inspections:publish", args=[visit.pk]) in detail.content.decode()


def test_a_school_cannot_publish(client, visit, alice, principal):
    for user in (alice, principal):
        client.force_login(user)
        assert client.post(reverse("inspections:publish", args=[visit.pk])).status_code == 403


def test_another_bureau_gets_404_for_the_visit_and_its_photo(client, visit):
    outsider = member(Role.BUREAU_ADMIN, BureauFactory())
    client.force_login(outsider)

    for url in urls(visit).values():
        assert client.get(url).status_code == 404
