from io import StringIO

from django.core.management import call_command

from duty.models import DutyShift, Incident
from duty.timeliness import written_status
from hazards.enums import HazardState
from hazards.models import Hazard
from inspections.models import Inspection
from plans.enums import BoardStatus, DeliverableKind
from plans.models import Campaign, Submission
from plans.selectors import board
from schools.models import Membership, School


def _seed():
    out = StringIO()
    call_command("seed_demo", password="Demo@2026-test", stdout=out)
    return out.getvalue()


def _counts():
    return [
        model.objects.count() for model in (School, Membership, Campaign, Submission, DutyShift, Incident)
    ]


def test_seeding_twice_changes_nothing(db):
    output = _seed()
    first = _counts()
    _seed()
    assert _counts() == first
    assert first[:3] == [30, 7, 1]
    assert "officer" in output and "Demo@2026-test" in output


def test_the_demo_campaign_shows_every_kind_of_state(db):
    _seed()
    campaign = Campaign.objects.get()
    matrix = board(campaign=campaign)
    work_plan = matrix.counts[[d.kind for d in matrix.deliverables].index(DeliverableKind.WORK_PLAN)]
    assert {BoardStatus.ACCEPTED, BoardStatus.ON_TIME, BoardStatus.LATE, BoardStatus.RETURNED,
            BoardStatus.OVERDUE} <= set(work_plan)  # fmt: skip
    roster = matrix.counts[[d.kind for d in matrix.deliverables].index(DeliverableKind.DUTY_ROSTER)]
    assert {BoardStatus.ACCEPTED, BoardStatus.ON_TIME, BoardStatus.LATE, BoardStatus.OVERDUE} <= set(roster)
    incidents = Incident.objects.all()
    assert {written_status(i) for i in incidents} >= {"on_time", "late", "overdue", "due"}
    assert incidents.filter(unreported=True).exists()


def test_the_demo_has_inspections_of_every_kind_and_hazards_in_every_state(db):
    _seed()
    kinds = set(Inspection.objects.values_list("kind", "state"))
    assert {
        ("self", "done"),
        ("bureau", "done"),
        ("unannounced", "published"),
        ("unannounced", "planned"),
    } <= kinds
    assert set(Hazard.objects.values_list("state", flat=True)) == set(HazardState.values)
    assert Hazard.objects.filter(rebound_of__isnull=False).exists()
    assert Hazard.objects.filter(supervised=True, watch_records__isnull=False).exists()
    assert Hazard.objects.filter(inspection_item__isnull=False).exists()
