"""Writes to the content of the built-in deliverables: work plans and summaries."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import EventAction
from .models import Responsibility, SubmissionEvent, WorkPlan
from .services import TransitionError, ensure_editable

WORK_PLAN_FIELDS = ("meeting_date", "meeting_chair", "meeting_attendees", "meeting_decisions",
                    "risk_analysis", "control_measures")  # fmt: skip


@transaction.atomic
def work_plan_save(*, work_plan, data, responsibilities, attachment=None, remove_attachment=False):
    """Save a draft. Any change to what the principal signed clears the sign-off.

    `responsibilities` is the whole table as a list of dicts (post, person, duties), in order.
    """
    ensure_editable(work_plan.submission)
    before = _signed_content(work_plan)
    for field in WORK_PLAN_FIELDS:
        setattr(work_plan, field, data[field])
    old_file = work_plan.attachment.name
    if remove_attachment:
        work_plan.attachment = None
        work_plan.attachment_name = ""
    if attachment is not None:
        work_plan.attachment = attachment
        work_plan.attachment_name = attachment.name[-200:]
    if old_file and work_plan.attachment.name != old_file:
        # Only once the new row is committed: a rollback must not leave the row pointing nowhere.
        storage = work_plan.attachment.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    work_plan.responsibilities.all().delete()
    Responsibility.objects.bulk_create(
        Responsibility(work_plan=work_plan, order=index, **row) for index, row in enumerate(responsibilities)
    )
    if _signed_content(work_plan) != before:
        work_plan.signed_by, work_plan.signed_at = None, None
    work_plan.save()
    return work_plan


def _signed_content(work_plan):
    rows = [(r.post, r.person, r.duties) for r in work_plan.responsibilities.all()]
    return [getattr(work_plan, f) for f in WORK_PLAN_FIELDS] + [work_plan.attachment_name, rows]


@transaction.atomic
def work_plan_sign(*, work_plan, by):
    """The principal (一把手) signs off the plan as it stands."""
    ensure_editable(work_plan.submission)
    now = timezone.now()
    # Compare-and-set: of two taps on "sign" (two phones, a double click) only one signs.
    signed = WorkPlan.objects.filter(pk=work_plan.pk, signed_at__isnull=True).update(
        signed_by=by, signed_at=now
    )
    if signed != 1:
        raise TransitionError(_("The plan is already signed off."))
    work_plan.signed_by, work_plan.signed_at = by, now
    SubmissionEvent.objects.create(submission=work_plan.submission, action=EventAction.SIGNED, by=by)
    return work_plan


@transaction.atomic
def summary_save(*, summary, data):
    ensure_editable(summary.submission)
    for field in ("narrative", *summary.FIGURES):
        setattr(summary, field, data[field])
    summary.save()
    return summary
