"""Incident reports (R8.2): the first report from a phone, the written report, the acknowledgement.

The clock stands at 2026-05-22 10:00 Beijing time unless a test moves it.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duty import services
from duty.models import Incident, IncidentAttachment
from schools.enums import Role
from tests.factories import BureauFactory, SchoolFactory, member

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 5, 22, 10, 0, tzinfo=SHANGHAI)
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# The start of a Windows executable: what a renamed .exe looks like to the content check.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
CREATE = reverse("duty:incident_create")


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def staff(school):
    """The school's duty staff member, who takes the first report at night."""
    return member(Role.DUTY_STAFF, school, username="duty", full_name="王值班")


@pytest.fixture
def inspector(bureau):
    return member(Role.BUREAU_INSPECTOR, bureau, username="inspector", full_name="赵督查")


def first_report(**changes):
    """The first report as the phone posts it; a change of None leaves the field out."""
    data = {
        "category": "injury",
        "severity": "major",
        "occurred_at": "2026-05-22T09:50",
        "summary": "学生课间在操场摔伤，已送医",
        "reported_at": "2026-05-22T10:00",
        "reported_by_name": "王值班",
        "received_by_name": "李安办",
        **changes,
    }
    return {name: value for name, value in data.items() if value is not None}


def reported(school, **fields):
    values = {
        "school": school, "by": None, "category": "fire", "severity": "general",
        "occurred_at": NOW - timedelta(minutes=20), "summary": "实验室冒烟", "reported_at": NOW,
        **fields,
    }  # fmt: skip
    return services.incident_report_first(**values)


def written(incident, by, **fields):
    values = {"cause": "电线老化", "casualties": "无", "measures": "切断电源", "follow_up": "", **fields}
    return services.incident_write(incident=incident, by=by, **values)


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _pdf(name="现场照片说明.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


# --- The first report -----------------------------------------------------------------------------


def test_duty_staff_sees_a_short_form_filled_in_with_now_and_their_name(client, staff):
    client.force_login(staff)
    response = client.get(CREATE)
    form = response.context["form"]
    assert "school" not in form.fields  # a school user reports for its own school
    assert "source" not in form.fields
    assert form["occurred_at"].value().strftime("%Y-%m-%d %H:%M") == "2026-05-22 10:00"
    assert form["reported_at"].value().strftime("%Y-%m-%d %H:%M") == "2026-05-22 10:00"
    assert form["reported_by_name"].value() == "王值班"
    assert 'type="datetime-local"' in response.content.decode()


def test_duty_staff_records_a_first_report(client, staff, school):
    client.force_login(staff)
    response = client.post(CREATE, first_report())
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("duty:incident_detail", args=[incident.pk])
    assert incident.school == school
    assert incident.recorded_by == staff
    assert (incident.category, incident.severity) == ("injury", "major")
    assert incident.occurred_at == datetime(2026, 5, 22, 9, 50, tzinfo=SHANGHAI)
    assert incident.reported_at == datetime(2026, 5, 22, 10, 0, tzinfo=SHANGHAI)
    assert (incident.reported_by_name, incident.received_by_name) == ("王值班", "李安办")
    assert incident.first_due_at == datetime(2026, 5, 22, 10, 20, tzinfo=SHANGHAI)
    assert incident.written_due_at == datetime(2026, 5, 22, 11, 50, tzinfo=SHANGHAI)
    assert not incident.unreported
    assert not incident.first_report_late
    # The message names the written report's due moment in Beijing time.
    assert any("2026-05-22 11:50" in message for message in _messages(response))


def test_a_school_user_cannot_report_for_another_school(client, alice, school, charlie):
    other = charlie.membership.school
    client.force_login(alice)
    client.post(CREATE, first_report(school=other.pk, source="elsewhere"))
    incident = Incident.objects.get()
    assert incident.school == school
    assert not incident.unreported  # a school cannot mark its own report as "not reported"


def test_a_bureau_inspector_records_a_call_from_a_school(client, inspector, school):
    client.force_login(inspector)
    form = client.get(CREATE).context["form"]
    assert form["received_by_name"].value() == "赵督查"  # the inspector took the call
    assert set(form.fields["school"].queryset) == {school}

    data = first_report(
        school=school.pk, source="phoned", reported_by_name="张安全", received_by_name="赵督查"
    )
    response = client.post(CREATE, data)

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.school == school
    assert incident.recorded_by == inspector
    assert incident.reported_by_name == "张安全"
    assert incident.reported_at == datetime(2026, 5, 22, 10, 0, tzinfo=SHANGHAI)
    assert not incident.unreported


def test_a_bureau_inspector_records_an_incident_the_school_did_not_report(client, inspector, school):
    client.force_login(inspector)
    data = first_report(
        school=school.pk, source="elsewhere", unreported_note="家长在网上发帖", occurred_at="2026-05-21T16:00"
    )
    response = client.post(CREATE, data)
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.unreported
    assert incident.unreported_note == "家长在网上发帖"
    assert incident.reported_at is None
    assert (incident.reported_by_name, incident.received_by_name) == ("", "")
    assert incident.first_report_late  # it counts against the school
    assert any("2026-05-21 18:00" in message for message in _messages(response))  # major: 2 hours


def test_an_unreported_incident_needs_a_note(client, inspector, school):
    client.force_login(inspector)
    response = client.post(CREATE, first_report(school=school.pk, source="elsewhere", unreported_note=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"unreported_note"}
    assert not Incident.objects.exists()


def test_a_bureau_user_cannot_record_for_a_school_of_another_bureau(client, inspector):
    elsewhere = SchoolFactory(bureau=BureauFactory())
    client.force_login(inspector)
    response = client.post(CREATE, first_report(school=elsewhere.pk, source="phoned"))
    assert set(response.context["form"].errors) == {"school"}
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"occurred_at": "2026-05-22T10:06", "reported_at": "2026-05-22T10:06"}, "occurred_at reported_at"),
        ({"reported_at": "2026-05-22T09:40"}, "reported_at"),  # before it happened
        ({"reported_at": "2026-05-22T10:30"}, "reported_at"),  # in the future
        ({"reported_at": ""}, "reported_at"),
        ({"category": None}, "category"),
        ({"severity": "catastrophic"}, "severity"),
        ({"summary": "  "}, "summary"),
        ({"received_by_name": ""}, "received_by_name"),
    ],
)
def test_a_mistake_is_named_and_everything_typed_is_kept(client, staff, changes, fields):
    client.force_login(staff)
    data = first_report(**{"summary": "食堂学生呕吐，疑似食物中毒", **changes})
    response = client.post(CREATE, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == set(fields.split())
    assert {name: form[name].value() for name in data} == data
    if "summary" not in changes:
        assert "食堂学生呕吐，疑似食物中毒" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_phone_clock_a_few_minutes_ahead_is_not_the_future(client, staff):
    client.force_login(staff)
    response = client.post(
        CREATE, first_report(occurred_at="2026-05-22T10:04", reported_at="2026-05-22T10:05")
    )
    assert response.status_code == 302
    assert Incident.objects.get().occurred_at == datetime(2026, 5, 22, 10, 4, tzinfo=SHANGHAI)


def test_the_viewer_of_the_bureau_cannot_record(client, bureau):
    viewer = member(Role.BUREAU_VIEWER, bureau)
    client.force_login(viewer)
    assert client.post(CREATE, first_report()).status_code == 403
    assert not Incident.objects.exists()


# --- The page of one incident ---------------------------------------------------------------------


def test_the_school_may_write_the_report_and_the_bureau_may_acknowledge(client, alice, bob, school):
    incident = reported(school)
    url = reverse("duty:incident_detail", args=[incident.pk])
    client.force_login(alice)
    response = client.get(url)
    assert (response.context["can_write"], response.context["can_acknowledge"]) == (True, False)
    assert reverse("duty:incident_write", args=[incident.pk]) in response.content.decode()
    client.force_login(bob)
    response = client.get(url)
    assert (response.context["can_write"], response.context["can_acknowledge"]) == (False, True)
    assert reverse("duty:incident_acknowledge", args=[incident.pk]) in response.content.decode()


def test_the_page_shows_the_deadlines_in_beijing_time(client, alice, school):
    incident = reported(school, severity="serious", occurred_at=datetime(2026, 5, 22, 9, 0, tzinfo=SHANGHAI))
    client.force_login(alice)
    page = client.get(reverse("duty:incident_detail", args=[incident.pk])).content.decode()
    assert "2026-05-22 09:30" in page  # first report due
    assert "2026-05-22 11:00" in page  # written report due
    assert "实验室冒烟" in page


def test_a_school_user_cannot_see_another_schools_incident(client, charlie, school):
    incident = reported(school)
    client.force_login(charlie)
    assert client.get(reverse("duty:incident_detail", args=[incident.pk])).status_code == 404
    assert client.get(reverse("duty:incident_write", args=[incident.pk])).status_code == 404


# --- The written report ---------------------------------------------------------------------------


def _write_url(incident):
    return reverse("duty:incident_write", args=[incident.pk])


REPORT = {
    "cause": "学生追逐打闹",
    "casualties": "一名学生左臂骨折",
    "measures": "送医、通知家长",
    "follow_up": "加强课间巡查",
}


def test_the_school_files_the_written_report_with_a_pdf(client, alice, school):
    incident = reported(school)
    client.force_login(alice)
    response = client.post(_write_url(incident), {**REPORT, "attachments": [_pdf()]})
    assert response.status_code == 302
    assert response.url == reverse("duty:incident_detail", args=[incident.pk])
    incident.refresh_from_db()
    assert incident.written_at == NOW  # the server's clock, not a typed time
    assert incident.written_by == alice
    assert (incident.cause, incident.casualties, incident.measures, incident.follow_up) == tuple(
        REPORT.values()
    )
    attachment = incident.attachments.get()
    assert attachment.name == "现场照片说明.pdf"
    assert "现场照片说明" not in attachment.file.name  # stored under a random name
    page = client.get(response.url).content.decode()
    assert reverse("duty:incident_attachment", args=[attachment.pk]) in page
    assert client.get(response.url).context["can_write"] is False


def test_a_report_without_attachments_is_fine(client, alice, school):
    incident = reported(school)
    client.force_login(alice)
    assert client.post(_write_url(incident), REPORT).status_code == 302
    incident.refresh_from_db()
    assert incident.written_at == NOW
    assert not incident.attachments.exists()


def test_an_executable_is_refused_and_the_text_kept(client, alice, school):
    incident = reported(school)
    client.force_login(alice)
    upload = SimpleUploadedFile("情况说明.pdf", EXECUTABLE, content_type="application/pdf")
    response = client.post(_write_url(incident), {**REPORT, "attachments": [_pdf(), upload]})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"attachments"}
    assert [error.code for error in form.errors.as_data()["attachments"]] == ["bad_type"]
    assert "情况说明.pdf" in form.errors["attachments"][0]
    assert response.context["file_lost"] is True  # the page asks for the files again
    assert form["cause"].value() == "学生追逐打闹"
    assert "一名学生左臂骨折" in response.content.decode()
    incident.refresh_from_db()
    assert incident.written_at is None
    assert not IncidentAttachment.objects.exists()


def test_at_most_five_attachments(client, alice, school):
    incident = reported(school)
    client.force_login(alice)
    response = client.post(
        _write_url(incident), {**REPORT, "attachments": [_pdf(f"{n}.pdf") for n in range(6)]}
    )
    assert [error.code for error in response.context["form"].errors.as_data()["attachments"]] == ["too_many"]
    assert not IncidentAttachment.objects.exists()


def test_cause_casualties_and_measures_are_required(client, alice, school):
    incident = reported(school)
    client.force_login(alice)
    response = client.post(_write_url(incident), {"follow_up": "持续关注"})
    assert set(response.context["form"].errors) == {"cause", "casualties", "measures"}
    assert response.context["form"]["follow_up"].value() == "持续关注"


def test_a_report_filed_twice_is_refused_with_409(client, alice, staff, school):
    incident = reported(school)
    written(incident, staff, cause="第一次的原因")
    client.force_login(alice)
    response = client.post(_write_url(incident), {**REPORT, "attachments": [_pdf()]})
    assert response.status_code == 409
    assert "form" not in response.context
    assert "第一次的原因" in response.content.decode()  # the filed report, read-only
    incident.refresh_from_db()
    assert (incident.cause, incident.written_by) == ("第一次的原因", staff)
    assert not IncidentAttachment.objects.exists()


def test_opening_the_form_of_a_filed_report_shows_the_report(client, alice, school):
    incident = reported(school)
    written(incident, alice)
    client.force_login(alice)
    response = client.get(_write_url(incident))
    assert response.status_code == 200
    assert "form" not in response.context
    assert response.context["already_written"] is True
    assert 'name="cause"' not in response.content.decode()


# --- The bureau's acknowledgement -----------------------------------------------------------------


def test_the_bureau_acknowledges_a_report_once(client, bob, school, time_machine):
    incident = reported(school)
    url = reverse("duty:incident_acknowledge", args=[incident.pk])
    client.force_login(bob)
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("duty:incident_detail", args=[incident.pk])
    incident.refresh_from_db()
    assert (incident.acknowledged_at, incident.acknowledged_by) == (NOW, bob)

    time_machine.move_to(NOW + timedelta(hours=1), tick=False)
    client.force_login(bob)  # an hour idle: the session has timed out, as it should
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    incident.refresh_from_db()
    assert incident.acknowledged_at == NOW  # the first acknowledgement stands
    assert response.context["can_acknowledge"] is False


def test_acknowledging_needs_a_post(client, bob, school):
    incident = reported(school)
    client.force_login(bob)
    assert client.get(reverse("duty:incident_acknowledge", args=[incident.pk])).status_code == 405
    incident.refresh_from_db()
    assert incident.acknowledged_at is None


# --- Attachments ----------------------------------------------------------------------------------


@pytest.fixture
def attachment(school, alice):
    incident = reported(school)
    written(incident, alice, attachments=[_pdf("事故报告.pdf")])
    return incident.attachments.get()


def test_the_attachment_is_served_under_its_name_as_what_it_is(client, alice, bob, attachment):
    for user in (alice, bob):
        client.force_login(user)
        response = client.get(reverse("duty:incident_attachment", args=[attachment.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "%E4%BA%8B%E6%95%85%E6%8A%A5%E5%91%8A.pdf" in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_another_school_gets_404_for_an_attachment(client, charlie, attachment):
    client.force_login(charlie)
    assert client.get(reverse("duty:incident_attachment", args=[attachment.pk])).status_code == 404


def test_a_missing_file_is_404(client, alice, attachment):
    attachment.file.delete(save=False)
    client.force_login(alice)
    assert client.get(reverse("duty:incident_attachment", args=[attachment.pk])).status_code == 404


# --- The bureau's rules ---------------------------------------------------------------------------

RULES = reverse("duty:rules")


def test_the_rules_page_shows_the_defaults(client, bob):
    client.force_login(bob)
    form = client.get(RULES).context["form"]
    assert {name: form[name].value() for name in form.fields} == {
        "first_report_minutes": 30,
        "written_hours_general": 24,
        "written_hours_major": 2,
        "written_hours_serious": 2,
    }


def test_the_bureau_admin_changes_the_rules(client, bob, bureau):
    client.force_login(bob)
    data = {
        "first_report_minutes": "15",
        "written_hours_general": "12",
        "written_hours_major": "1",
        "written_hours_serious": "1",
    }
    response = client.post(RULES, data)
    assert response.status_code == 302
    rules = services.rules_for(bureau)
    assert (rules.first_report_minutes, rules.written_hours_general) == (15, 12)
    assert (rules.written_hours_major, rules.written_hours_serious) == (1, 1)


@pytest.mark.parametrize("value", ["0", "-2", "169", "", "two"])
def test_written_hours_are_between_1_and_168(client, bob, bureau, value):
    client.force_login(bob)
    data = {
        "first_report_minutes": "30",
        "written_hours_general": value,
        "written_hours_major": "2",
        "written_hours_serious": "2",
    }
    response = client.post(RULES, data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"written_hours_general"}
    assert services.rules_for(bureau).written_hours_general == 24


def test_an_inspector_may_not_change_the_rules(client, inspector):
    client.force_login(inspector)
    assert client.post(RULES, {"first_report_minutes": "5"}).status_code == 403
