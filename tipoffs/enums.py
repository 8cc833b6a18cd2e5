from django.db import models
from django.utils.translation import gettext_lazy as _


class TipOffKind(models.TextChoices):
    HAZARD = "hazard", _("A safety hazard")
    WRONGDOING = "wrongdoing", _("Wrongdoing")


class TipOffState(models.TextChoices):
    RECEIVED = "received", _("Awaiting triage")
    DISMISSED = "dismissed", _("Dismissed")
    HAZARD = "hazard", _("Turned into a hazard")


class TipOffAction(models.TextChoices):
    RECEIVED = "received", _("Received")
    DISMISSED = "dismissed", _("Dismissed")
    HAZARD = "hazard", _("Turned into a hazard for the school")
