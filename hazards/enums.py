from django.db import models
from django.utils.translation import gettext_lazy as _


class HazardState(models.TextChoices):
    REPORTED = "reported", _("Reported")
    RECTIFYING = "rectifying", _("Rectifying")
    AWAITING_VERIFICATION = "awaiting", _("Awaiting verification")
    CLOSED = "closed", _("Closed")


class HazardSource(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SELF_REPORT = "self_report", _("Self-report")
    TIP_OFF = "tip_off", _("Tip-off")


class HazardSeverity(models.TextChoices):
    GENERAL = "general", _("General hazard")
    MAJOR = "major", _("Major hazard")


class HazardAction(models.TextChoices):
    REPORTED = "reported", _("Reported")
    PLANNED = "planned", _("Rectification planned")
    RECTIFIED_ON_SPOT = "on_spot", _("Rectified on the spot")
    SUBMITTED = "submitted", _("Rectification submitted")
    VERIFIED = "verified", _("Verified and closed")
    RETURNED = "returned", _("Returned for more rectification")
    SUPERVISED = "supervised", _("Listed for supervised rectification")
    EXTENSION_REQUESTED = "ext_requested", _("Extension requested")
    EXTENSION_GRANTED = "ext_granted", _("Extension granted")
    EXTENSION_REFUSED = "ext_refused", _("Extension refused")
    RECHECKED = "rechecked", _("Re-checked: no recurrence")
    REBOUND = "rebound", _("Re-checked: recurred")


class PhotoKind(models.TextChoices):
    FOUND = "found", _("As found")
    AFTER = "after", _("After rectification")


class WatchKind(models.TextChoices):
    PATROL = "patrol", _("Patrol")
    MONITOR = "monitor", _("Monitoring")
    GUARD = "guard", _("Guard on site")


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
