"""Abstract models shared by the domain apps; no tables of their own."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StateEvent(models.Model):
    """A step in a record's life: what happened, from which state to which, who did it, when, why.

    Each app's event model adds the foreign key to its record and its own verbose names; its Meta
    extends `StateEvent.Meta` to keep the order. The services write one with every transition.
    """

    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
