from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentCategory(models.TextChoices):
    INJURY = "injury", _("Injury")
    FIRE = "fire", _("Fire")
    FOOD_POISONING = "food_poisoning", _("Food poisoning")
    TRAFFIC = "traffic", _("Traffic accident")
    DROWNING = "drowning", _("Drowning")
    VIOLENCE = "violence", _("Violence or public security")
    EPIDEMIC = "epidemic", _("Epidemic")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    GENERAL = "general", _("General")
    MAJOR = "major", _("Major")
    SERIOUS = "serious", _("Serious")


class WrittenStatus(models.TextChoices):
    """Where the written report (书面报告) stands against its due moment."""

    DUE = "due", _("Written report due")
    OVERDUE = "overdue", _("Written report overdue")
    ON_TIME = "on_time", _("Written on time")
    LATE = "late", _("Written late")


class TimelinessFilter(models.TextChoices):
    """The incident list's timeliness filters (R8.3), each read as the badges on a report read."""

    FIRST_LATE = "first_late", _("First report late")
    WRITTEN_OVERDUE = "written_overdue", _("Written report overdue")
    WRITTEN_LATE = "written_late", _("Written late")
    UNREPORTED = "unreported", _("Not reported by the school")
