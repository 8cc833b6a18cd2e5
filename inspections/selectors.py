"""Reads of checklists and inspections, scoped; unannounced visits stay hidden from the school
until the bureau publishes them."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from schools.selectors import membership_of, schools_for_user

from .enums import InspectionKind, InspectionState, ItemResult
from .models import ChecklistTemplate, Inspection

VISIBLE_TO_SCHOOL = ~Q(kind=InspectionKind.UNANNOUNCED) | Q(state=InspectionState.PUBLISHED)


def inspections_for_user(user):
    inspections = Inspection.objects.filter(school__in=schools_for_user(user))
    membership = membership_of(user)
    if membership is not None and membership.is_school:
        inspections = inspections.filter(VISIBLE_TO_SCHOOL)
    return inspections


def inspection_for_user(user, pk):
    inspections = inspections_for_user(user).select_related("school", "school__bureau", "leader", "campaign")
    return get_object_or_404(inspections, pk=pk)


def inspection_list(*, user, school_id=None, kind="", state=""):
    inspections = (
        inspections_for_user(user)
        .select_related("school")
        .annotate(
            failed=Count("items", filter=Q(items__result=ItemResult.FAIL)),
            checked=Count("items", filter=~Q(items__result="")),
            total=Count("items"),
        )
    )
    if school_id:
        inspections = inspections.filter(school_id=school_id)
    if kind:
        inspections = inspections.filter(kind=kind)
    if state:
        inspections = inspections.filter(state=state)
    return inspections


def inspection_items(inspection):
    """The items with their photos and the hazard each failed item became, in two queries."""
    return inspection.items.select_related("hazard").prefetch_related("photos")


def templates_for_user(user):
    membership = membership_of(user)
    if membership is None or not membership.is_bureau:
        return ChecklistTemplate.objects.none()
    return ChecklistTemplate.objects.filter(bureau_id=membership.bureau_id).annotate(
        item_count=Count("items")
    )
