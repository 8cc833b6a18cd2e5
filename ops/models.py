from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """Last time a background process proved it runs. Beat schedules it; the worker writes it."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    last_seen = models.DateTimeField(_("last seen"))
    hostname = models.CharField(_("host"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return self.name
