from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    SELF = "self", _("School self-inspection")
    BUREAU = "bureau", _("Bureau special inspection")
    UNANNOUNCED = "unannounced", _("Bureau unannounced visit")


class InspectionState(models.TextChoices):
    """Self and special inspections are in progress, then done. An unannounced visit is planned and
    done in secret; only when the bureau publishes it does the school see it."""

    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    PUBLISHED = "published", _("Published")


class ItemResult(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "na", _("Not applicable")
