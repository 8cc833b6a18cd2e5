"""Who reaches a hazard and its photos (R4.10): another school gets 404 and changes nothing, the wrong
role gets 403, and photos are served only to those who may see the hazard."""

from datetime import date

import pytest
from django.urls import reverse

from hazards import services
from hazards.enums import HazardState
from hazards.models import ExtensionRequest, Hazard
from inspections import services as inspection_services
from schools.enums import Role
from tests.factories import BureauFactory, hazard, member, photo

RECORD = {"note": "已整改", "recurred": "1", "decision": "verify", "reason": "延期", "observation": "正常"}


@pytest.fixture
def found(school, alice):
    """A major hazard of alice's school under rectification, with a photo and a pending extension."""
    item = hazard(school, by=alice, severity="major")
    services._add_photos(item, [photo()], "found", alice)
    services.extension_request(hazard=item, by=alice, requested_deadline=date(2026, 6, 30), reason="材料未到")
    return item


def _actions(found):
    extension = found.extension_requests.get()
    return {
        "plan": ("get", reverse("hazards:plan", args=[found.pk])),
        "rectify": ("post", reverse("hazards:rectify", args=[found.pk])),
        "extension": ("get", reverse("hazards:extension", args=[found.pk])),
        "watch": ("post", reverse("hazards:watch", args=[found.pk])),
        "verify": ("post", reverse("hazards:verify", args=[found.pk])),
        "supervise": ("post", reverse("hazards:supervise", args=[found.pk])),
        "recheck": ("post", reverse("hazards:recheck", args=[found.pk])),
        "extension_decide": ("post", reverse("hazards:extension_decide", args=[extension.pk])),
    }


SCHOOL_ACTIONS = ("plan", "rectify", "extension", "watch")
BUREAU_ACTIONS = ("verify", "supervise", "recheck", "extension_decide", "watch")


def _snapshot(found):
    found.refresh_from_db()
    extension = found.extension_requests.get()
    return (found.state, found.supervised, found.deadline, found.events.count(), extension.state)


def test_another_school_gets_404_for_the_page_the_photo_and_every_step(client, charlie, found):
    before = _snapshot(found)
    client.force_login(charlie)
    assert client.get(reverse("hazards:detail", args=[found.pk])).status_code == 404
    assert client.get(reverse("hazards:photo", args=[found.photos.get().pk])).status_code == 404
    actions = _actions(found)
    for name in SCHOOL_ACTIONS:
        method, path = actions[name]
        response = getattr(client, method)(path, RECORD)
        assert response.status_code == 404, name
    assert _snapshot(found) == before


def test_another_bureau_gets_404_for_every_step(client, found):
    stranger = member(Role.BUREAU_ADMIN, BureauFactory())
    before = _snapshot(found)
    client.force_login(stranger)
    assert client.get(reverse("hazards:detail", args=[found.pk])).status_code == 404
    assert client.get(reverse("hazards:photo", args=[found.photos.get().pk])).status_code == 404
    actions = _actions(found)
    for name in BUREAU_ACTIONS:
        method, path = actions[name]
        assert getattr(client, method)(path, RECORD).status_code == 404, name
    assert _snapshot(found) == before


def test_a_school_cannot_do_the_bureaus_steps(client, alice, found):
    before = _snapshot(found)
    client.force_login(alice)
    actions = _actions(found)
    for name in ("verify", "supervise", "recheck", "extension_decide"):
        method, path = actions[name]
        assert getattr(client, method)(path, RECORD).status_code == 403, name
    assert _snapshot(found) == before


def test_the_bureau_cannot_do_the_schools_steps(client, bob, found):
    client.force_login(bob)
    actions = _actions(found)
    for name in ("plan", "rectify", "extension"):
        method, path = actions[name]
        assert getattr(client, method)(path, RECORD).status_code == 403, name
    assert found.events.count() == 2  # planned, extension requested
    assert ExtensionRequest.objects.count() == 1


def test_a_bureau_viewer_only_reads(client, bureau, found):
    viewer = member(Role.BUREAU_VIEWER, bureau)
    client.force_login(viewer)
    assert client.get(reverse("hazards:detail", args=[found.pk])).status_code == 200
    for name, (method, path) in _actions(found).items():
        assert getattr(client, method)(path, RECORD).status_code == 403, name


# --- Photos ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob", "principal", "inspector"])
def test_the_photo_is_served_to_those_who_see_the_hazard(client, found, who, request):
    client.force_login(request.getfixturevalue(who))
    stored = found.photos.get()
    response = client.get(reverse("hazards:photo", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xff\xd8\xff")
    assert body == stored.image.open("rb").read()


def test_the_thumbnail(client, alice, found):
    client.force_login(alice)
    stored = found.photos.get()
    response = client.get(reverse("hazards:photo", args=[stored.pk]), {"thumb": "1"})
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == stored.thumbnail.open("rb").read()


def test_a_photo_that_does_not_exist_is_404(client, alice, found):
    client.force_login(alice)
    assert client.get(reverse("hazards:photo", args=[found.photos.get().pk + 100])).status_code == 404


def test_a_photo_missing_from_storage_is_404(client, alice, found):
    stored = found.photos.get()
    stored.image.storage.delete(stored.image.name)
    client.force_login(alice)
    assert client.get(reverse("hazards:photo", args=[stored.pk])).status_code == 404


# --- An unannounced visit's hazards stay with the bureau until it publishes the visit -------------


def test_a_hazard_of_an_unpublished_visit_is_hidden_from_the_school(client, alice, bob, inspector, school):
    inspection_services.templates_install_defaults(bureau=school.bureau)
    visit = inspection_services.inspection_start(
        school=school,
        by=inspector,
        kind="unannounced",
        date=date(2026, 5, 19),
        areas=["fire"],
        leader_name="暗访组",
    )
    items = list(visit.items.all())
    results = {item.pk: ("fail" if index == 0 else "pass", "") for index, item in enumerate(items)}
    inspection_services.inspection_record(inspection=visit, results=results)
    client.force_login(bob)
    create = reverse("hazards:create")
    client.post(
        f"{create}?item={items[0].pk}",
        {"area": "fire", "description": "消防通道堵塞", "location": "后门", "found_by": "暗访组",
         "found_at": "2026-05-19T10:00", "severity": "general", "outcome": "school_plans"},
    )  # fmt: skip
    found = Hazard.objects.get()
    assert found.state == HazardState.REPORTED
    services._add_photos(found, [photo()], "found", bob)

    client.force_login(alice)
    assert client.get(reverse("hazards:detail", args=[found.pk])).status_code == 404
    assert client.get(reverse("hazards:photo", args=[found.photos.get().pk])).status_code == 404
    assert client.get(reverse("hazards:ledger")).context["counts"]["total"] == 0

    inspection_services.inspection_finish(inspection=visit, by=inspector)
    inspection_services.inspection_publish(inspection=visit, by=inspector)
    assert client.get(reverse("hazards:detail", args=[found.pk])).status_code == 200
    assert client.get(reverse("hazards:photo", args=[found.photos.get().pk])).status_code == 200
