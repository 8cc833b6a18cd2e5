"""Whether incident reports came in time (R8.2, R8.3), at every boundary, on the page and in the list.

Every incident here happened at 2026-05-22 08:00 Beijing time. By the default rules the first report
is due by 08:30, the written report by 10:00 for a major or serious incident and by 08:00 the next
day for a general one. A due moment itself is still in time; one second later is not.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from duty import services
from duty.enums import Severity, WrittenStatus
from duty.models import Incident
from duty.timeliness import written_status
from tests.factories import SchoolFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
OCCURRED = datetime(2026, 5, 22, 8, 0, tzinfo=SHANGHAI)
SECOND = timedelta(seconds=1)
WRITTEN_WITHIN = {Severity.GENERAL: 24, Severity.MAJOR: 2, Severity.SERIOUS: 2}
LIST = reverse("duty:incident_list")


def reported(school, *, severity=Severity.GENERAL, reported_at=None, unreported=False, occurred_at=OCCURRED):
    return services.incident_report_first(
        school=school, by=None, category="drowning", severity=severity, occurred_at=occurred_at,
        summary="学生溺水", reported_at=reported_at or occurred_at + timedelta(minutes=10),
        unreported=unreported, unreported_note="媒体报道" if unreported else "",
    )  # fmt: skip


def _written_at(incident, moment, time_machine):
    time_machine.move_to(moment, tick=False)
    return services.incident_write(
        incident=incident, by=None, cause="原因", casualties="无", measures="措施", follow_up=""
    )


def _counts(client, user):
    client.force_login(user)
    return client.get(LIST).context["counts"]


# --- The written report ---------------------------------------------------------------------------


@pytest.mark.parametrize("severity", list(Severity))
def test_the_written_report_is_due_within_the_hours_of_its_severity(school, severity):
    incident = reported(school, severity=severity)
    assert incident.written_due_at == OCCURRED + timedelta(hours=WRITTEN_WITHIN[severity])


@pytest.mark.parametrize("severity", list(Severity))
@pytest.mark.parametrize(
    ("offset", "status"),
    [(-SECOND, WrittenStatus.DUE), (timedelta(0), WrittenStatus.DUE), (SECOND, WrittenStatus.OVERDUE)],
    ids=["before", "at", "after"],
)
def test_an_unwritten_report_is_due_then_overdue(client, bob, school, time_machine, severity, offset, status):
    incident = reported(school, severity=severity)
    now = incident.written_due_at + offset
    time_machine.move_to(now, tick=False)
    assert written_status(incident) == status
    # The list reads the same from SQL, on the same side of the boundary.
    assert _counts(client, bob)["written_overdue"] == (1 if status == WrittenStatus.OVERDUE else 0)
    page = client.get(reverse("duty:incident_detail", args=[incident.pk]))
    assert page.context["written_status"] == status


@pytest.mark.parametrize("severity", list(Severity))
@pytest.mark.parametrize(
    ("offset", "status"),
    [(-SECOND, WrittenStatus.ON_TIME), (timedelta(0), WrittenStatus.ON_TIME), (SECOND, WrittenStatus.LATE)],
    ids=["before", "at", "after"],
)
def test_a_written_report_is_on_time_or_late(client, bob, school, time_machine, severity, offset, status):
    incident = reported(school, severity=severity)
    incident = _written_at(incident, incident.written_due_at + offset, time_machine)
    # Long afterwards, the verdict is the one of the moment it was filed.
    time_machine.move_to(incident.written_due_at + timedelta(days=30), tick=False)
    assert written_status(incident) == status
    client.force_login(bob)
    response = client.get(LIST, {"timeliness": "written_late"})
    assert len(response.context["page"]) == (1 if status == WrittenStatus.LATE else 0)
    assert response.context["counts"]["written_overdue"] == 0  # filed is never overdue


def test_a_general_incident_is_not_overdue_after_two_hours(school, time_machine):
    incident = reported(school, severity=Severity.GENERAL)
    time_machine.move_to(OCCURRED + timedelta(hours=23, minutes=59), tick=False)
    assert written_status(incident) == WrittenStatus.DUE


def test_a_major_incident_is_overdue_after_two_hours(school, time_machine):
    incident = reported(school, severity=Severity.MAJOR)
    time_machine.move_to(OCCURRED + timedelta(hours=2, minutes=1), tick=False)
    assert written_status(incident) == WrittenStatus.OVERDUE


# --- The first report -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "late"),
    [
        (timedelta(minutes=30) - SECOND, False),
        (timedelta(minutes=30), False),
        (timedelta(minutes=30) + SECOND, True),
    ],
    ids=["before", "at", "after"],
)
def test_the_first_report_is_due_within_30_minutes(client, bob, school, after, late):
    incident = reported(school, reported_at=OCCURRED + after)
    assert incident.first_due_at == OCCURRED + timedelta(minutes=30)
    assert incident.first_report_late is late
    assert _counts(client, bob)["first_late"] == int(late)


def test_an_incident_the_school_did_not_report_is_late_whatever_the_time(client, bob, school):
    incident = reported(school, unreported=True)
    assert incident.reported_at is None
    assert incident.first_report_late
    counts = _counts(client, bob)
    assert (counts["first_late"], counts["unreported"]) == (1, 1)


def test_the_detail_page_says_whether_the_first_report_was_late(client, alice, school):
    on_time = reported(school, reported_at=OCCURRED + timedelta(minutes=30))
    late = reported(school, reported_at=OCCURRED + timedelta(minutes=45))
    client.force_login(alice)
    assert (
        client.get(reverse("duty:incident_detail", args=[on_time.pk])).context["incident"].first_report_late
        is False
    )
    assert (
        client.get(reverse("duty:incident_detail", args=[late.pk])).context["incident"].first_report_late
        is True
    )


# --- A bureau's own rules -------------------------------------------------------------------------


@pytest.fixture
def strict_rules(bureau):
    """A bureau that wants a call within 15 minutes and writing within 12 / 1 / 1 hours."""
    rules = services.rules_for(bureau)
    return services.rules_update(
        rules=rules,
        first_report_minutes=15,
        written_hours_general=12,
        written_hours_major=1,
        written_hours_serious=1,
    )


@pytest.mark.parametrize(
    ("severity", "hours"), [(Severity.GENERAL, 12), (Severity.MAJOR, 1), (Severity.SERIOUS, 1)]
)
def test_a_bureau_with_its_own_rules(school, strict_rules, time_machine, severity, hours):
    incident = reported(school, severity=severity, reported_at=OCCURRED + timedelta(minutes=16))
    assert incident.first_due_at == OCCURRED + timedelta(minutes=15)
    assert incident.first_report_late  # on time by the defaults, late by this bureau's rules
    assert incident.written_due_at == OCCURRED + timedelta(hours=hours)
    time_machine.move_to(incident.written_due_at, tick=False)
    assert written_status(incident) == WrittenStatus.DUE
    time_machine.move_to(incident.written_due_at + SECOND, tick=False)
    assert written_status(incident) == WrittenStatus.OVERDUE


def test_rules_of_one_bureau_do_not_touch_another(school, strict_rules):
    elsewhere = SchoolFactory()
    incident = reported(elsewhere, severity=Severity.GENERAL)
    assert incident.written_due_at == OCCURRED + timedelta(hours=24)


def test_incidents_recorded_before_a_rules_change_keep_their_deadlines(client, bob, school, time_machine):
    before = reported(school, severity=Severity.MAJOR)
    client.force_login(bob)
    data = {
        "first_report_minutes": "10",
        "written_hours_general": "6",
        "written_hours_major": "1",
        "written_hours_serious": "1",
    }
    assert client.post(reverse("duty:rules"), data).status_code == 302
    after = reported(school, severity=Severity.MAJOR)
    before.refresh_from_db()
    assert (before.first_due_at, before.written_due_at) == (
        OCCURRED + timedelta(minutes=30),
        OCCURRED + timedelta(hours=2),
    )
    assert (after.first_due_at, after.written_due_at) == (
        OCCURRED + timedelta(minutes=10),
        OCCURRED + timedelta(hours=1),
    )
    # At 09:30 the old incident's report is still due and the new one's overdue.
    time_machine.move_to(OCCURRED + timedelta(minutes=90), tick=False)
    assert written_status(before) == WrittenStatus.DUE
    assert written_status(after) == WrittenStatus.OVERDUE
    assert _counts(client, bob)["written_overdue"] == 1


# --- Through the first-report form ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "due"),
    [("general", "2026-05-23 08:00"), ("major", "2026-05-22 10:00"), ("serious", "2026-05-22 10:00")],
)
def test_the_form_says_when_the_written_report_is_due(client, alice, time_machine, severity, due):
    time_machine.move_to(OCCURRED + timedelta(minutes=20), tick=False)
    client.force_login(alice)
    data = {
        "category": "fire", "severity": severity, "occurred_at": "2026-05-22T08:00", "summary": "宿舍起火",
        "reported_at": "2026-05-22T08:20", "reported_by_name": "张安全", "received_by_name": "李安办",
    }  # fmt: skip
    response = client.post(reverse("duty:incident_create"), data, follow=True)
    assert response.context["incident"].written_due_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") == due
    assert any(due in str(message) for message in response.context["messages"])
    assert Incident.objects.get().first_report_late is False
