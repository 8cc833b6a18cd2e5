"""Planned drills not recorded as done are reminded like other deadlines: the school's principal and
safety officers on the morning of the planned day, then daily while overdue — each stage once."""

from datetime import date

import pytest
import time_machine

from activities import services
from notifications.models import Notification, Reminder
from notifications.sweeps import drill_reminders
from schools.enums import Role
from tests.factories import SchoolFactory, member

PLANNED_DAY = date(2026, 5, 22)


@pytest.fixture
def planned(school, alice, principal):
    return services.drill_plan(
        school=school, by=alice, kind="fire", planned_date=PLANNED_DAY, title="消防疏散演练"
    )


def _stages(user):
    return sorted(Reminder.objects.filter(recipient=user).values_list("stage", flat=True))


def test_nothing_before_the_morning_of_the_planned_day(sweep, planned, alice):
    for moment in ["2026-05-20 09:00 +0800", "2026-05-21 20:00 +0800", "2026-05-22 07:59 +0800"]:
        with time_machine.travel(moment, tick=False):
            sweep("drills")
    assert not Reminder.objects.exists()


def test_the_principal_and_safety_officers_are_reminded_on_the_morning_and_not_duty_staff(
    sweep, planned, school, alice, principal
):
    duty = member(Role.DUTY_STAFF, school)
    with time_machine.travel("2026-05-22 08:00 +0800", tick=False):
        sweep("drills")
    assert _stages(alice) == _stages(principal) == ["due-day"]
    assert not Reminder.objects.filter(recipient=duty).exists()
    (notification,) = Notification.objects.filter(recipient=alice)
    assert "消防疏散演练" in notification.lines[0]["text"]
    assert notification.lines[0]["url"] == f"/drills/{planned.pk}/"


def test_each_stage_is_sent_once_then_daily_while_overdue(sweep, planned, alice):
    for moment in ["2026-05-22 08:00 +0800", "2026-05-22 15:00 +0800", "2026-05-23 07:00 +0800",
                   "2026-05-23 08:00 +0800", "2026-05-23 12:00 +0800", "2026-05-24 08:00 +0800"]:  # fmt: skip
        with time_machine.travel(moment, tick=False):
            sweep("drills")
    assert _stages(alice) == ["due-day", "overdue-2026-05-23", "overdue-2026-05-24"]
    assert Notification.objects.filter(recipient=alice).count() == 3


def test_a_drill_done_or_cancelled_is_not_reminded(sweep, planned, school, alice):
    other = services.drill_plan(school=school, by=alice, kind="earthquake", planned_date=PLANNED_DAY)
    with time_machine.travel("2026-05-22 09:00 +0800", tick=False):
        services.drill_record_done(
            drill=planned,
            by=alice,
            held_on=PLANNED_DAY,
            participants=300,
            duration_minutes=20,
            evaluation="有序",
        )
        services.drill_cancel(drill=other, by=alice, reason="改期")
        sweep("drills")
    assert not Reminder.objects.exists()


def test_a_drill_moved_to_another_day_is_reminded_again(sweep, planned, alice):
    with time_machine.travel("2026-05-22 08:00 +0800", tick=False):
        sweep("drills")
        plan = {"kind": "fire", "planned_date": date(2026, 5, 25), "campaign": None}
        plan |= {"title": "", "organiser": "", "scenario": ""}
        services.drill_change_plan(drill=planned, by=alice, plan=plan)
    with time_machine.travel("2026-05-25 08:00 +0800", tick=False):
        sweep("drills")
    assert _stages(alice) == ["due-day", "due-day"]


@pytest.mark.parametrize("count", [3, 30])
def test_the_drill_sweep_costs_the_same_queries_at_any_size(bureau, count, django_assert_max_num_queries):
    for _ in range(count):
        school = SchoolFactory(bureau=bureau)
        member(Role.SAFETY_OFFICER, school)
        services.drill_plan(school=school, by=None, kind="fire", planned_date=PLANNED_DAY)
    with time_machine.travel("2026-05-23 08:00 +0800", tick=False), django_assert_max_num_queries(2):
        dues = drill_reminders()
    assert len(dues) == count
    assert {due.stage for due in dues} == {"overdue-2026-05-23"}
