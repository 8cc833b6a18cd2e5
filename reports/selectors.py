"""Reads for the bureau's campaign dashboard, a school's page in a campaign, and the home pages.

Everything here returns plain data (dataclasses, model instances, numbers) — no request, no HTML —
so the dashboard page and the campaign summary PDF read the same figures from `campaign_summary`.
Every read starts from a scoped selector (`campaigns_for_user`, `hazards_for_user`,
`inspections_for_user`, `incidents_for_user`): an unannounced visit the bureau has not published,
and the hazards it found, stay out of everything a school user sees. Each function costs a fixed
number of queries whatever the number of schools, campaigns and records: figures are aggregated in
the database (`values(…).annotate(…)`), never counted one school at a time.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.utils import timezone

from duty.enums import TimelinessFilter, WrittenStatus
from duty.models import DutyDay, DutyRoster, DutyShift
from duty.selectors import OnDuty, campaign_rosters, incident_counts, incidents_for_user, timeliness_q
from duty.timeliness import written_status
from hazards.enums import HazardSeverity, HazardState
from hazards.selectors import hazards_for_user, ledger_counts, overdue_q
from inspections.enums import InspectionKind, InspectionState
from inspections.selectors import inspections_for_user
from notifications.selectors import notifications_for_user
from plans import deliverables as deliverable_types
from plans.enums import BoardStatus, FocusArea, SubmissionState
from plans.models import Deliverable, Submission, board_status
from plans.selectors import DeliverableRow, board, campaigns_for_user, school_deliverables

from .parts import campaign_parts, school_gaps, school_parts

# A campaign runs from its first day until a week after the sessions close: the week in which the
# schools write their summaries (R1.2). Incidents of that whole period count towards it.
AFTERMATH = timedelta(days=7)
DONE_STATES = (InspectionState.DONE, InspectionState.PUBLISHED)
# Board statuses in the order the dashboard stacks them.
PROGRESS_ORDER = (
    BoardStatus.ON_TIME,
    BoardStatus.LATE,
    BoardStatus.RETURNED,
    BoardStatus.ACCEPTED,
    BoardStatus.DRAFT,
    BoardStatus.NOT_STARTED,
    BoardStatus.OVERDUE,
)
# What a school sees in "my deadlines": handed in, still to do, or past due and not handed in.
DONE_STATUSES = frozenset({BoardStatus.ON_TIME, BoardStatus.LATE, BoardStatus.ACCEPTED})
HANDED_IN_STATES = (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED, SubmissionState.RETURNED)


def campaign_period(campaign):
    """[start, end) of the campaign in Beijing time: its first day 00:00 until the end of the day a
    week after the sessions close."""
    beijing = timezone.get_default_timezone()
    start = datetime.combine(campaign.start_date, time.min, tzinfo=beijing)
    end = datetime.combine(campaign.closing_date + AFTERMATH + timedelta(days=1), time.min, tzinfo=beijing)
    return start, end


def in_progress_q(today):
    """Campaigns under way on `today`: started, and not more than a week past the closing day."""
    return Q(start_date__lte=today, closing_date__gte=today - AFTERMATH)


def campaigns_in_progress(*, user, today=None):
    today = today or timezone.localdate()
    return campaigns_for_user(user).filter(in_progress_q(today)).order_by("closing_date", "pk")


@dataclass(frozen=True)
class Tally:
    """One line of a breakdown: a value (an enum value), its label and how many."""

    value: str
    label: str
    count: int


# ---------------------------------------------------------------------------------------------
# The bureau's campaign dashboard (and the campaign summary PDF)


@dataclass
class DeliverableProgress:
    """One deliverable across the covered schools, counted by board status."""

    deliverable: object
    counts: Counter
    accepted_late: int = 0  # accepted, but it came in after the due moment

    @property
    def statuses(self):
        """Every board status in the dashboard's order, with its count (zeros included)."""
        return [Tally(status.value, status.label, self.counts[status.value]) for status in PROGRESS_ORDER]

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def on_time(self):
        """Handed in by the due moment and not sent back: submitted on time, or accepted on time."""
        return self.counts[BoardStatus.ON_TIME] + self.counts[BoardStatus.ACCEPTED] - self.accepted_late

    @property
    def late(self):
        return self.counts[BoardStatus.LATE] + self.accepted_late

    @property
    def missing(self):
        """Past the due moment and not handed in (the board's "overdue")."""
        return self.counts[BoardStatus.OVERDUE]


@dataclass
class SchoolRank:
    """A covered school's standing in the campaign; ranked by `overdue_items`."""

    school: object
    overdue_hazards: int = 0
    missing_deliverables: int = 0
    overdue_written: int = 0  # incidents whose written report is past due and not filed
    open_hazards: int = 0
    hazards: int = 0
    inspections: int = 0
    incidents: int = 0
    other_gaps: int = 0  # what the school owes in the rest of the plan, see `reports.parts.school_gaps`

    @property
    def overdue_items(self):
        return self.overdue_hazards + self.missing_deliverables + self.overdue_written


@dataclass
class CampaignSummary:
    campaign: object
    now: object
    period: tuple  # (start, end) of the incidents counted, see `campaign_period`
    deliverables: list  # of DeliverableProgress, in due order
    hazards: dict  # hazards.selectors.ledger_counts of the campaign's hazards
    hazards_by_area: list  # of Tally, FocusArea order
    hazards_by_state: list  # of Tally, HazardState order
    inspections_by_kind: list  # of Tally: inspections done (or published), by kind
    incidents: dict  # duty.selectors.incident_counts, plus written_on_time / written_late / written_due
    schools_ranked: list = field(default_factory=list)  # of SchoolRank, most overdue items first
    parts: list = field(default_factory=list)  # of reports.parts.PartFigures: R5–R7 and R9

    @property
    def school_count(self):
        return len(self.schools_ranked)

    @property
    def missing_deliverables(self):
        return sum(progress.missing for progress in self.deliverables)

    @property
    def inspections_done(self):
        return sum(tally.count for tally in self.inspections_by_kind)

    @property
    def first_report_on_time(self):
        return self.incidents["total"] - self.incidents["first_late"]

    @property
    def schools_with_overdue_items(self):
        return sum(1 for rank in self.schools_ranked if rank.overdue_items)


def campaign_summary(*, user, campaign, now=None):
    """Everything the campaign dashboard and its PDF show, in nine queries and those of `reports.parts`
    (about a dozen) at any size."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    matrix = board(campaign=campaign, now=now)  # three queries
    ranks = {row.school.pk: SchoolRank(row.school) for row in matrix.rows}
    progress = [DeliverableProgress(deliverable, counts) for deliverable, counts in zip(
        matrix.deliverables, matrix.counts, strict=True)]  # fmt: skip
    for row in matrix.rows:
        for index, cell in enumerate(row.cells):
            if cell.status == BoardStatus.OVERDUE:
                ranks[row.school.pk].missing_deliverables += 1
            elif cell.status == BoardStatus.ACCEPTED and cell.submission.late:
                progress[index].accepted_late += 1

    hazards = hazards_for_user(user).filter(campaign=campaign).order_by()
    hazard_counts = ledger_counts(hazards, today=today)
    by_area, by_state = Counter(), Counter()
    for group in hazards.values("area", "state").annotate(n=Count("pk")):
        by_area[group["area"]] += group["n"]
        by_state[group["state"]] += group["n"]
    per_school = hazards.values("school").annotate(
        total=Count("pk"),
        open=Count("pk", filter=~Q(state=HazardState.CLOSED)),
        overdue=Count("pk", filter=overdue_q(today)),
    )
    for group in per_school:
        if rank := ranks.get(group["school"]):
            rank.hazards, rank.open_hazards = group["total"], group["open"]
            rank.overdue_hazards = group["overdue"]
    areas = [a for a in FocusArea if a.value in campaign.focus_areas or by_area[a.value]]

    inspections = inspections_for_user(user).filter(campaign=campaign, state__in=DONE_STATES).order_by()
    by_kind = Counter()
    for group in inspections.values("school", "kind").annotate(n=Count("pk")):
        by_kind[group["kind"]] += group["n"]
        if rank := ranks.get(group["school"]):
            rank.inspections += group["n"]

    incident_figures = _campaign_incidents(user, campaign, now, ranks)
    parts = campaign_parts(user=user, campaign=campaign, now=now)
    for school_id, gaps in school_gaps(parts).items():
        if rank := ranks.get(school_id):
            rank.other_gaps = gaps
    return CampaignSummary(
        campaign=campaign,
        now=now,
        period=campaign_period(campaign),
        deliverables=progress,
        hazards=hazard_counts,
        hazards_by_area=[Tally(a.value, a.label, by_area[a.value]) for a in areas],
        hazards_by_state=[Tally(s.value, s.label, by_state[s.value]) for s in HazardState],
        inspections_by_kind=[Tally(k.value, k.label, by_kind[k.value]) for k in InspectionKind],
        incidents=incident_figures,
        schools_ranked=sorted(
            ranks.values(), key=lambda rank: (-rank.overdue_items, -rank.other_gaps, rank.school.code)
        ),
        parts=parts,
    )


def _campaign_incidents(user, campaign, now, ranks):
    """The incidents at the covered schools during the campaign: their figures, and each school's."""
    start, end = campaign_period(campaign)
    incidents = incidents_for_user(user).filter(
        school__in=campaign.schools.all(), occurred_at__gte=start, occurred_at__lt=end
    )
    figures = incident_counts(incidents, now=now)
    q = timeliness_q(now)
    written_on_time = Q(written_at__isnull=False, written_at__lte=F("written_due_at"))
    per_school = (
        incidents.order_by()
        .values("school")
        .annotate(
            total=Count("pk"),
            written_overdue=Count("pk", filter=q[TimelinessFilter.WRITTEN_OVERDUE]),
            written_late=Count("pk", filter=q[TimelinessFilter.WRITTEN_LATE]),
            written_on_time=Count("pk", filter=written_on_time),
        )
    )
    figures |= {"written_late": 0, "written_on_time": 0}
    for group in per_school:
        figures["written_late"] += group["written_late"]
        figures["written_on_time"] += group["written_on_time"]
        if rank := ranks.get(group["school"]):
            rank.incidents, rank.overdue_written = group["total"], group["written_overdue"]
    figures["written_due"] = (
        figures["total"] - figures["written_overdue"] - figures["written_late"] - figures["written_on_time"]
    )
    return figures


# ---------------------------------------------------------------------------------------------
# One school in one campaign


@dataclass
class IncidentRow:
    incident: object
    written_status: str  # duty.enums.WrittenStatus at `now`

    @property
    def first_report_late(self):
        return self.incident.first_report_late


@dataclass
class SchoolCampaignDetail:
    campaign: object
    school: object
    now: object
    deliverables: list  # of plans.selectors.DeliverableRow
    hazards: list  # of Hazard, annotated `overdue`; open ones first, nearest deadline first
    inspections: list  # of Inspection
    incidents: list  # of IncidentRow
    on_duty: OnDuty
    parts: list = field(default_factory=list)  # of reports.parts.PartFigures: R5–R7 and R9

    @property
    def hazard_counts(self):
        return {
            "total": len(self.hazards),
            "open": sum(1 for h in self.hazards if h.state != HazardState.CLOSED),
            "overdue": sum(1 for h in self.hazards if h.overdue),
            "major": sum(1 for h in self.hazards if h.severity == HazardSeverity.MAJOR),
            "supervised": sum(1 for h in self.hazards if h.supervised),
        }

    @property
    def missing_deliverables(self):
        return sum(1 for row in self.deliverables if row.status == BoardStatus.OVERDUE)

    @property
    def overdue_written(self):
        return sum(1 for row in self.incidents if row.written_status == WrittenStatus.OVERDUE)

    @property
    def overdue_items(self):
        """Counted as on the dashboard's ranking."""
        return self.hazard_counts["overdue"] + self.missing_deliverables + self.overdue_written


def with_overdue(hazards, today):
    """Hazards annotated `overdue` (past the deadline day, not closed), open and most urgent first."""
    return hazards.annotate(
        overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()),
        closed=ExpressionWrapper(Q(state=HazardState.CLOSED), output_field=BooleanField()),
    ).order_by("closed", F("deadline").asc(nulls_last=True), "-found_at", "-pk")


def school_campaign_detail(*, user, campaign, school, now=None):
    """Everything about `school` in `campaign`, as `user` may see it, in seven queries and those of
    `reports.parts` (about a dozen)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    start, end = campaign_period(campaign)
    hazards = hazards_for_user(user).filter(campaign=campaign, school=school).select_related("supervisor")
    inspections = inspections_for_user(user).filter(campaign=campaign, school=school).order_by("-date", "-pk")
    incidents = incidents_for_user(user).filter(school=school, occurred_at__gte=start, occurred_at__lt=end)
    rosters = campaign_rosters(campaign).filter(submission__school=school)
    return SchoolCampaignDetail(
        campaign=campaign,
        school=school,
        now=now,
        deliverables=school_deliverables(campaign=campaign, school=school, now=now),
        hazards=list(with_overdue(hazards, today)),
        inspections=list(inspections),
        incidents=[IncidentRow(incident, written_status(incident, now)) for incident in incidents],
        on_duty=school_on_duty(school=school, rosters=rosters, now=now),
        parts=school_parts(user=user, campaign=campaign, school=school, now=now),
    )


def school_on_duty(*, school, rosters, now=None):
    """Who is on duty at `school` at `now`, from `rosters` (the school's), in two queries.

    The same reading as `duty.selectors.on_duty_now`, for one school instead of every covered one:
    the duty day in force began at the last hand-over, and a shift now running started today, or
    yesterday and runs past midnight.
    """
    local = timezone.localtime(now or timezone.now())
    today, clock = local.date(), local.replace(tzinfo=None)
    yesterday = today - timedelta(days=1)
    row = OnDuty(school)
    days = DutyDay.objects.filter(roster__in=rosters, date__in=[today, yesterday]).select_related("roster")
    for day in days:
        in_force = today if local.time() >= day.roster.handover else yesterday
        if day.date == in_force:
            row.leader, row.leader_phone = day.leader, day.leader_phone
    shifts = DutyShift.objects.filter(day__roster__in=rosters, day__date__in=[today, yesterday])
    for shift in shifts.select_related("day").order_by("day__date", "start"):
        begin, end = shift.interval()
        if begin <= clock < end:
            row.shifts.append(shift)
    return row


# ---------------------------------------------------------------------------------------------
# Home pages


@dataclass
class CampaignFigures:
    """A campaign in progress, as the bureau's home page shows it."""

    campaign: object
    school_count: int = 0
    expected: int = 0  # deliverables due by now × covered schools
    handed_in: int = 0  # of those, handed in (submitted, accepted or returned)
    missing: int = 0  # past due and not handed in: the board's "overdue"
    open_hazards: int = 0
    overdue_hazards: int = 0
    inspections_done: int = 0

    @property
    def handed_in_rate(self):
        return round(100 * self.handed_in / self.expected) if self.expected else None


def bureau_home(*, user, now=None):
    """The campaigns in progress with their key figures, in four queries however many there are."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    campaigns = campaigns_in_progress(user=user, today=today).annotate(
        school_count=Count("schools", distinct=True)
    )
    rows = {c.pk: CampaignFigures(c, school_count=c.school_count) for c in campaigns}
    if not rows:
        return []
    # A submission counts only for a school the campaign still covers, as on the board.
    handed_in = Count(
        "submissions",
        filter=Q(submissions__state__in=HANDED_IN_STATES, submissions__school__campaigns=F("campaign")),
        distinct=True,
    )
    past_due = Deliverable.objects.filter(campaign__in=list(rows), due_at__lt=now)
    for deliverable in past_due.annotate(n=handed_in):
        row = rows[deliverable.campaign_id]
        row.expected += row.school_count
        row.handed_in += deliverable.n
        row.missing += row.school_count - deliverable.n
    hazards = hazards_for_user(user).filter(campaign__in=list(rows)).order_by().values("campaign")
    for group in hazards.annotate(
        open=Count("pk", filter=~Q(state=HazardState.CLOSED)), overdue=Count("pk", filter=overdue_q(today))
    ):
        rows[group["campaign"]].open_hazards = group["open"]
        rows[group["campaign"]].overdue_hazards = group["overdue"]
    inspections = inspections_for_user(user).filter(campaign__in=list(rows), state__in=DONE_STATES).order_by()
    for group in inspections.values("campaign").annotate(n=Count("pk")):
        rows[group["campaign"]].inspections_done = group["n"]
    return list(rows.values())


@dataclass
class Deadline:
    """A deliverable the school owes in a campaign in progress, with where it stands."""

    campaign: object
    row: DeliverableRow

    @property
    def bucket(self):
        """One of "overdue", "due" or "done"."""
        if self.row.status == BoardStatus.OVERDUE:
            return "overdue"
        return "done" if self.row.status in DONE_STATUSES else "due"


@dataclass
class SchoolHome:
    school: object
    campaigns: list
    deadlines: list  # of Deadline: overdue first, then due, then done; by due moment
    hazards: list  # the first open hazards, annotated `overdue`, nearest deadline first
    hazard_counts: dict  # hazards.selectors.ledger_counts of all the school's hazards
    on_duty: OnDuty | None  # None when no campaign is in progress
    unread: list  # the latest unread notifications

    @property
    def deadline_counts(self):
        counts = Counter(deadline.bucket for deadline in self.deadlines)
        return {bucket: counts[bucket] for bucket in ("overdue", "due", "done")}


HOME_HAZARDS = 8
HOME_NOTICES = 5
_BUCKET_ORDER = {"overdue": 0, "due": 1, "done": 2}


def school_home(*, user, school, now=None):
    """A school user's first page, in at most eight queries however much there is."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    campaigns = {c.pk: c for c in campaigns_in_progress(user=user, today=today)}
    deadlines, on_duty = [], None
    if campaigns:
        deadlines = _deadlines(campaigns, school, now)
        rosters = DutyRoster.objects.filter(
            submission__school=school, submission__deliverable__campaign__in=list(campaigns)
        )
        on_duty = school_on_duty(school=school, rosters=rosters, now=now)
    hazards = hazards_for_user(user).filter(school=school)
    open_hazards = with_overdue(hazards.exclude(state=HazardState.CLOSED), today)
    unread = notifications_for_user(user).filter(read_at__isnull=True).order_by("-created_at", "-pk")
    return SchoolHome(
        school=school,
        campaigns=list(campaigns.values()),
        deadlines=deadlines,
        hazards=list(open_hazards.order_by(F("deadline").asc(nulls_last=True), "-found_at")[:HOME_HAZARDS]),
        hazard_counts=ledger_counts(hazards, today=today),
        on_duty=on_duty,
        unread=list(unread[:HOME_NOTICES]),
    )


def _deadlines(campaigns, school, now):
    """The school's deliverables of every campaign in progress, read as `school_deliverables` reads
    one campaign's, in two queries."""
    today = timezone.localdate(now)
    submissions = {
        s.deliverable_id: s
        for s in Submission.objects.filter(deliverable__campaign__in=list(campaigns), school=school)
    }
    deadlines = []
    for deliverable in Deliverable.objects.filter(campaign__in=list(campaigns)):
        campaign = campaigns[deliverable.campaign_id]
        deliverable.campaign = campaign
        submission = submissions.get(deliverable.pk)
        kind = deliverable_types.get(deliverable.kind)
        opens_on = kind.opens_on(campaign) if kind and kind.opens_on else None
        open_now = kind is not None and (opens_on is None or today >= opens_on)
        status = board_status(submission, deliverable, now)
        row = DeliverableRow(deliverable, submission, status, kind is not None, opens_on, open_now)
        deadlines.append(Deadline(campaign, row))
    return sorted(deadlines, key=lambda d: (_BUCKET_ORDER[d.bucket], d.row.deliverable.due_at, d.campaign.pk))
