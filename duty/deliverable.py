"""The duty roster as a campaign deliverable: submitted, reviewed and late like the work plan."""

from django.db import transaction

from plans import deliverables
from plans.enums import DeliverableKind

from . import coverage
from .models import DutyRoster


def roster_days(roster):
    """The saved roster as plain `coverage.Day` values, in two queries."""
    days = roster.days.prefetch_related("shifts")
    return [
        coverage.Day(
            date=day.date,
            leader=day.leader,
            leader_phone=day.leader_phone,
            shifts=[coverage.Shift(s.person, s.phone, s.start, s.end) for s in day.shifts.all()],
        )
        for day in days
    ]


def _missing(roster):
    return coverage.problems(roster_days(roster), roster.start_date, roster.end_date, roster.handover)


def _snapshot(roster):
    return {
        "start_date": roster.start_date.isoformat(),
        "end_date": roster.end_date.isoformat(),
        "handover": f"{roster.handover:%H:%M}",
        "days": [
            {
                "date": day.date.isoformat(),
                "leader": day.leader,
                "leader_phone": day.leader_phone,
                "shifts": [
                    {
                        "person": s.person,
                        "phone": s.phone,
                        "start": f"{s.start:%H:%M}",
                        "end": f"{s.end:%H:%M}",
                    }
                    for s in day.shifts
                ],
            }
            for day in roster_days(roster)
        ],
    }


@transaction.atomic
def _create(submission):
    """A new roster spans the sessions, as the plan asks; the school may extend it."""
    campaign = submission.deliverable.campaign
    return DutyRoster.objects.create(
        submission=submission, start_date=campaign.opening_date, end_date=campaign.closing_date
    )


def register():
    deliverables.register(
        deliverables.DeliverableType(
            kind=DeliverableKind.DUTY_ROSTER,
            content_attr="duty_roster",
            create_content=_create,
            missing=_missing,
            snapshot=_snapshot,
            edit_url_name="duty:roster_edit",
            detail_template="duty/_roster_body.html",
            pdf_url_name="duty:roster_pdf",
            detail_prefetch=("days__shifts",),
        )
    )
