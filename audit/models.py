from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import AccessKind


class AccessEvent(models.Model):
    """A log-in, log-out or failed log-in: who, from where, with what browser, when.

    Append-only like auditlog's entries: written by `audit.services`, never changed; on PostgreSQL
    a trigger refuses UPDATE and DELETE (see migration 0002). The password typed is never kept.
    """

    kind = models.CharField(_("event"), max_length=20, choices=AccessKind.choices)
    # What was typed in the login form, kept even when no such account exists.
    username = models.CharField(_("login name typed"), max_length=150, blank=True)
    # No database constraint, no cascade: the event outlives the account and is never rewritten.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # The bureau whose admins see the event: the account's own bureau, or its school's.
    bureau = models.ForeignKey(
        "schools.Bureau",
        verbose_name=_("bureau"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    remote_addr = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["bureau", "-at"], name="audit_access_bureau_at")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.username} · {self.at:%Y-%m-%d %H:%M}"
