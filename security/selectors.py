"""Reads of the gate register, the patrol log and the police room, scoped to what the user may see.

Every read starts from `schools.selectors.schools_for_user`. The figures for the bureau's dashboard
are counted in the database, a correlated subquery per figure, so they cost one query whatever the
number of schools and records.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from schools.models import Membership
from schools.selectors import schools_for_user

from .enums import EntryState, GateFilter, ItemStatus
from .equipment import REQUIRED_ITEMS
from .models import GateEntry, Patrol, PatrolFinding, PoliceRoomChange, PoliceRoomItem, expired_q
from .services import AFTERMATH

OPEN_STATES = (EntryState.AWAITING_HOST, EntryState.INSIDE)
DESK_CLOSED_SHOWN = 20  # today's finished entries under the open ones on the guard's page


def campaign_period(campaign):
    """[start, end) of the campaign in Beijing time: its first day 00:00 until the end of the day a week
    after the sessions close — the same period as `reports.selectors.campaign_period` (which imports
    this app, so it is not imported here)."""
    beijing = timezone.get_default_timezone()
    start = datetime.combine(campaign.start_date, time.min, tzinfo=beijing)
    end = datetime.combine(campaign.closing_date + AFTERMATH + timedelta(days=1), time.min, tzinfo=beijing)
    return start, end


def day_bounds(day):
    """[start, end) of a Beijing calendar day."""
    beijing = timezone.get_default_timezone()
    start = datetime.combine(day, time.min, tzinfo=beijing)
    return start, start + timedelta(days=1)


# --- The gate register ----------------------------------------------------------------------------


def entries_for_user(user):
    return GateEntry.objects.filter(school__in=schools_for_user(user))


def entry_for_user(user, pk):
    entries = entries_for_user(user).select_related("school", "created_by", "answered_by")
    return get_object_or_404(entries, pk=pk)


def entry_events(entry):
    return entry.events.select_related("by")


def gate_filter_q():
    return {
        GateFilter.FLAGGED: Q(temperature_flagged=True),
        GateFilter.AWAITING_HOST: Q(state=EntryState.AWAITING_HOST),
        GateFilter.INSIDE: Q(state=EntryState.INSIDE),
        GateFilter.REFUSED: Q(state=EntryState.REFUSED),
    }


def gate_list(*, user, school_id=None, campaign=None, day=None, show=""):
    """The gate register with its filters; `show` is a GateFilter value."""
    entries = entries_for_user(user).select_related("school")
    if school_id:
        entries = entries.filter(school_id=school_id)
    if campaign is not None:
        start, end = campaign_period(campaign)
        entries = entries.filter(school__in=campaign.schools.all(), time_in__gte=start, time_in__lt=end)
    if day is not None:
        start, end = day_bounds(day)
        entries = entries.filter(time_in__gte=start, time_in__lt=end)
    if show:
        entries = entries.filter(gate_filter_q()[show])
    return entries.order_by("-time_in", "-pk")


def gate_counts(entries):
    """The figures above the register in one aggregate query."""
    q = gate_filter_q()
    return entries.order_by().aggregate(
        total=Count("pk"),
        flagged=Count("pk", filter=q[GateFilter.FLAGGED]),
        awaiting_host=Count("pk", filter=q[GateFilter.AWAITING_HOST]),
        inside=Count("pk", filter=q[GateFilter.INSIDE]),
        refused=Count("pk", filter=q[GateFilter.REFUSED]),
    )


def desk_entries(*, school, now=None):
    """The guard's lists: (open entries of any day, today's finished entries, latest first)."""
    start, _end = day_bounds(timezone.localdate(now or timezone.now()))
    entries = GateEntry.objects.filter(school=school)
    # "awaiting_host" sorts before "inside": those waiting for their host first, then the earliest in.
    open_entries = entries.filter(state__in=OPEN_STATES).order_by("state", "time_in", "pk")
    finished = entries.exclude(state__in=OPEN_STATES).filter(time_in__gte=start).order_by("-time_in", "-pk")
    return list(open_entries), list(finished[:DESK_CLOSED_SHOWN])


def visitor_today(*, school, phone, now=None):
    """The latest entry of today at `school` for this phone number, or None."""
    phone = "".join(phone.split())
    if not phone:
        return None
    start, end = day_bounds(timezone.localdate(now or timezone.now()))
    entries = GateEntry.objects.filter(school=school, phone=phone, time_in__gte=start, time_in__lt=end)
    return entries.order_by("-time_in", "-pk").first()


def host_names(school):
    """The school's people, as suggestions for the host field."""
    members = Membership.objects.filter(school=school, user__is_active=True).exclude(user__full_name="")
    return list(members.order_by("user__full_name").values_list("user__full_name", flat=True).distinct())


# --- The patrol log -------------------------------------------------------------------------------


def patrols_for_user(user):
    return Patrol.objects.filter(school__in=schools_for_user(user))


def patrol_for_user(user, pk):
    return get_object_or_404(patrols_for_user(user).select_related("school", "created_by"), pk=pk)


def patrol_findings(patrol):
    return patrol.findings.select_related("hazard", "escalated_by", "created_by")


def finding_for_user(user, pk):
    findings = PatrolFinding.objects.filter(patrol__school__in=schools_for_user(user))
    return get_object_or_404(findings.select_related("patrol", "patrol__school"), pk=pk)


def patrol_list(*, user, school_id=None, campaign=None, with_findings=False):
    patrols = patrols_for_user(user)
    if school_id:
        patrols = patrols.filter(school_id=school_id)
    if campaign is not None:
        start, end = campaign_period(campaign)
        patrols = patrols.filter(
            school__in=campaign.schools.all(), patrolled_at__gte=start, patrolled_at__lt=end
        )
    if with_findings:
        patrols = patrols.filter(pk__in=PatrolFinding.objects.values("patrol"))
    return patrols.order_by("-patrolled_at", "-pk")


def with_finding_counts(patrols):
    return patrols.select_related("school").annotate(
        finding_count=Count("findings"),
        hazard_count=Count("findings", filter=Q(findings__hazard__isnull=False)),
    )


def patrol_counts(patrols):
    """Patrols, patrols with findings, findings, and findings entered as hazards: one query."""
    return patrols.order_by().aggregate(
        total=Count("pk", distinct=True),
        with_findings=Count("pk", distinct=True, filter=Q(findings__isnull=False)),
        # Not named "findings": an aggregate of that name would hide the relation from the next one.
        finding_count=Count("findings"),
        hazard_count=Count("findings", filter=Q(findings__hazard__isnull=False)),
    )


def recent_routes(school, limit=8):
    """Routes the school's patrols took lately, as suggestions."""
    routes = Patrol.objects.filter(school=school).order_by("-patrolled_at").values_list("route", flat=True)
    seen = []
    for route in routes[:50]:
        if route not in seen:
            seen.append(route)
    return seen[:limit]


# --- The police room ------------------------------------------------------------------------------


@dataclass
class ChecklistRow:
    """A required item and the school's record of it (None until first checked)."""

    name: str
    required_quantity: int
    has_expiry: bool
    item: PoliceRoomItem | None
    status: str  # as it stands today (`PoliceRoomItem.current_status`)

    @property
    def is_problem(self):
        return self.status in (ItemStatus.MISSING, ItemStatus.EXPIRED)

    @property
    def label(self):
        return ItemStatus(self.status).label


def police_room_checklist(*, school, today=None):
    """Every required item in the rules' order, with the school's record of it: one query."""
    today = today or timezone.localdate()
    items = {item.name: item for item in school.police_items.select_related("checked_by")}
    rows = []
    for required in REQUIRED_ITEMS:
        item = items.get(required.name)
        status = item.current_status(today) if item else ItemStatus.UNCHECKED
        rows.append(ChecklistRow(required.name, required.quantity, required.has_expiry, item, status))
    return rows


def police_room_history(school, limit=20):
    changes = PoliceRoomChange.objects.filter(item__school=school).select_related("item", "by")
    return list(changes.order_by("-at", "-pk")[:limit])


def _count(queryset, school_field="school"):
    """The number of rows of `queryset` per school, as a correlated subquery (0 when none)."""
    counted = (
        queryset.filter(**{school_field: OuterRef("pk")})
        .order_by()
        .values(school_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def _police_counts(today):
    items = PoliceRoomItem.objects.all()
    return {
        "items_checked": _count(items.exclude(status=ItemStatus.UNCHECKED)),
        "missing": _count(items.filter(status=ItemStatus.MISSING)),
        "expired": _count(items.filter(expired_q(today))),
    }


def police_room_overview(*, user, today=None, problems_only=False):
    """The bureau's schools with their missing and expired items, most problems first: one query."""
    today = today or timezone.localdate()
    schools = (
        schools_for_user(user)
        .filter(is_active=True)
        .annotate(
            **_police_counts(today),
            last_checked=Subquery(
                PoliceRoomItem.objects.filter(school=OuterRef("pk"))
                .order_by()
                .values("school")
                .annotate(last=Max("checked_at"))
                .values("last")[:1]
            ),
        )
    )
    rows = list(schools.order_by("code"))
    for school in rows:
        school.problems = school.missing + school.expired
    if problems_only:
        rows = [school for school in rows if school.problems]
    return sorted(rows, key=lambda school: (-school.problems, school.items_checked > 0, school.code))


# --- Figures for the bureau's campaign dashboard and a school's campaign page ---------------------


def _school_figures(schools, *, campaign, today):
    """`schools` annotated with their gate, patrol and police-room figures for the campaign."""
    start, end = campaign_period(campaign)
    entries = GateEntry.objects.filter(time_in__gte=start, time_in__lt=end)
    patrols = Patrol.objects.filter(patrolled_at__gte=start, patrolled_at__lt=end)
    findings = PatrolFinding.objects.filter(patrol__patrolled_at__gte=start, patrol__patrolled_at__lt=end)
    return schools.annotate(
        n_entries=_count(entries),
        n_flagged=_count(entries.filter(temperature_flagged=True)),
        n_awaiting_host=_count(entries.filter(state=EntryState.AWAITING_HOST)),
        n_patrols=_count(patrols),
        n_findings=_count(findings, "patrol__school"),
        **{f"n_{name}": count for name, count in _police_counts(today).items()},
    )


FIGURES = ("entries", "flagged", "awaiting_host", "patrols", "findings", "missing", "expired")


def campaign_figures(*, user, campaign, now=None):
    """The campaign's gate, patrol and police-room figures over the covered schools `user` may see.

    Gate entries and patrols count within the campaign period; the police room as it stands today.
    `per_school` maps each covered school's id to its problems: missing plus expired items. One query
    (and the user's membership, when not yet read in this request).
    """
    today = timezone.localdate(now or timezone.now())
    schools = campaign.schools.filter(pk__in=schools_for_user(user).values("pk"))
    rows = list(_school_figures(schools, campaign=campaign, today=today).order_by())
    figures = {name: sum(getattr(row, f"n_{name}") for row in rows) for name in FIGURES}
    per_school = {row.pk: row.n_missing + row.n_expired for row in rows}
    return {
        **figures,
        "schools": len(rows),
        "schools_with_problems": sum(1 for problems in per_school.values() if problems),
        "schools_unchecked": sum(1 for row in rows if not row.n_items_checked),
        "per_school": per_school,
    }


def school_campaign_figures(*, user, campaign, school, now=None):
    """One school's figures for the campaign, and its police-room items missing or expired: two queries
    (and the user's membership, when not yet read in this request)."""
    today = timezone.localdate(now or timezone.now())
    schools = schools_for_user(user).filter(pk=school.pk)
    row = _school_figures(schools, campaign=campaign, today=today).order_by().first()
    if row is None:
        return {name: 0 for name in FIGURES} | {"items_checked": 0, "problem_items": []}
    problems = PoliceRoomItem.objects.filter(school=row).filter(
        Q(status=ItemStatus.MISSING) | expired_q(today)
    )
    problem_items = list(problems.order_by("position", "pk"))
    for item in problem_items:
        item.current = item.current_status(today)
    return {name: getattr(row, f"n_{name}") for name in (*FIGURES, "items_checked")} | {
        "problem_items": problem_items
    }
