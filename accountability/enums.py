from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    """What the bureau did about a school (R9.2), mildest first."""

    NOTICE = "notice", _("Formal notice")  # 通报
    INTERVIEW = "interview", _("Interview")  # 约谈
    WARNING = "warning", _("Warning")  # 警示
    EXPOSURE = "exposure", _("Public exposure")  # 曝光


class EntryState(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EntryAction(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class NoticeAction(models.TextChoices):
    CREATED = "created", _("Draft written")
    EDITED = "edited", _("Draft edited")
    PUBLISHED = "published", _("Published to the schools")
