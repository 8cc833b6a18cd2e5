"""The transitions of education and drills, gate security, petitions, tip-offs and accountability, as
cases for `test_every_transition.py`: each prepares a record and returns the call and how to count
what the transition left behind (its event rows)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from accountability import services as accountability_services
from accountability.models import Entry, EntryEvent, Notice, NoticeEvent
from activities import services as activity_services
from activities.models import Drill, DrillEvent, DrillProblem
from petitions.models import Milestone, PetitionCase, PetitionEvent
from schools.enums import Role
from security import services as security_services
from security.models import GateEntry, GateEntryEvent, PatrolFinding
from tests.factories import CampaignFactory
from tests.petitions.conftest import petition
from tipoffs import services as tipoff_services
from tipoffs.models import TipOff, TipOffEvent

from petitions import services as petition_services  # isort: skip

DURING_CLASS = datetime(2026, 5, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday, 09:00


class Case:
    def __init__(self, call, count, role):
        self.call, self.count, self.role = call, count, role


def _events(model, action, **lookup):
    return lambda: model.objects.filter(action=action, **lookup).count()


# --- Education and drills ---------------------------------------------------------------------------


def _drill(school, principal):
    planned = date(2026, 5, 20)
    return activity_services.drill_plan(school=school, by=principal, kind="fire", planned_date=planned)


def case_drill_record_done(school, principal):
    pk = _drill(school, principal).pk

    def call(user):
        activity_services.drill_record_done(
            drill=Drill.objects.get(pk=pk), by=user, held_on=date(2026, 5, 20), participants=500,
            duration_minutes=20, evaluation="有序", problems=["楼梯口拥挤"],
        )  # fmt: skip

    def count():  # one "done", and the problems of one caller only
        done = DrillEvent.objects.filter(drill_id=pk, action="done").count()
        return done * int(DrillProblem.objects.filter(drill_id=pk).count() == 1)

    return Case(call, count, Role.SAFETY_OFFICER)


def case_drill_cancel(school, principal):
    pk = _drill(school, principal).pk

    def call(user):
        activity_services.drill_cancel(drill=Drill.objects.get(pk=pk), by=user, reason="暴雨")

    return Case(call, _events(DrillEvent, "cancelled", drill_id=pk), Role.SAFETY_OFFICER)


def case_drill_problem_to_hazard(school, principal):
    drill = _drill(school, principal)
    activity_services.drill_record_done(
        drill=drill, by=principal, held_on=date(2026, 5, 20), participants=500, duration_minutes=20,
        evaluation="有序", problems=["楼梯口拥挤"],
    )  # fmt: skip
    pk = drill.problems.get().pk

    def call(user):
        activity_services.drill_problem_to_hazard(
            problem=DrillProblem.objects.get(pk=pk), by=user, area="fire", location="楼梯口",
            severity="general",
        )  # fmt: skip

    return Case(call, lambda: school.hazards.count(), Role.SAFETY_OFFICER)


# --- Gate and patrols ------------------------------------------------------------------------------------


def _entry(school, principal):
    with time_machine.travel(DURING_CLASS, tick=False):
        return security_services.gate_entry_register(
            school=school, by=principal, visitor_name="王建国", phone="13801234567",
            temperature=Decimal("36.5"), purpose="送货", host="食堂 赵师傅",
        )  # fmt: skip


def case_gate_entry_answer(school, principal):
    entry = _entry(school, principal)
    assert entry.state == "awaiting_host"
    pk = entry.pk

    def call(user):
        security_services.gate_entry_answer(entry=GateEntry.objects.get(pk=pk), by=user, confirmed=True)

    return Case(call, _events(GateEntryEvent, "confirmed", entry_id=pk), Role.DUTY_STAFF)


def case_gate_entry_out(school, principal):
    entry = _entry(school, principal)
    security_services.gate_entry_answer(entry=entry, by=principal, confirmed=True)
    pk = entry.pk

    def call(user):
        security_services.gate_entry_out(entry=GateEntry.objects.get(pk=pk), by=user)

    return Case(call, _events(GateEntryEvent, "left", entry_id=pk), Role.DUTY_STAFF)


def case_finding_to_hazard(school, principal):
    patrol = security_services.patrol_record(
        school=school, by=principal, patrolled_by="周保安", patrolled_at=DURING_CLASS, route="校园一周"
    )
    pk = security_services.finding_add(patrol=patrol, by=principal, area="fire", description="灭火器过期").pk

    def call(user):
        security_services.finding_to_hazard(finding=PatrolFinding.objects.get(pk=pk), by=user)

    return Case(call, lambda: school.hazards.count(), Role.SAFETY_OFFICER)


# --- Petitions -----------------------------------------------------------------------------------------


def _case_call(service, **arguments):
    def case(school, principal):
        found = petition(school, by=principal)
        if service is not petition_services.case_start:
            petition_services.case_start(case=found, by=principal)
        if service in (petition_services.case_close, petition_services.case_reopen):
            petition_services.case_resolve(case=found, by=principal, resolution="已化解")
        if service is petition_services.case_reopen:
            petition_services.case_close(case=found, by=principal)
        pk = found.pk
        actions = {"case_start": "started", "case_resolve": "resolved", "case_close": "closed",
                   "case_reopen": "reopened"}  # fmt: skip
        action = actions[service.__name__]

        def call(user):
            service(case=PetitionCase.objects.get(pk=pk), by=user, **arguments)

        return Case(call, _events(PetitionEvent, action, case_id=pk), Role.BUREAU_INSPECTOR)

    return case


case_petition_start = _case_call(petition_services.case_start)
case_petition_resolve = _case_call(petition_services.case_resolve, resolution="已化解")
case_petition_close = _case_call(petition_services.case_close)
case_petition_reopen = _case_call(petition_services.case_reopen, reason="家长再次上访")


def case_petition_milestone_mark(school, principal):
    pk = petition(school, by=principal).milestones.get().pk

    def call(user):
        petition_services.milestone_mark(milestone=Milestone.objects.get(pk=pk), by=user, done=True)

    def count():
        milestone = Milestone.objects.get(pk=pk)
        events = PetitionEvent.objects.filter(case_id=milestone.case_id, action="ms_done").count()
        return events * int(milestone.done_at is not None)

    return Case(call, count, Role.SAFETY_OFFICER)


# --- Tip-offs and accountability ---------------------------------------------------------------------------


def _tip_off(school):
    filed = tipoff_services.tipoff_file(
        school=school, kind="hazard", description="灭火器过期", location="食堂"
    )
    return filed.tip_off


def case_tipoff_dismiss(school, principal):
    pk = _tip_off(school).pk

    def call(user):
        tipoff_services.tipoff_dismiss(tip_off=TipOff.objects.get(pk=pk), by=user, reason="经核查不属实")

    return Case(call, _events(TipOffEvent, "dismissed", tip_off_id=pk), Role.BUREAU_INSPECTOR)


def case_tipoff_make_hazard(school, principal):
    pk = _tip_off(school).pk
    details = {"campaign": None, "area": "fire", "description": "灭火器过期", "location": "食堂",
               "severity": "general"}  # fmt: skip

    def call(user):
        tipoff_services.tipoff_make_hazard(tip_off=TipOff.objects.get(pk=pk), by=user, details=details)

    return Case(call, lambda: school.hazards.count(), Role.BUREAU_INSPECTOR)


def case_entry_withdraw(school, principal):
    pk = accountability_services.entry_record(
        school=school, by=None, kind="notice", date=date(2026, 5, 20), text="检查走过场"
    ).pk

    def call(user):
        accountability_services.entry_withdraw(entry=Entry.objects.get(pk=pk), by=user, reason="误录")

    return Case(call, _events(EntryEvent, "withdrawn", entry_id=pk), Role.BUREAU_INSPECTOR)


def case_notice_publish(school, principal):
    campaign = CampaignFactory(bureau=school.bureau, covers=[school])
    pk = accountability_services.notice_create(campaign=campaign, by=None, title="通报", body="典型案例").pk

    def call(user):
        accountability_services.notice_publish(notice=Notice.objects.get(pk=pk), by=user)

    return Case(call, _events(NoticeEvent, "published", notice_id=pk), Role.BUREAU_ADMIN)


CASES = {name[len("case_") :]: value for name, value in sorted(globals().items()) if name.startswith("case_")}
