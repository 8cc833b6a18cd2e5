"""Recording a hazard (R4.5): the form, its refusals, its photos, and hazards made from failed check items.

The clock stands at 2026-05-20 10:00 Beijing time.
"""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from hazards import services as hazard_services
from hazards.enums import HazardAction, HazardSource, HazardState, PhotoKind
from hazards.models import Hazard
from inspections import services as inspection_services
from schools.enums import Role
from tests.factories import CampaignFactory, SchoolFactory, jpeg_upload, member

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)
CREATE = reverse("hazards:create")


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def _posted(**overrides):
    """What a safety officer sends for a hazard that needs a plan; `None` leaves a field out."""
    data = {
        "area": "fire",
        "description": "疏散通道堆放杂物",
        "location": "教学楼一层东侧",
        "source": "self_report",
        "found_by": "张安全",
        "found_at": "2026-05-20T09:30",
        "severity": "general",
        "outcome": "plan",
        "interim_measures": "设置警示标志",
        "rectification_plan": "清理杂物，张贴禁止堆放标识",
        "responsible_person": "李副校长",
        "deadline": "2026-05-25",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def _form(response):
    assert response.status_code == 200
    return response.context["form"]


# --- The form as a school user sees it ------------------------------------------------------------


def test_the_form_starts_with_the_user_and_now(client, alice):
    client.force_login(alice)
    form = _form(client.get(CREATE))
    assert "school" not in form.fields  # a school records for itself
    assert form["found_by"].value() == "张安全"
    assert form["found_at"].value().astimezone(SHANGHAI) == NOW.replace(second=0)
    assert form["source"].value() == HazardSource.SELF_REPORT
    assert [value for value, _label in form.fields["outcome"].choices] == ["on_spot", "plan"]


def test_it_records_a_hazard_with_a_plan(client, alice, school):
    client.force_login(alice)
    response = client.post(CREATE, _posted(found_photos=[jpeg_upload(), jpeg_upload(color="blue")]))
    found = Hazard.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("hazards:detail", args=[found.pk])
    assert (found.school, found.state, found.created_by) == (school, HazardState.RECTIFYING, alice)
    assert found.deadline == date(2026, 5, 25)
    assert found.responsible_person == "李副校长"
    assert found.found_at == datetime(2026, 5, 20, 9, 30, tzinfo=SHANGHAI)
    assert [photo.kind for photo in found.photos.all()] == [PhotoKind.FOUND, PhotoKind.FOUND]
    event = found.events.get()
    assert (event.action, event.to_state, event.by) == (HazardAction.PLANNED, HazardState.RECTIFYING, alice)


@pytest.mark.parametrize(
    "missing", ["interim_measures", "rectification_plan", "responsible_person", "deadline"]
)
def test_a_plan_needs_all_four_and_keeps_what_was_typed(client, alice, missing):
    client.force_login(alice)
    form = _form(client.post(CREATE, _posted(**{missing: ""})))
    assert list(form.errors) == [missing]
    assert form.errors.as_data()[missing][0].code == "required"
    assert not Hazard.objects.exists()
    # Everything typed comes back.
    assert form["description"].value() == "疏散通道堆放杂物"
    assert form["location"].value() == "教学楼一层东侧"
    kept = {"interim_measures", "rectification_plan", "responsible_person", "deadline"} - {missing}
    assert all(form[name].value() for name in kept)


def test_a_plan_with_nothing_says_so_on_each_field(client, alice):
    client.force_login(alice)
    blank = {
        name: "" for name in ("interim_measures", "rectification_plan", "responsible_person", "deadline")
    }
    form = _form(client.post(CREATE, _posted(**blank)))
    assert set(form.errors) == set(blank)


def test_a_deadline_in_the_past_is_refused(client, alice):
    client.force_login(alice)
    form = _form(client.post(CREATE, _posted(deadline="2026-05-19")))
    assert list(form.errors) == ["deadline"]
    assert not Hazard.objects.exists()


def test_a_deadline_of_today_is_accepted(client, alice):
    client.force_login(alice)
    client.post(CREATE, _posted(deadline="2026-05-20"))
    assert Hazard.objects.get().deadline == date(2026, 5, 20)


def test_an_outcome_must_be_chosen(client, alice):
    client.force_login(alice)
    form = _form(client.post(CREATE, _posted(outcome=None)))
    assert list(form.errors) == ["outcome"]


def test_found_in_the_future_is_refused(client, alice):
    client.force_login(alice)
    form = _form(client.post(CREATE, _posted(found_at="2026-05-20T11:00")))
    assert list(form.errors) == ["found_at"]


def test_rectified_on_the_spot_without_an_after_photo_is_refused(client, alice):
    client.force_login(alice)
    form = _form(client.post(CREATE, _posted(outcome="on_spot", found_photos=[jpeg_upload()])))
    assert list(form.errors) == ["after_photos"]
    assert not Hazard.objects.exists()
    assert client.post(CREATE, _posted(outcome="on_spot")).context["photos_lost"] is False


def test_the_form_says_chosen_photos_must_be_chosen_again(client, alice):
    client.force_login(alice)
    response = client.post(CREATE, _posted(outcome="on_spot", found_photos=[jpeg_upload()]))
    assert response.context["photos_lost"] is True


def test_rectified_on_the_spot_goes_to_the_bureau_for_verification(client, alice):
    client.force_login(alice)
    # The plan fields are not needed, and what was typed in them is not kept.
    client.post(CREATE, _posted(outcome="on_spot", after_photos=[jpeg_upload()], interim_measures=""))
    found = Hazard.objects.get()
    assert found.state == HazardState.AWAITING_VERIFICATION
    assert found.rectified_on_spot is True
    assert (found.deadline, found.rectification_plan) == (None, "")
    assert [photo.kind for photo in found.photos.all()] == [PhotoKind.AFTER]
    assert found.events.get().action == HazardAction.RECTIFIED_ON_SPOT


def test_a_school_user_cannot_leave_the_plan_to_later(client, alice):
    client.force_login(alice)
    form = _form(client.post(CREATE, _posted(outcome="school_plans")))
    assert list(form.errors) == ["outcome"]


# --- Photos are checked by what they are ----------------------------------------------------------


def _png_upload():
    stream = BytesIO()
    Image.new("RGBA", (40, 30), (255, 0, 0, 128)).save(stream, "PNG")
    return SimpleUploadedFile("snap.png", stream.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg"),
        SimpleUploadedFile(
            "photo.jpg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            content_type="image/jpeg",
        ),
        SimpleUploadedFile(
            "photo.svg", b'<svg><script>alert("x")</script></svg>', content_type="image/svg+xml"
        ),
        SimpleUploadedFile("photo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", content_type="image/gif"),
    ],
    ids=["exe-as-jpg", "svg-as-jpg", "svg", "gif"],
)
def test_a_file_that_is_not_a_photo_is_refused_and_the_input_kept(client, alice, upload):
    client.force_login(alice)
    response = client.post(CREATE, _posted(found_photos=[jpeg_upload(), upload]))
    form = _form(response)
    assert list(form.errors) == ["found_photos"]
    assert form.errors.as_data()["found_photos"][0].code == "bad_type"
    assert upload.name in form.errors["found_photos"][0]
    assert form["description"].value() == "疏散通道堆放杂物"
    assert response.context["photos_lost"] is True
    assert not Hazard.objects.exists()


def test_a_bad_after_photo_is_refused(client, alice):
    client.force_login(alice)
    bad = SimpleUploadedFile("after.jpg", b"MZ" + b"\x00" * 100, content_type="image/jpeg")
    form = _form(client.post(CREATE, _posted(outcome="on_spot", after_photos=[bad])))
    assert list(form.errors) == ["after_photos"]


def test_a_png_is_kept_as_a_png_and_gets_a_thumbnail(client, alice):
    client.force_login(alice)
    client.post(CREATE, _posted(found_photos=[_png_upload()]))
    photo = Hazard.objects.get().photos.get()
    assert photo.image.read(8) == b"\x89PNG\r\n\x1a\n"
    assert photo.thumbnail.name != photo.image.name


def test_at_most_nine_photos(client, alice):
    client.force_login(alice)
    form = _form(client.post(CREATE, _posted(found_photos=[jpeg_upload() for _ in range(10)])))
    assert form.errors.as_data()["found_photos"][0].code == "too_many"


# --- The bureau ------------------------------------------------------------------------------------


def test_the_bureau_chooses_among_its_schools(client, bob, school, charlie):
    client.force_login(bob)
    form = _form(client.get(CREATE))
    assert set(form.fields["school"].queryset) == {school, charlie.membership.school}
    assert [value for value, _label in form.fields["source"].choices] == ["inspection", "tip_off"]
    assert "school_plans" in dict(form.fields["outcome"].choices)


def test_the_bureau_may_leave_the_plan_to_the_school(client, bob, school):
    client.force_login(bob)
    client.post(
        CREATE, _posted(school=school.pk, source="tip_off", outcome="school_plans", interim_measures="")
    )
    found = Hazard.objects.get()
    assert (found.school, found.state, found.source) == (school, HazardState.REPORTED, HazardSource.TIP_OFF)
    assert found.deadline is None


def test_the_bureau_cannot_record_for_another_bureaus_school(client, bob):
    elsewhere = SchoolFactory()
    client.force_login(bob)
    form = _form(client.post(CREATE, _posted(school=elsewhere.pk, source="inspection")))
    assert list(form.errors) == ["school"]
    assert not Hazard.objects.exists()


def test_a_campaign_can_be_chosen_only_among_the_users(client, alice, school):
    mine = CampaignFactory(bureau=school.bureau)
    other = CampaignFactory(bureau=school.bureau, covers=[SchoolFactory(bureau=school.bureau)])
    client.force_login(alice)
    assert _form(client.post(CREATE, _posted(campaign=other.pk))).errors.keys() == {"campaign"}
    client.post(CREATE, _posted(campaign=mine.pk))
    assert Hazard.objects.get().campaign == mine


def test_duty_staff_and_viewers_cannot_record(client, school, bureau):
    for user in (member(Role.DUTY_STAFF, school), member(Role.BUREAU_VIEWER, bureau)):
        client.force_login(user)
        assert client.get(CREATE).status_code == 403


# --- From a failed inspection item ----------------------------------------------------------------


@pytest.fixture
def self_inspection(principal, school):
    """The principal's self-inspection of fire safety with its first item failed."""
    inspection_services.templates_install_defaults(bureau=school.bureau)
    campaign = CampaignFactory(bureau=school.bureau)
    inspection = inspection_services.inspection_start(
        school=school, by=principal, kind="self", date=date(2026, 5, 18), areas=["fire"], leader=principal,
        campaign=campaign,
    )  # fmt: skip
    items = list(inspection.items.all())
    inspection_services.inspection_record(
        inspection=inspection, results={items[0].pk: ("fail", "灭火器过期两个月"), items[1].pk: ("pass", "")}
    )
    return inspection


def _item(inspection, index=0):
    return list(inspection.items.all())[index]


def test_a_failed_item_fills_in_the_form(client, alice, self_inspection):
    item = _item(self_inspection)
    client.force_login(alice)
    response = client.get(CREATE, {"item": item.pk})
    form = _form(response)
    assert response.context["item"] == item
    assert form["area"].value() == "fire"
    assert form["description"].value() == f"{item.text}\n灭火器过期两个月"
    assert form["source"].value() == HazardSource.INSPECTION
    assert form.fields["source"].disabled
    assert form["campaign"].value() == self_inspection.campaign_id
    assert form["found_by"].value() == "王校长"  # the principal led it
    assert form["found_at"].value().date() == date(2026, 5, 18)


def test_a_hazard_from_an_item_is_linked_to_it(client, alice, school, self_inspection):
    item = _item(self_inspection)
    client.force_login(alice)
    data = _posted(source="tip_off", found_at="2026-05-18T10:00", campaign=self_inspection.campaign_id)
    response = client.post(f"{CREATE}?item={item.pk}", data)
    found = Hazard.objects.get()
    assert response.url == reverse("hazards:detail", args=[found.pk])
    assert found.inspection_item == item
    assert found.source == HazardSource.INSPECTION  # the item's source, whatever was posted
    assert (found.school, found.campaign) == (school, self_inspection.campaign)


def test_an_item_already_in_the_register_leads_to_its_hazard(client, alice, school, self_inspection):
    item = _item(self_inspection)
    details = {"area": "fire", "description": item.text, "location": "食堂", "source": "inspection",
               "found_by": "王校长", "found_at": NOW, "severity": "general"}  # fmt: skip
    existing = hazard_services.hazard_record(school=school, by=alice, details=details, inspection_item=item)
    client.force_login(alice)
    response = client.get(CREATE, {"item": item.pk})
    assert response.status_code == 302
    assert response.url == reverse("hazards:detail", args=[existing.pk])
    client.post(f"{CREATE}?item={item.pk}", _posted())
    assert Hazard.objects.count() == 1


def test_an_item_that_passed_is_not_a_hazard(client, alice, self_inspection):
    client.force_login(alice)
    response = client.get(CREATE, {"item": _item(self_inspection, 1).pk})
    assert response.status_code == 302
    assert response.url == reverse("inspections:detail", args=[self_inspection.pk])
    assert not Hazard.objects.exists()


def test_another_schools_item_is_not_found(client, charlie, self_inspection):
    client.force_login(charlie)
    assert client.get(CREATE, {"item": _item(self_inspection).pk}).status_code == 404
    assert client.get(CREATE, {"item": "x"}).status_code == 404


def test_the_bureau_does_not_record_a_schools_self_inspection_items(client, bob, self_inspection):
    client.force_login(bob)
    assert client.get(CREATE, {"item": _item(self_inspection).pk}).status_code == 403


@pytest.fixture
def bureau_inspection(inspector, school):
    inspection_services.templates_install_defaults(bureau=school.bureau)
    inspection = inspection_services.inspection_start(
        school=school,
        by=inspector,
        kind="bureau",
        date=date(2026, 5, 19),
        areas=["food"],
        leader_name="督查组",
    )
    item = inspection.items.first()
    inspection_services.inspection_record(inspection=inspection, results={item.pk: ("fail", "")})
    return inspection


def test_the_bureau_records_its_own_inspections_items(client, bob, school, bureau_inspection):
    item = bureau_inspection.items.first()
    client.force_login(bob)
    form = _form(client.get(CREATE, {"item": item.pk}))
    assert form["school"].value() == school.pk
    assert form.fields["school"].disabled
    assert form["found_by"].value() == "督查组"
    assert form["description"].value() == item.text
    client.post(f"{CREATE}?item={item.pk}", _posted(area="food", outcome="school_plans", source="inspection"))
    found = Hazard.objects.get()
    assert (found.inspection_item, found.school, found.state) == (item, school, HazardState.REPORTED)


def test_a_school_does_not_record_the_bureaus_inspection_items(client, alice, bureau_inspection):
    client.force_login(alice)
    assert client.get(CREATE, {"item": bureau_inspection.items.first().pk}).status_code == 403
