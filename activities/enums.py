from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionForm(models.TextChoices):
    """How a safety education session (安全教育) was held."""

    CLASS_MEETING = "class_meeting", _("Class meeting")  # 主题班会
    BLACKBOARD = "blackboard", _("Blackboard or wall newspaper")  # 板报
    LECTURE = "lecture", _("Lecture")  # 专题讲座
    ONLINE = "online", _("Online class")  # 网课: for schools not yet reopened


# What a school that has not reopened can hold: its pupils are at home.
NOT_REOPENED_FORMS = (SessionForm.ONLINE,)


class Topic(models.TextChoices):
    """The plan's subjects of safety education (三(三))."""

    LAW = "law", _("Law and rules")
    TRAVEL = "travel", _("Civilised travel")
    ELECTRICITY = "electricity", _("Electricity")
    FIRE = "fire", _("Fire safety")
    EARTHQUAKE = "earthquake", _("Earthquake")
    DROWNING = "drowning", _("Drowning prevention")
    EPIDEMIC = "epidemic", _("Epidemic prevention")


class DrillKind(models.TextChoices):
    FIRE = "fire", _("Fire evacuation")
    EARTHQUAKE = "earthquake", _("Earthquake evacuation")
    STAMPEDE = "stampede", _("Stampede prevention")
    EPIDEMIC = "epidemic", _("Epidemic response")
    INTRUDER = "intruder", _("Intruder and violence response")
    OTHER = "other", _("Other emergency")


class DrillState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class DrillAction(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CHANGED = "changed", _("Plan changed")
    DONE = "done", _("Recorded as done")
    CANCELLED = "cancelled", _("Cancelled")
    HAZARD = "hazard", _("Problem entered as a hazard")
