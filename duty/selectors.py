"""Reads of rosters and incidents, scoped to what the user may see."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from plans.enums import DeliverableKind
from schools.selectors import schools_for_user

from .enums import TimelinessFilter
from .models import DutyDay, DutyRoster, DutyShift, Incident


def incidents_for_user(user):
    return Incident.objects.filter(school__in=schools_for_user(user))


def incident_for_user(user, pk):
    incidents = incidents_for_user(user).select_related(
        "school", "recorded_by", "written_by", "acknowledged_by"
    )
    return get_object_or_404(incidents, pk=pk)


def incident_list(*, user, school_id=None, category="", severity="", unreported=None):
    incidents = incidents_for_user(user).select_related("school")
    if school_id:
        incidents = incidents.filter(school_id=school_id)
    if category:
        incidents = incidents.filter(category=category)
    if severity:
        incidents = incidents.filter(severity=severity)
    if unreported is not None:
        incidents = incidents.filter(unreported=unreported)
    return incidents


def timeliness_q(now):
    """Each timeliness filter as SQL, read exactly as `Incident.first_report_late` and `written_status`."""
    return {
        TimelinessFilter.FIRST_LATE: Q(unreported=True)
        | Q(reported_at__isnull=True)
        | Q(reported_at__gt=F("first_due_at")),
        TimelinessFilter.WRITTEN_OVERDUE: Q(written_at__isnull=True, written_due_at__lt=now),
        TimelinessFilter.WRITTEN_LATE: Q(written_at__gt=F("written_due_at")),
        TimelinessFilter.UNREPORTED: Q(unreported=True),
    }


def incident_counts(incidents, *, now):
    """The figures above the incident list in one aggregate query, whatever the number of incidents."""
    q = timeliness_q(now)
    return incidents.aggregate(
        total=Count("pk"),
        first_late=Count("pk", filter=q[TimelinessFilter.FIRST_LATE]),
        written_overdue=Count("pk", filter=q[TimelinessFilter.WRITTEN_OVERDUE]),
        unreported=Count("pk", filter=q[TimelinessFilter.UNREPORTED]),
        unacknowledged=Count("pk", filter=Q(acknowledged_at__isnull=True)),
    )


def campaign_rosters(campaign):
    """Every school's roster for the campaign, whatever its review state."""
    return DutyRoster.objects.filter(
        submission__deliverable__campaign=campaign, submission__deliverable__kind=DeliverableKind.DUTY_ROSTER
    )


@dataclass
class OnDuty:
    school: object
    leader: str = ""
    leader_phone: str = ""
    shifts: list = field(default_factory=list)

    @property
    def covered(self):
        return bool(self.shifts)


def on_duty_now(*, campaign, now=None):
    """Who is on duty at `now` at every covered school, nobody-on-duty first. Three queries."""
    local = timezone.localtime(now or timezone.now())
    today, clock = local.date(), local.replace(tzinfo=None)
    rosters = campaign_rosters(campaign)
    schools = list(campaign.schools.order_by("code"))
    rows = {school.pk: OnDuty(school) for school in schools}
    yesterday = today - timedelta(days=1)
    days = DutyDay.objects.filter(roster__in=rosters, date__in=[today, yesterday]).select_related(
        "roster__submission"
    )
    for day in days:
        # The duty day in force began at the last hand-over: before today's, it is yesterday's.
        in_force = today if local.time() >= day.roster.handover else yesterday
        row = rows.get(day.roster.submission.school_id)
        if row and day.date == in_force:
            row.leader, row.leader_phone = day.leader, day.leader_phone
    # A shift now running started today, or yesterday and runs past midnight.
    shifts = DutyShift.objects.filter(day__date__in=[today, yesterday], day__roster__in=rosters)
    shifts = shifts.select_related("day__roster__submission")
    for shift in shifts:
        begin, end = shift.interval()
        row = rows.get(shift.day.roster.submission.school_id)
        if row and begin <= clock < end:
            row.shifts.append(shift)
    return sorted(rows.values(), key=lambda row: (row.covered, row.school.code))
