"""Every state transition of the portal, hammered by simultaneous callers on PostgreSQL (issue 9.7).

Each case below prepares one record ready for one transition and returns the call that performs it.
Ten threads, each with its own database connection, wait at a barrier and call it at once: exactly one
may succeed, the others must be refused with a TransitionError, and the record must carry exactly
one event (or one stamp) for the transition. A transition written as read-check-write fails here.
"""

import datetime
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.utils import timezone

from duty import services as duty_services
from hazards import services as hazard_services
from hazards.enums import HazardAction
from hazards.models import ExtensionRequest, Hazard, HazardEvent
from inspections import services as inspection_services
from inspections.models import Inspection
from plans import content_services
from plans import services as plan_services
from plans.enums import DeliverableKind, EventAction
from plans.models import Submission, WorkPlan
from plans.services import TransitionError
from schools.enums import Role
from tests.factories import CampaignFactory, SchoolFactory, hazard, member, open_submission, photo
from tests.integration import transitions_rest
from tests.plans.conftest import complete_work_plan

pytestmark = pytest.mark.integration
CALLERS = 10


class Case:
    """A record ready for one transition: `call(user)` performs it, `count()` counts its traces."""

    def __init__(self, call, count, role):
        self.call, self.count, self.role = call, count, role


def _submitted_plan(school, principal):
    submission = open_submission(CampaignFactory(bureau=school.bureau), school, DeliverableKind.WORK_PLAN)
    complete_work_plan(submission, signer=principal)
    plan_services.submission_submit(submission=submission, by=principal)
    return submission.pk


def _submission(pk):
    return Submission.objects.select_related("deliverable").get(pk=pk)


def _events(pk, action):
    return lambda: Submission.objects.get(pk=pk).events.filter(action=action).count()


def _hazard_events(pk, action):
    return lambda: HazardEvent.objects.filter(hazard_id=pk, action=action).count()


def case_submission_submit(school, principal):
    submission = open_submission(CampaignFactory(bureau=school.bureau), school, DeliverableKind.WORK_PLAN)
    complete_work_plan(submission, signer=principal)
    pk = submission.pk

    def call(user):
        plan_services.submission_submit(submission=_submission(pk), by=user)

    return Case(call, _events(pk, EventAction.SUBMITTED), Role.PRINCIPAL)


def case_submission_accept(school, principal):
    pk = _submitted_plan(school, principal)

    def call(user):
        plan_services.submission_accept(submission=_submission(pk), by=user)

    return Case(call, _events(pk, EventAction.ACCEPTED), Role.BUREAU_INSPECTOR)


def case_submission_return(school, principal):
    pk = _submitted_plan(school, principal)

    def call(user):
        plan_services.submission_return(submission=_submission(pk), by=user, reason="退回")

    return Case(call, _events(pk, EventAction.RETURNED), Role.BUREAU_INSPECTOR)


def case_work_plan_sign(school, principal):
    submission = open_submission(CampaignFactory(bureau=school.bureau), school, DeliverableKind.WORK_PLAN)
    pk = submission.pk

    def call(user):
        content_services.work_plan_sign(work_plan=WorkPlan.objects.get(submission_id=pk), by=user)

    return Case(call, _events(pk, EventAction.SIGNED), Role.PRINCIPAL)


def _hazard_case(state, action, role, perform, severity="general"):
    def case(school, principal):
        pk = hazard(school, by=principal, state=state, severity=severity).pk
        return Case(lambda user: perform(Hazard.objects.get(pk=pk), user), _hazard_events(pk, action), role)

    return case


PLAN = {"interim_measures": "警示", "rectification_plan": "整改", "responsible_person": "李",
        "deadline": datetime.date(2030, 1, 1)}  # fmt: skip
case_hazard_plan = _hazard_case(
    "reported", HazardAction.PLANNED, Role.SAFETY_OFFICER,
    lambda h, user: hazard_services.hazard_plan(hazard=h, by=user, plan=PLAN),
)  # fmt: skip
case_hazard_rectify = _hazard_case(
    "rectifying", HazardAction.SUBMITTED, Role.SAFETY_OFFICER,
    lambda h, user: hazard_services.hazard_submit_rectification(
        hazard=h, by=user, note="已整改", photos=[photo()]
    ),
)  # fmt: skip
case_hazard_verify = _hazard_case(
    "awaiting", HazardAction.VERIFIED, Role.BUREAU_INSPECTOR,
    lambda h, user: hazard_services.hazard_verify(hazard=h, by=user),
)  # fmt: skip
case_hazard_return = _hazard_case(
    "awaiting", HazardAction.RETURNED, Role.BUREAU_INSPECTOR,
    lambda h, user: hazard_services.hazard_return(hazard=h, by=user, reason="不合格"),
)  # fmt: skip
case_hazard_supervise = _hazard_case(
    "rectifying", HazardAction.SUPERVISED, Role.BUREAU_INSPECTOR,
    lambda h, user: hazard_services.hazard_supervise(hazard=h, by=user, supervisor=user), severity="major",
)  # fmt: skip
case_hazard_recheck = _hazard_case(
    "closed", HazardAction.RECHECKED, Role.BUREAU_INSPECTOR,
    lambda h, user: hazard_services.hazard_recheck(hazard=h, by=user, recurred=False),
)  # fmt: skip


def case_extension_decide(school, principal):
    found = hazard(school, by=principal, state="rectifying")
    request = hazard_services.extension_request(
        hazard=found,
        by=principal,
        requested_deadline=found.deadline + datetime.timedelta(days=7),
        reason="待料",
    )
    pk = request.pk

    def call(user):
        hazard_services.extension_decide(request=ExtensionRequest.objects.get(pk=pk), by=user, grant=True)

    return Case(call, _hazard_events(found.pk, HazardAction.EXTENSION_GRANTED), Role.BUREAU_INSPECTOR)


def _inspection(school, by, kind, **extra):
    inspection_services.templates_install_defaults(bureau=school.bureau)
    inspection = inspection_services.inspection_start(
        school=school, by=by, kind=kind, date=timezone.localdate(), areas=["fire"], **extra
    )
    inspection_services.inspection_record(
        inspection=inspection, results={item.pk: ("pass", "") for item in inspection.items.all()}
    )
    return inspection


def case_inspection_finish(school, principal):
    pk = _inspection(school, principal, "self", leader=principal).pk

    def call(user):
        inspection_services.inspection_finish(inspection=Inspection.objects.get(pk=pk), by=user)

    return Case(call, lambda: int(Inspection.objects.get(pk=pk).finished_at is not None), Role.PRINCIPAL)


def case_inspection_publish(school, principal):
    inspector = member(Role.BUREAU_INSPECTOR, school.bureau)
    inspection = _inspection(school, inspector, "unannounced", leader_name="暗访组")
    inspection_services.inspection_finish(inspection=inspection, by=inspector)
    pk = inspection.pk

    def call(user):
        inspection_services.inspection_publish(inspection=Inspection.objects.get(pk=pk), by=user)

    return Case(
        call, lambda: int(Inspection.objects.get(pk=pk).published_at is not None), Role.BUREAU_INSPECTOR
    )


def _incident(school, principal):
    return duty_services.incident_report_first(
        school=school, by=principal, category="injury", severity="general", occurred_at=timezone.now(),
        summary="学生摔伤",
    )  # fmt: skip


def case_incident_write(school, principal):
    pk = _incident(school, principal).pk
    written = []

    def call(user):
        from duty.models import Incident

        duty_services.incident_write(incident=Incident.objects.get(pk=pk), by=user, cause=f"原因{user.pk}",
                                     casualties="无", measures="处置", follow_up="")  # fmt: skip
        written.append(user.pk)

    def count():
        from duty.models import Incident

        # One report stands, and it is the winner's, not a mix of several callers' fields.
        incident = Incident.objects.get(pk=pk)
        return int(incident.cause == f"原因{incident.written_by_id}") if written else 0

    return Case(call, count, Role.SAFETY_OFFICER)


def case_incident_acknowledge(school, principal):
    pk = _incident(school, principal).pk

    def call(user):
        from duty.models import Incident

        duty_services.incident_acknowledge(incident=Incident.objects.get(pk=pk), by=user)

    def count():
        from duty.models import Incident

        return int(Incident.objects.get(pk=pk).acknowledged_at is not None)

    return Case(call, count, Role.BUREAU_INSPECTOR)


CASES = {name[len("case_") :]: value for name, value in sorted(globals().items()) if name.startswith("case_")}
CASES |= transitions_rest.CASES


def _attempt(call, user, barrier):
    barrier.wait()
    try:
        call(user)
        return True
    except TransitionError:
        return False
    finally:
        connection.close()


@pytest.mark.parametrize("name", sorted(CASES))
def test_it_lets_exactly_one_of_many_simultaneous_callers_through(transactional_db, postgres, name):
    school = SchoolFactory()
    principal = member(Role.PRINCIPAL, school)
    case = CASES[name](school, principal)
    unit = school.bureau if case.role.startswith("bureau") else school
    users = [member(case.role, unit) for _ in range(CALLERS)]
    barrier = Barrier(CALLERS)

    with ThreadPoolExecutor(CALLERS) as pool:
        wins = list(pool.map(_attempt, [case.call] * CALLERS, users, [barrier] * CALLERS))

    assert wins.count(True) == 1, f"{name}: {wins.count(True)} callers succeeded"
    assert case.count() == 1, f"{name}: the transition left {case.count()} traces"


def test_it_covers_every_transition():
    assert len(CASES) >= 30
