from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EntryState(models.TextChoices):
    """Where a gate entry stands. During class at a reopened school (封闭管理) an entry waits for the
    host's confirmation; otherwise the visitor is inside at once, until time out."""

    AWAITING_HOST = "awaiting_host", _("Awaiting host")
    INSIDE = "inside", _("Inside")
    REFUSED = "refused", _("Refused by host")
    LEFT = "left", _("Left")


class EntryAction(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    CONFIRMED = "confirmed", _("Confirmed by host")
    REFUSED = "refused", _("Refused by host")
    LEFT = "left", _("Timed out")


class ItemStatus(models.TextChoices):
    """A police-room item as the school last found it. A present item whose expiry date has passed
    counts as expired without anyone changing it."""

    UNCHECKED = "unchecked", _("Not checked")
    PRESENT = "present", _("Present")
    MISSING = "missing", pgettext_lazy("police-room item", "Missing")
    EXPIRED = "expired", _("Expired")


class GateFilter(models.TextChoices):
    """The gate register's list filters beyond school and day."""

    FLAGGED = "flagged", _("Temperature flagged")
    AWAITING_HOST = "awaiting_host", _("Awaiting host")
    INSIDE = "inside", _("Still inside")
    REFUSED = "refused", _("Refused by host")
