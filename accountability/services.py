"""Every write to the accountability ledger and the notices to schools (R9.2, R9.3).

Entries are append-only in spirit: recording one is an insert, and the only change it ever sees is
its withdrawal — a compare-and-set from "in force" to "withdrawn" with a reason, so two people
withdrawing at once cannot both win. A correction is a new entry that names the one it corrects and
withdraws it in the same transaction. A notice is written as a draft and published once, also by a
compare-and-set. Every change writes an event row (who, when, from, to, why).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications import outbox
from notifications.sweeps import Due
from plans.services import TransitionError
from schools.enums import Role
from schools.models import Membership

from .enums import EntryAction, EntryState, NoticeAction, NoticeState
from .models import Entry, EntryEvent, Notice, NoticeAttachment, NoticeEvent

EVIDENCE = ("hazards", "submissions", "missed_deliverables", "incidents", "inspections")
# Who at a school is told in the notification centre when a notice is published.
NOTICE_RECIPIENTS = (Role.PRINCIPAL, Role.SAFETY_OFFICER)


def _entry_event(entry, action, by, *, from_state="", to_state="", comment=""):
    return EntryEvent.objects.create(
        entry=entry, action=action, by=by, from_state=from_state, to_state=to_state, comment=comment
    )


def _check_evidence(school, evidence):
    """Every linked record must be the entry's school's own (a form offers nothing else; this holds
    when a service is called from elsewhere)."""
    foreign = [
        item
        for name in ("hazards", "submissions", "incidents", "inspections")
        for item in evidence.get(name, ())
        if item.school_id != school.pk
    ]
    covered = (
        set(school.campaigns.values_list("pk", flat=True)) if evidence.get("missed_deliverables") else set()
    )
    foreign += [item for item in evidence.get("missed_deliverables", ()) if item.campaign_id not in covered]
    if foreign:
        raise TransitionError(_("Evidence can only be records of the school the entry is against."))


@transaction.atomic
def entry_record(*, school, by, kind, date, text, campaign=None, corrects=None, **evidence) -> Entry:
    """Record an action against `school`, linked to its evidence (`hazards`, `submissions`,
    `missed_deliverables`, `incidents`, `inspections`: iterables of those records).

    With `corrects`, the new entry replaces an entry in force of the same school, which is withdrawn
    in the same transaction; if someone withdrew it first, nothing is recorded.
    """
    if unknown := set(evidence) - set(EVIDENCE):
        raise TypeError(f"unknown evidence: {', '.join(sorted(unknown))}")
    if not text.strip():
        raise TransitionError(_("Say what was found and what was decided."))
    if campaign is not None and not campaign.schools.filter(pk=school.pk).exists():
        raise TransitionError(_("The campaign does not cover this school."))
    if corrects is not None and corrects.school_id != school.pk:
        raise TransitionError(_("A correction is recorded against the same school as the entry it corrects."))
    _check_evidence(school, evidence)
    entry = Entry.objects.create(
        school=school, campaign=campaign, kind=kind, date=date, text=text.strip(), corrects=corrects,
        recorded_by=by,
    )  # fmt: skip
    for name in EVIDENCE:
        if items := list(evidence.get(name, ())):
            getattr(entry, name).set(items)
    _entry_event(entry, EntryAction.RECORDED, by, to_state=EntryState.IN_FORCE)
    if corrects is not None:
        reason = _("Corrected by entry #%(id)s.") % {"id": entry.pk}
        _withdraw(corrects, by=by, reason=reason)
    return entry


def _withdraw(entry, *, by, reason):
    now = timezone.now()
    updated = Entry.objects.filter(pk=entry.pk, state=EntryState.IN_FORCE).update(
        state=EntryState.WITHDRAWN, withdrawn_at=now, withdrawn_by=by, withdrawal_reason=reason
    )
    if updated != 1:
        raise TransitionError(_("This entry has already been withdrawn."))
    entry.state, entry.withdrawn_at, entry.withdrawn_by, entry.withdrawal_reason = (
        EntryState.WITHDRAWN, now, by, reason,
    )  # fmt: skip
    _entry_event(
        entry, EntryAction.WITHDRAWN, by, from_state=EntryState.IN_FORCE, to_state=EntryState.WITHDRAWN,
        comment=reason,
    )  # fmt: skip
    return entry


@transaction.atomic
def entry_withdraw(*, entry, by, reason) -> Entry:
    """Withdraw an entry recorded in error; it stays in the ledger, marked withdrawn, with the reason."""
    if not reason.strip():
        raise TransitionError(_("Say why the entry is withdrawn."))
    return _withdraw(entry, by=by, reason=reason.strip())


# --- Notices --------------------------------------------------------------------------------------


@dataclass
class Attachment:
    """An upload checked and prepared by the form: a PDF as sent, or a re-encoded photo."""

    name: str
    file: File
    thumbnail: File | None = None

    @property
    def is_image(self):
        return self.thumbnail is not None


def _notice_event(notice, action, by, *, from_state="", to_state="", comment=""):
    return NoticeEvent.objects.create(
        notice=notice, action=action, by=by, from_state=from_state, to_state=to_state, comment=comment
    )


def _check_entries(campaign, entries):
    if any(entry.campaign_id != campaign.pk for entry in entries):
        raise TransitionError(_("A notice can only refer to ledger entries of its own campaign."))


def _add_attachments(notice, attachments, by):
    for attachment in attachments:
        stored = NoticeAttachment(notice=notice, name=attachment.name[:200], is_image=attachment.is_image,
                                  uploaded_by=by)  # fmt: skip
        stored.file.save(attachment.name, attachment.file, save=False)
        if attachment.thumbnail is not None:
            stored.thumbnail.save(attachment.thumbnail.name, attachment.thumbnail, save=False)
        stored.save()


def _check_text(title, body):
    if not title.strip() or not body.strip():
        raise TransitionError(_("A notice needs a title and a text."))


@transaction.atomic
def notice_create(*, campaign, by, title, body, entries=(), attachments=()) -> Notice:
    """A draft notice to every school of `campaign`; nobody at a school sees it until it is published."""
    _check_text(title, body)
    entries = list(entries)
    _check_entries(campaign, entries)
    notice = Notice.objects.create(campaign=campaign, title=title.strip(), body=body.strip(), created_by=by)
    notice.entries.set(entries)
    _add_attachments(notice, attachments, by)
    _notice_event(notice, NoticeAction.CREATED, by, to_state=NoticeState.DRAFT)
    return notice


@transaction.atomic
def notice_update(*, notice, by, title, body, entries=(), attachments=(), remove=()) -> Notice:
    """Change a draft: its text, the entries it refers to, attachments added and removed (`remove`:
    attachments of this notice). A published notice is never changed."""
    _check_text(title, body)
    entries = list(entries)
    _check_entries(notice.campaign, entries)
    updated = Notice.objects.filter(pk=notice.pk, state=NoticeState.DRAFT).update(
        title=title.strip(), body=body.strip()
    )
    if updated != 1:
        raise TransitionError(_("This notice has been published and can no longer be changed."))
    notice.title, notice.body = title.strip(), body.strip()
    notice.entries.set(entries)
    for attachment in remove:
        if attachment.notice_id == notice.pk:
            attachment.file.delete(save=False)
            attachment.thumbnail.delete(save=False)
            attachment.delete()
    _add_attachments(notice, attachments, by)
    _notice_event(notice, NoticeAction.EDITED, by, from_state=NoticeState.DRAFT, to_state=NoticeState.DRAFT)
    return notice


@transaction.atomic
def notice_publish(*, notice, by) -> Notice:
    """Publish a draft to every school of its campaign and tell their principals and safety officers."""
    now = timezone.now()
    updated = Notice.objects.filter(pk=notice.pk, state=NoticeState.DRAFT).update(
        state=NoticeState.PUBLISHED, published_at=now, published_by=by
    )
    if updated != 1:
        raise TransitionError(_("This notice has already been published."))
    notice.state, notice.published_at, notice.published_by = NoticeState.PUBLISHED, now, by
    _notice_event(
        notice, NoticeAction.PUBLISHED, by, from_state=NoticeState.DRAFT, to_state=NoticeState.PUBLISHED
    )
    _notify_schools(notice)
    return notice


def _notify_schools(notice):
    """An in-app notification (and e-mail, where wanted) for the principal and safety officers of every
    school the campaign covers, through the reminder outbox — the notifications app has no service that
    creates notifications directly, and the outbox brings its delivery guarantee along.

    Delivery guarantee: one reminder row per (recipient, "notice:<pk>", "published") — the outbox's
    unique key — so a notice is announced to a person at most once, however often this runs. The rows
    are claimed here, in the publishing transaction, and their delivery is enqueued once it commits;
    the outbox's lease re-delivers a claim whose worker died. So each person gets the notice in their
    notification centre exactly once and by e-mail at least once (see `notifications.outbox`).
    """
    recipients = (
        Membership.objects.filter(
            school__campaigns=notice.campaign_id, role__in=NOTICE_RECIPIENTS, user__is_active=True
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    url = reverse("accountability:notice_detail", args=[notice.pk])
    with override(settings.LANGUAGE_CODE):  # reminders are written in the portal's language
        text = _("Notice from the bureau: %(title)s") % {"title": notice.title}
    outbox.add([Due(user_id, f"notice:{notice.pk}", "published", text, url) for user_id in recipients])
    outbox.enqueue(outbox.claim())
