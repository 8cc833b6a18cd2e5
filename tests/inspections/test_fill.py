"""Filling in an inspection on a phone (R3.2): results, notes and photos saved as the inspectors
walk, finishing it, and what each side may fill."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hazards import services as hazard_services
from inspections import services
from inspections.checklists import DEFAULT_ITEMS
from inspections.enums import InspectionKind, InspectionState, ItemResult
from inspections.models import InspectionPhoto
from plans.enums import FocusArea
from tests.factories import jpeg_upload, photo

# The start of a Windows executable, renamed to .jpg: what the content check must refuse.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
DAY = datetime.date(2026, 5, 18)


@pytest.fixture
def inspection(school, principal, alice):
    """Alice's self-inspection of fire safety, led by the principal: six items, none checked."""
    services.templates_install_defaults(bureau=school.bureau)
    return services.inspection_start(
        school=school, by=alice, kind=InspectionKind.SELF, date=DAY, areas=["fire"], leader=principal
    )


@pytest.fixture
def bureau_inspection(school, inspector):
    services.templates_install_defaults(bureau=school.bureau)
    return services.inspection_start(
        school=school,
        by=inspector,
        kind=InspectionKind.BUREAU,
        date=DAY,
        areas=["food"],
        leader_name="赵督查",
    )


def items_of(inspection):
    return list(inspection.items.order_by("order", "pk"))


def fill_url(inspection):
    return reverse("inspections:fill", args=[inspection.pk])


def detail_url(inspection):
    return reverse("inspections:detail", args=[inspection.pk])


def test_the_fill_page_shows_every_item_with_three_choices_a_note_and_a_camera(client, alice, inspection):
    client.force_login(alice)

    response = client.get(fill_url(inspection))

    assert response.status_code == 200
    html = response.content.decode()
    for item, text in zip(items_of(inspection), DEFAULT_ITEMS[FocusArea.FIRE], strict=True):
        assert item.text == text and text in html
        assert f'id="item-{item.pk}"' in html
        for value in ("pass", "fail", "na"):
            assert f'name="r{item.pk}" value="{value}" class="btn-check"' in html
        assert f'name="n{item.pk}"' in html
        assert f'type="file" name="p{item.pk}" accept="image/*" capture="environment"' in html
    assert html.count(" multiple") >= 6
    assert 'enctype="multipart/form-data"' in html
    assert "style=" not in html and "<script>" not in html  # a strict CSP comes later


def test_it_saves_results_notes_and_a_photo_in_one_post_and_goes_on_at_the_next_item(
    client, alice, inspection
):
    client.force_login(alice)
    items = items_of(inspection)
    data = {
        f"r{items[0].pk}": "pass",
        f"r{items[1].pk}": "fail",
        f"n{items[1].pk}": "二楼东侧安全出口被铁链锁闭",
        f"p{items[1].pk}": [jpeg_upload("IMG_0001.jpg"), jpeg_upload("IMG_0002.jpg", color="blue")],
        f"r{items[2].pk}": "na",
        "action": "save",
    }

    response = client.post(fill_url(inspection), data)

    assert response.status_code == 302
    assert response.url == f"{fill_url(inspection)}?saved=1#item-{items[3].pk}"
    saved = items_of(inspection)
    assert [(i.result, i.note) for i in saved[:4]] == [
        (ItemResult.PASS, ""),
        (ItemResult.FAIL, "二楼东侧安全出口被铁链锁闭"),
        (ItemResult.NOT_APPLICABLE, ""),
        ("", ""),
    ]
    photos = list(InspectionPhoto.objects.filter(item=items[1]))
    assert len(photos) == 2
    for stored in photos:
        assert stored.image.read(3) == b"\xff\xd8\xff"  # re-encoded JPEG under a random name
        assert "IMG_0001" not in stored.image.name and stored.thumbnail.name
    assert InspectionPhoto.objects.count() == 2
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.IN_PROGRESS
    assert client.get(response.url).context["saved"] is True  # "Saved" shows in the bar at the bottom


def test_a_bad_photo_is_refused_and_the_typed_results_are_kept(client, alice, inspection):
    client.force_login(alice)
    items = items_of(inspection)
    data = {
        f"r{items[0].pk}": "pass",
        f"r{items[1].pk}": "fail",
        f"n{items[1].pk}": "灭火器压力不足",
        f"p{items[1].pk}": SimpleUploadedFile("photo.jpg", EXECUTABLE, content_type="image/jpeg"),
    }

    response = client.post(fill_url(inspection), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [f"p{items[1].pk}"]
    assert form[f"r{items[1].pk}"].value() == "fail"
    html = response.content.decode()
    assert "灭火器压力不足" in html
    assert f'name="r{items[0].pk}" value="pass" class="btn-check" id="id_r{items[0].pk}_0" checked' in html
    assert response.context["photos_lost"] is True
    assert [i.result for i in items_of(inspection)] == [""] * 6
    assert not InspectionPhoto.objects.exists()


def test_only_what_this_phone_changed_is_saved(client, alice, principal, inspection):
    """Two inspectors walk the school with the page open since the start; each saves their part."""
    items = items_of(inspection)
    client.force_login(principal)
    client.post(fill_url(inspection), {f"r{items[0].pk}": "fail", f"n{items[0].pk}": "灭火器过期"})

    # Alice's page still shows item 1 unchecked: its hidden initial says so, and she left it alone.
    client.force_login(alice)
    untouched = {f"initial-r{items[0].pk}": "", f"initial-n{items[0].pk}": "", f"n{items[0].pk}": ""}
    client.post(fill_url(inspection), {**untouched, f"r{items[1].pk}": "pass"})

    saved = items_of(inspection)
    assert (saved[0].result, saved[0].note) == (ItemResult.FAIL, "灭火器过期")
    assert saved[1].result == ItemResult.PASS


def test_saving_with_every_item_checked_goes_to_finishing(client, alice, inspection):
    client.force_login(alice)
    data = {f"r{item.pk}": "pass" for item in items_of(inspection)}

    response = client.post(fill_url(inspection), data)

    assert response.url == f"{fill_url(inspection)}?saved=1#finish"


def test_finishing_is_refused_while_items_are_unchecked_then_allowed(client, alice, inspection):
    client.force_login(alice)
    items = items_of(inspection)
    client.post(fill_url(inspection), {f"r{items[0].pk}": "pass", f"r{items[1].pk}": "fail"})
    finish = reverse("inspections:finish", args=[inspection.pk])

    refused = client.post(finish, {"summary": "总体良好"})

    assert refused.url == detail_url(inspection)
    assert [str(m) for m in get_messages(refused.wsgi_request)][-1].count("4") == 1  # 4 items left
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.IN_PROGRESS

    client.post(fill_url(inspection), {f"r{item.pk}": "pass" for item in items[2:]})
    allowed = client.post(finish, {"summary": "消防通道锁闭问题已要求立即整改"})

    assert allowed.url == detail_url(inspection)
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.DONE
    assert inspection.summary == "消防通道锁闭问题已要求立即整改"
    assert inspection.finished_at is not None


def test_save_and_finish_from_the_fill_page(client, alice, inspection):
    client.force_login(alice)
    items = items_of(inspection)
    data = {f"r{item.pk}": "pass" for item in items} | {"action": "finish", "summary": "未发现问题"}

    response = client.post(fill_url(inspection), data)

    assert response.url == detail_url(inspection)
    inspection.refresh_from_db()
    assert (inspection.state, inspection.summary) == (InspectionState.DONE, "未发现问题")


def test_save_and_finish_with_items_left_saves_and_stays_on_the_page(client, alice, inspection):
    client.force_login(alice)
    items = items_of(inspection)

    response = client.post(fill_url(inspection), {f"r{items[0].pk}": "pass", "action": "finish"})

    assert response.url == f"{fill_url(inspection)}#item-{items[1].pk}"
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.IN_PROGRESS
    assert items_of(inspection)[0].result == ItemResult.PASS


def test_a_finished_inspection_is_read_only(client, alice, inspection):
    client.force_login(alice)
    items = items_of(inspection)
    services.inspection_record(inspection=inspection, results={i.pk: ("pass", "") for i in items})
    services.inspection_finish(inspection=inspection, by=alice)

    posted = client.post(fill_url(inspection), {f"r{items[0].pk}": "fail", f"n{items[0].pk}": "改"})
    shown = client.get(fill_url(inspection))
    finished_again = client.post(reverse("inspections:finish", args=[inspection.pk]), {"summary": "改"})

    assert posted.status_code == 409
    assert shown.status_code == 302 and shown.url == detail_url(inspection)
    assert finished_again.url == detail_url(inspection)
    assert [(i.result, i.note) for i in items_of(inspection)] == [("pass", "")] * 6
    inspection.refresh_from_db()
    assert inspection.summary == ""


def test_a_bureau_user_cannot_fill_a_self_inspection(client, bob, inspector, inspection):
    items = items_of(inspection)
    for user in (bob, inspector):
        client.force_login(user)
        assert client.get(fill_url(inspection)).status_code == 403
        assert client.post(fill_url(inspection), {f"r{items[0].pk}": "fail"}).status_code == 403
        assert client.post(reverse("inspections:finish", args=[inspection.pk])).status_code == 403
        assert client.get(detail_url(inspection)).status_code == 200  # but may read it
    assert items_of(inspection)[0].result == ""


def test_a_school_user_cannot_fill_a_bureau_inspection(client, alice, principal, bureau_inspection):
    items = items_of(bureau_inspection)
    for user in (alice, principal):
        client.force_login(user)
        assert client.get(fill_url(bureau_inspection)).status_code == 403
        assert client.post(fill_url(bureau_inspection), {f"r{items[0].pk}": "pass"}).status_code == 403
    assert items_of(bureau_inspection)[0].result == ""


def test_another_school_gets_404(client, charlie, inspection):
    client.force_login(charlie)

    assert client.get(fill_url(inspection)).status_code == 404
    assert client.get(detail_url(inspection)).status_code == 404


def test_a_failed_item_links_to_recording_it_as_a_hazard(client, alice, inspection, school):
    client.force_login(alice)
    items = items_of(inspection)
    services.inspection_record(
        inspection=inspection,
        results={
            items[0].pk: ("fail", "灭火器过期"),
            items[1].pk: ("fail", "通道堵塞"),
            items[2].pk: ("pass", ""),
        },
    )
    recorded = hazard_services.hazard_record(
        school=school,
        by=alice,
        inspection_item=items[1],
        details={
            "area": "fire", "description": "通道堵塞", "location": "教学楼一层", "source": "inspection",
            "found_by": "张安全", "found_at": timezone.now(), "severity": "general",
        },
    )  # fmt: skip

    fill = client.get(fill_url(inspection)).content.decode()
    detail = client.get(detail_url(inspection)).content.decode()

    create = reverse("hazards:create")
    for html in (fill, detail):
        assert f'href="{create}?item={items[0].pk}"' in html
        assert f'href="{reverse("hazards:detail", args=[recorded.pk])}"' in html
        assert f"{create}?item={items[1].pk}" not in html  # already a hazard
        assert f"{create}?item={items[2].pk}" not in html  # passed


def test_the_detail_page_shows_results_notes_and_photo_thumbnails(client, alice, bob, inspection):
    items = items_of(inspection)
    services.inspection_record(
        inspection=inspection, results={items[0].pk: ("fail", "灭火器过期")}, photos={items[0].pk: [photo()]}
    )
    stored = InspectionPhoto.objects.get()
    client.force_login(bob)

    response = client.get(detail_url(inspection))

    html = response.content.decode()
    assert response.context["counts"] == {
        "total": 6,
        "checked": 1,
        "passed": 0,
        "failed": 1,
        "not_applicable": 0,
    }
    assert "灭火器过期" in html and items[5].text in html
    assert f'href="{reverse("inspections:photo", args=[stored.pk])}"' in html
    assert f'src="{reverse("inspections:photo", args=[stored.pk])}?thumb=1"' in html
    assert response.context["can_fill"] is False  # the bureau reads a school's self-inspection


def test_photos_are_served_inline_as_what_they_are(client, alice, inspection):
    items = items_of(inspection)
    services.inspection_record(inspection=inspection, results={}, photos={items[0].pk: [photo()]})
    stored = InspectionPhoto.objects.get()
    client.force_login(alice)
    url = reverse("inspections:photo", args=[stored.pk])

    full = client.get(url)
    thumb = client.get(url, {"thumb": "1"})

    assert full["Content-Type"] == thumb["Content-Type"] == "image/jpeg"
    assert "attachment" not in full.get("Content-Disposition", "")
    assert b"".join(full.streaming_content) == stored.image.open("rb").read()
    assert b"".join(thumb.streaming_content) == stored.thumbnail.open("rb").read()


def test_detail_page_queries_do_not_grow_with_photos(
    client, alice, inspection, django_assert_max_num_queries
):
    items = items_of(inspection)
    services.inspection_record(
        inspection=inspection, results={}, photos={item.pk: [photo(), photo("blue")] for item in items}
    )
    client.force_login(alice)

    with django_assert_max_num_queries(7):
        client.get(detail_url(inspection))
    with django_assert_max_num_queries(7):
        client.get(fill_url(inspection))
