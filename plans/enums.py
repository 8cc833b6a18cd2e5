from django.db import models
from django.utils.translation import gettext_lazy as _


class FocusArea(models.TextChoices):
    """The plan's focus areas (R3.2), shared by campaigns, inspections and hazards."""

    FIRE = "fire", _("Fire safety")
    FOOD = "food", _("Food hygiene and safety")
    TRAFFIC = "traffic", _("Traffic safety")
    SCHOOL_BUS = "school_bus", _("School buses")
    LAB_CHEMICALS = "lab_chemicals", _("Labs and hazardous chemicals")
    DROWNING = "drowning", _("Drowning prevention")
    ELECTRICAL = "electrical", _("Electrical wiring")
    CONSTRUCTION = "construction", _("Construction")
    EPIDEMIC = "epidemic", _("Epidemic prevention")
    GATE_SECURITY = "gate_security", _("Gate and public security")


class CoverageScope(models.TextChoices):
    ALL = "all", _("All schools of the bureau")
    KINDS = "kinds", _("Schools of the chosen kinds")


class DeliverableKind(models.TextChoices):
    WORK_PLAN = "work_plan", _("Work plan")
    DUTY_ROSTER = "duty_roster", _("Duty roster")
    SUMMARY = "summary", _("Post-campaign summary")


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class BoardStatus(models.TextChoices):
    """What the bureau's board shows in a cell: the state, read against the due moment."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    ON_TIME = "on_time", _("Submitted on time")
    LATE = "late", _("Submitted late")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")
    OVERDUE = "overdue", _("Overdue")


class EventAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")
    SIGNED = "signed", _("Signed off by the principal")
