"""Reads of the hazard register, scoped to what the user may see."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from inspections.enums import InspectionKind, InspectionState
from schools.selectors import membership_of, schools_for_user

from .enums import HazardSeverity, HazardState
from .models import Hazard

# A hazard found on an unannounced visit stays hidden from the school until the bureau publishes it.
UNPUBLISHED_VISIT = Q(inspection_item__inspection__kind=InspectionKind.UNANNOUNCED) & ~Q(
    inspection_item__inspection__state=InspectionState.PUBLISHED
)


def hazards_for_user(user):
    hazards = Hazard.objects.filter(school__in=schools_for_user(user))
    membership = membership_of(user)
    if membership is not None and membership.is_school:
        hazards = hazards.exclude(UNPUBLISHED_VISIT)
    return hazards


def hazard_for_user(user, pk):
    hazards = hazards_for_user(user).select_related(
        "school", "school__bureau", "campaign", "supervisor", "rebound_of", "inspection_item__inspection",
        "created_by",
    )  # fmt: skip
    return get_object_or_404(hazards, pk=pk)


def overdue_q(today=None):
    """Past the deadline day in Beijing time and not closed."""
    return Q(deadline__lt=today or timezone.localdate()) & ~Q(state=HazardState.CLOSED)


def ledger(*, user, school_id=None, area="", severity="", state="", overdue=False, supervised=False,
           campaign_id=None, open_only=False, rebound=False, today=None):  # fmt: skip
    """The hazard ledger (隐患台账) with its filters, one query for the rows."""
    hazards = hazards_for_user(user).select_related("school", "supervisor")
    if school_id:
        hazards = hazards.filter(school_id=school_id)
    if campaign_id:
        hazards = hazards.filter(campaign_id=campaign_id)
    if area:
        hazards = hazards.filter(area=area)
    if severity:
        hazards = hazards.filter(severity=severity)
    if state:
        hazards = hazards.filter(state=state)
    if overdue:
        hazards = hazards.filter(overdue_q(today))
    if supervised:
        hazards = hazards.filter(supervised=True)
    if open_only:
        hazards = hazards.exclude(state=HazardState.CLOSED)
    if rebound:
        hazards = hazards.filter(rebound_of__isnull=False)
    return hazards.order_by("-found_at", "-pk")


def ledger_counts(hazards, *, today=None):
    """The figures on top of the ledger in one aggregate query."""
    counts = hazards.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=~Q(state=HazardState.CLOSED)),
        closed=Count("pk", filter=Q(state=HazardState.CLOSED)),
        overdue=Count("pk", filter=overdue_q(today)),
        major=Count("pk", filter=Q(severity=HazardSeverity.MAJOR)),
        supervised=Count("pk", filter=Q(supervised=True)),
        awaiting=Count("pk", filter=Q(state=HazardState.AWAITING_VERIFICATION)),
        rebounds=Count("pk", filter=Q(rebound_of__isnull=False)),
    )
    counts["rectification_rate"] = (
        round(100 * counts["closed"] / counts["total"]) if counts["total"] else None
    )
    return counts


def hazard_timeline(hazard):
    return hazard.events.select_related("by")


def rechecks_due(*, user, today=None):
    """Closed hazards whose re-check (回头看) day has come and that are not yet re-checked."""
    return hazards_for_user(user).filter(
        state=HazardState.CLOSED, rechecked_at__isnull=True, recheck_date__lte=today or timezone.localdate()
    )
