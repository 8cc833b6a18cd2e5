"""Writes to duty rosters and incident reports."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.services import TransitionError, ensure_editable

from .models import DutyDay, DutyShift, Incident, IncidentAttachment, ReportingRules


@transaction.atomic
def roster_save(*, roster, start_date, end_date, days, handover=None):
    """Replace the roster's days and shifts with `days` (a list of `coverage.Day`), as a draft.

    Days outside start_date…end_date are dropped. Gaps are allowed here; submission refuses them.
    """
    if end_date < start_date:
        raise TransitionError(_("The last day cannot be before the first day."))
    ensure_editable(roster.submission)
    roster.start_date, roster.end_date = start_date, end_date
    roster.handover = handover or roster.handover
    roster.save(update_fields=["start_date", "end_date", "handover"])
    roster.days.all().delete()
    kept = [day for day in days if start_date <= day.date <= end_date]
    saved = DutyDay.objects.bulk_create(
        DutyDay(
            roster=roster, date=day.date, leader=day.leader.strip(), leader_phone=day.leader_phone.strip()
        )
        for day in kept
    )
    DutyShift.objects.bulk_create(
        DutyShift(day=row, person=s.person.strip(), phone=s.phone.strip(), start=s.start, end=s.end)
        for row, day in zip(saved, kept, strict=True)
        for s in day.shifts
    )
    return roster


def rules_for(bureau) -> ReportingRules:
    rules, _created = ReportingRules.objects.get_or_create(bureau=bureau)
    return rules


@transaction.atomic
def incident_report_first(
    *, school, by, category, severity, occurred_at, summary, reported_at=None, reported_by_name="",
    received_by_name="", unreported=False, unreported_note="",
) -> Incident:  # fmt: skip
    """Record the first, verbal report (口头报告), or — `unreported` — an incident the bureau
    learned of elsewhere. The deadlines are fixed now from the bureau's rules."""
    rules = rules_for(school.bureau)
    if unreported:
        reported_at = None
    elif reported_at is None:
        reported_at = timezone.now()
    return Incident.objects.create(
        school=school, category=category, severity=severity, occurred_at=occurred_at, summary=summary,
        reported_at=reported_at, reported_by_name=reported_by_name, received_by_name=received_by_name,
        recorded_by=by, first_due_at=occurred_at + rules.first_within,
        written_due_at=occurred_at + rules.written_within(severity),
        unreported=unreported, unreported_note=unreported_note,
    )  # fmt: skip


@transaction.atomic
def incident_write(*, incident, by, cause, casualties, measures, follow_up, attachments=()) -> Incident:
    """File the written report (书面报告). Once filed it stands: the timestamp is the server's."""
    now = timezone.now()
    updated = Incident.objects.filter(pk=incident.pk, written_at__isnull=True).update(
        cause=cause,
        casualties=casualties,
        measures=measures,
        follow_up=follow_up,
        written_at=now,
        written_by=by,
    )
    if updated != 1:
        raise TransitionError(_("The written report has already been filed."))
    for upload in attachments:
        IncidentAttachment.objects.create(incident=incident, file=upload, name=upload.name[-200:])
    incident.refresh_from_db()
    return incident


@transaction.atomic
def incident_acknowledge(*, incident, by) -> Incident:
    now = timezone.now()
    updated = Incident.objects.filter(pk=incident.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=by
    )
    if updated != 1:
        raise TransitionError(_("This report has already been acknowledged."))
    incident.acknowledged_at, incident.acknowledged_by = now, by
    return incident


def rules_update(*, rules, **minutes_and_hours) -> ReportingRules:
    """New deadlines apply to incidents recorded from now on; recorded ones keep theirs."""
    for name, value in minutes_and_hours.items():
        setattr(rules, name, value)
    rules.save()
    return rules
