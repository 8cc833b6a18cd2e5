"""The accountability ledger (问责台账, R9.2) and the bureau's notices to schools (R9.3).

An entry is what the bureau did about a school — a formal notice (通报), an interview (约谈), a warning
(警示) or public exposure (曝光) — with the records that justify it linked for real: overdue hazards,
late or missing submissions, incidents the school did not report, a perfunctory inspection. Entries
are not edited once recorded: a mistake is withdrawn with a reason, or corrected by a new entry that
points at the one it replaces (see `services`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import StateEvent
from common.uploads import random_upload_path

from .enums import ActionKind, EntryState, NoticeState


class Entry(models.Model):
    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT,
        related_name="accountability_entries",
    )  # fmt: skip
    campaign = models.ForeignKey(
        "plans.Campaign", verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="accountability_entries",
    )  # fmt: skip
    kind = models.CharField(_("action taken"), max_length=20, choices=ActionKind.choices)
    date = models.DateField(_("action date"))
    text = models.TextField(_("what was found and decided"))
    state = models.CharField(
        _("state"), max_length=20, choices=EntryState.choices, default=EntryState.IN_FORCE
    )
    # The evidence, each a real link to the record it names.
    hazards = models.ManyToManyField(
        "hazards.Hazard", verbose_name=_("overdue hazards"), blank=True, related_name="accountability_entries"
    )
    submissions = models.ManyToManyField(
        "plans.Submission", verbose_name=_("late or missing submissions"), blank=True,
        related_name="accountability_entries",
    )  # fmt: skip
    # A deliverable the school never started has no submission row to point at: the entry points at the
    # deliverable, and the entry's school says whose it is.
    missed_deliverables = models.ManyToManyField(
        "plans.Deliverable", verbose_name=_("deliverables never started"), blank=True,
        related_name="accountability_entries",
    )  # fmt: skip
    incidents = models.ManyToManyField(
        "duty.Incident",
        verbose_name=_("unreported incidents"),
        blank=True,
        related_name="accountability_entries",
    )
    inspections = models.ManyToManyField(
        "inspections.Inspection", verbose_name=_("perfunctory inspections"), blank=True,
        related_name="accountability_entries",
    )  # fmt: skip
    corrects = models.ForeignKey(
        "self", verbose_name=_("corrects"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="corrections",
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("accountability entry")
        verbose_name_plural = _("accountability entries")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["school", "date"]), models.Index(fields=["campaign", "kind"])]

    def __str__(self):
        return f"{self.school} · {self.get_kind_display()} · {self.date:%Y-%m-%d}"

    @property
    def in_force(self):
        return self.state == EntryState.IN_FORCE


class EntryEvent(StateEvent):
    """Who recorded or withdrew an entry, when, and why."""

    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="events")

    class Meta(StateEvent.Meta):
        verbose_name = _("accountability entry event")
        verbose_name_plural = _("accountability entry events")

    def __str__(self):
        return f"{self.entry_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Notice(models.Model):
    """A bulletin from the bureau to every school of a campaign: a notice, publicity, a case study."""

    campaign = models.ForeignKey(
        "plans.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="notices"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    state = models.CharField(
        _("state"), max_length=20, choices=NoticeState.choices, default=NoticeState.DRAFT
    )
    entries = models.ManyToManyField(
        Entry, verbose_name=_("ledger entries referred to"), blank=True, related_name="notices"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice to schools")
        verbose_name_plural = _("notices to schools")
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self):
        return self.title

    @property
    def is_draft(self):
        return self.state == NoticeState.DRAFT


class NoticeAttachment(models.Model):
    """A PDF, or a photo re-encoded by `common.images` (with a thumbnail), attached to a notice."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=random_upload_path("notices"))
    thumbnail = models.ImageField(_("thumbnail"), upload_to=random_upload_path("notices/thumbs"), blank=True)
    name = models.CharField(_("file name"), max_length=200)
    is_image = models.BooleanField(_("image"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class NoticeEvent(StateEvent):
    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="events"
    )

    class Meta(StateEvent.Meta):
        verbose_name = _("notice event")
        verbose_name_plural = _("notice events")

    def __str__(self):
        return f"{self.notice_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
