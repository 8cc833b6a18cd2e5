from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """The outbox: one row per (recipient, item, stage), so a reminder exists at most once.

    A sweep inserts rows (duplicates are ignored by the unique key), claims the new ones in one
    update by giving each recipient's rows a common `claim_token`, and enqueues one delivery per
    token. Delivery turns a token's rows into one digest and stamps them `sent_at`.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    item_key = models.CharField(_("item"), max_length=80)  # e.g. "submission:12", "hazard:40"
    stage = models.CharField(_("stage"), max_length=40)  # e.g. "before-3d", "overdue-2026-05-21"
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claim_token = models.CharField(_("claim"), max_length=64, blank=True, db_index=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "item_key", "stage"], name="one_reminder_per_stage")
        ]
        indexes = [models.Index(fields=["sent_at", "claimed_at"])]

    def __str__(self):
        return f"{self.recipient_id} {self.item_key} {self.stage}"


class Notification(models.Model):
    """What the recipient sees in the notification centre: one digest per delivery."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
        related_name="notifications",
    )  # fmt: skip
    # The claim token of the reminders it carries: a repeated delivery finds it and adds nothing.
    digest_key = models.CharField(_("digest"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    lines = models.JSONField(_("items"), default=list)  # [{"text": …, "url": …}, …]
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(_("e-mail claimed at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title


class Preference(models.Model):
    """A user's choice of channels. In-app is always on; e-mail is on unless turned off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="notification_preference",
    )  # fmt: skip
    email = models.BooleanField(_("send reminders by e-mail too"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)
