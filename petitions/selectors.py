"""Reads of backlog petition cases (信访积案, R7.1), scoped to what the user may see.

A case is seen by the bureau and by the school concerned — and there only by the roles in
`permissions.READERS`: duty staff see no case at all, not even their own school's.

Overdue: a milestone is overdue from the day after its due date (Beijing time) while it is not done
and its case is still worked on (open or in progress). A case proposed as resolved waits for the
bureau, and a closed one is done: their unfinished milestones no longer count as overdue; a reopened
case's do again.
"""

from datetime import datetime, time

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from schools.selectors import membership_of, schools_for_user

from .enums import ACTIVE_STATES, PetitionState
from .models import Milestone, PetitionCase, ProgressNote
from .permissions import READERS


def cases_for_user(user):
    membership = membership_of(user)
    if membership is None or membership.role not in READERS:
        return PetitionCase.objects.none()
    return PetitionCase.objects.filter(school__in=schools_for_user(user))


def case_for_user(user, pk):
    """One case the user may see, or 404: an outsider learns nothing about other schools' cases."""
    cases = cases_for_user(user).select_related("school", "school__bureau", "created_by")
    return get_object_or_404(cases, pk=pk)


def milestone_for_user(user, pk):
    milestones = Milestone.objects.filter(case__in=cases_for_user(user)).select_related(
        "case", "case__school"
    )
    return get_object_or_404(milestones, pk=pk)


def overdue_milestones_q(today):
    """On Milestone: past the due day in Beijing time, not done, its case still worked on."""
    return Q(done_at__isnull=True, due_date__lt=today, case__state__in=ACTIVE_STATES)


def has_overdue_q(today):
    """On PetitionCase: it has at least one overdue milestone."""
    overdue = Milestone.objects.filter(case=OuterRef("pk"), done_at__isnull=True, due_date__lt=today)
    return Q(state__in=ACTIVE_STATES) & Exists(overdue)


def with_milestone_figures(cases, today):
    """Each case with `milestones_total`, `milestones_done`, `overdue_milestones` and `next_due` (the
    earliest due date not done), in the same query."""
    not_done = Q(milestones__done_at__isnull=True)
    return cases.annotate(
        milestones_total=Count("milestones"),
        milestones_done=Count("milestones", filter=Q(milestones__done_at__isnull=False)),
        overdue_milestones=Count(
            "milestones", filter=not_done & Q(milestones__due_date__lt=today, state__in=ACTIVE_STATES)
        ),
        next_due=Min("milestones__due_date", filter=not_done),
    )


def case_list(*, user, school_id=None, state="", active_only=False, overdue=False, today=None):
    """The list of cases with its filters, one query for the rows."""
    today = today or timezone.localdate()
    cases = cases_for_user(user).select_related("school")
    if school_id:
        cases = cases.filter(school_id=school_id)
    if state:
        cases = cases.filter(state=state)
    if active_only:
        cases = cases.exclude(state=PetitionState.CLOSED)
    if overdue:
        cases = cases.filter(has_overdue_q(today))
    return with_milestone_figures(cases, today).order_by("-received_on", "-pk")


def case_counts(cases, *, today=None):
    """The figures above the list in one aggregate query."""
    today = today or timezone.localdate()
    return cases.order_by().aggregate(
        total=Count("pk"),
        not_closed=Count("pk", filter=~Q(state=PetitionState.CLOSED)),
        open=Count("pk", filter=Q(state=PetitionState.OPEN)),
        in_progress=Count("pk", filter=Q(state=PetitionState.IN_PROGRESS)),
        resolved=Count("pk", filter=Q(state=PetitionState.RESOLVED)),
        closed=Count("pk", filter=Q(state=PetitionState.CLOSED)),
        overdue=Count("pk", filter=has_overdue_q(today)),
    )


def latest_note_text():
    """The text of a case's latest progress note, as a subquery for exports."""
    notes = ProgressNote.objects.filter(case=OuterRef("pk")).order_by("-happened_on", "-at", "-pk")
    return Subquery(notes.values("text")[:1])


def case_milestones(case):
    return case.milestones.select_related("done_by")


def case_notes(case):
    return case.notes.select_related("by")


def case_timeline(case):
    return case.events.select_related("by")


def milestones_of(cases):
    """The milestones of `cases` (already scoped), with their case and school, for exports."""
    return (
        Milestone.objects.filter(case__in=cases)
        .select_related("case", "case__school", "done_by")
        .order_by("case__school__code", "case__received_on", "case_id", "due_date", "pk")
    )


# --- The campaign's pages --------------------------------------------------------------------------


def _campaign_window(campaign):
    """[first moment, last day] of the campaign: from its start day 00:00 Beijing time to the day
    the sessions close."""
    beijing = timezone.get_default_timezone()
    return datetime.combine(campaign.start_date, time.min, tzinfo=beijing), campaign.closing_date


def campaign_cases(*, user, campaign, school=None):
    """The cases of the campaign's schools (those `user` may see) that were open at any time during
    the campaign: received on or before the day the sessions close, and not closed before the
    campaign's first day (by their latest closure; a reopened case is not closed).

    Petitions are not tied to a campaign: a case counts for every campaign whose time it overlaps.
    """
    start, last_day = _campaign_window(campaign)
    schools = schools_for_user(user).filter(campaigns=campaign)
    if school is not None:
        schools = schools.filter(pk=school.pk)
    return cases_for_user(user).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=start),
        school__in=schools,
        received_on__lte=last_day,
    )


def campaign_figures(*, user, campaign, now=None) -> dict:
    """Figures for the bureau's campaign dashboard, in 3 queries.

    Counted: the cases of the campaign's schools that were open at any time during the campaign
    (`campaign_cases`), as the user may see them. `total` of those; `not_closed`, `resolved`
    (awaiting the bureau's closure) and `closed` as they stand at `now`; `overdue_cases` with at least
    one milestone overdue at `now` and `overdue_milestones` how many milestones; `per_school` is
    {school_id: number of cases with overdue milestones}, only schools that have any.
    """
    today = timezone.localdate(now or timezone.now())
    membership = membership_of(user)
    cases = campaign_cases(user=user, campaign=campaign)
    counts = case_counts(cases, today=today)
    per_school = dict(
        cases.filter(has_overdue_q(today))
        .order_by()
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    overdue_milestones = Milestone.objects.filter(overdue_milestones_q(today), case__in=cases).count()
    return {
        "visible": membership is not None and membership.role in READERS,
        "total": counts["total"],
        "not_closed": counts["not_closed"],
        "resolved": counts["resolved"],
        "closed": counts["closed"],
        "overdue_cases": counts["overdue"],
        "overdue_milestones": overdue_milestones,
        "per_school": per_school,
    }


def school_campaign_figures(*, user, campaign, school, now=None) -> dict:
    """What a school's page in a campaign shows about its petition cases, in 1 query: the cases that
    were open at any time during the campaign, not closed ones first, each with its milestone figures
    (`with_milestone_figures`); `visible` is False for a user who may not see petitions at all (duty
    staff), and the section is then left out."""
    today = timezone.localdate(now or timezone.now())
    membership = membership_of(user)
    if membership is None or membership.role not in READERS:
        return {"visible": False, "cases": [], "total": 0, "not_closed": 0, "overdue_cases": 0}
    cases = with_milestone_figures(campaign_cases(user=user, campaign=campaign, school=school), today)
    rows = sorted(cases, key=lambda case: (case.state == PetitionState.CLOSED, -case.received_on.toordinal()))
    return {
        "visible": True,
        "cases": rows,
        "total": len(rows),
        "not_closed": sum(case.state != PetitionState.CLOSED for case in rows),
        "overdue_cases": sum(bool(case.overdue_milestones) for case in rows),
        "today": today,
    }
