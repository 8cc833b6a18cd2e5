import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import StateEvent
from common.uploads import random_upload_path
from plans.enums import FocusArea

from .enums import ExtensionState, HazardSeverity, HazardSource, HazardState, PhotoKind, WatchKind


class Hazard(models.Model):
    """A safety hazard in the register (隐患台账, R4), from discovery to verified rectification."""

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="hazards"
    )
    campaign = models.ForeignKey(
        "plans.Campaign", verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="hazards",
    )  # fmt: skip
    area = models.CharField(_("focus area"), max_length=20, choices=FocusArea.choices)
    description = models.TextField(_("description"))
    location = models.CharField(_("location"), max_length=200)
    source = models.CharField(_("source"), max_length=20, choices=HazardSource.choices)
    inspection_item = models.OneToOneField(
        "inspections.InspectionItem", verbose_name=_("inspection item"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="hazard",
    )  # fmt: skip
    found_by = models.CharField(_("found by"), max_length=50)
    found_at = models.DateTimeField(_("found at"))
    severity = models.CharField(
        _("severity"), max_length=10, choices=HazardSeverity.choices, default=HazardSeverity.GENERAL
    )
    state = models.CharField(_("state"), max_length=20, choices=HazardState.choices)
    # "能立即整改的要立即整改": fixed while the inspectors were there, shown by an after photo.
    rectified_on_spot = models.BooleanField(_("rectified on the spot"), default=False)
    # "不能立即整改的要落实安全防范措施": all four are required unless rectified on the spot.
    interim_measures = models.TextField(_("interim safety measures"), blank=True)
    rectification_plan = models.TextField(_("rectification plan"), blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=50, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    rectification_note = models.TextField(_("rectification done"), blank=True)
    # "对重大隐患要挂牌督办整改"
    supervised = models.BooleanField(_("supervised rectification"), default=False)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("supervising official"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="supervised_hazards",
    )  # fmt: skip
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    recheck_date = models.DateField(_("re-check date"), null=True, blank=True)
    rechecked_at = models.DateTimeField(_("re-checked at"), null=True, blank=True)
    # "杜绝隐患反弹": a closed hazard that recurs comes back as a new hazard pointing at the old one.
    rebound_of = models.ForeignKey(
        "self", verbose_name=_("rebound of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="rebounds",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["-found_at", "-pk"]
        indexes = [models.Index(fields=["school", "state"]), models.Index(fields=["state", "deadline"])]

    def __str__(self):
        return f"{self.school} · {self.get_area_display()} · {self.description[:30]}"

    def is_overdue(self, today=None):
        """Past its deadline (the whole deadline day counts, in Beijing time) and not closed."""
        today = today or timezone.localdate()
        return self.state != HazardState.CLOSED and self.deadline is not None and today > self.deadline

    @property
    def is_rebound(self):
        return self.rebound_of_id is not None


class HazardPhoto(models.Model):
    hazard = models.ForeignKey(
        Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="photos"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PhotoKind.choices)
    image = models.ImageField(_("photo"), upload_to=random_upload_path("hazards"))
    thumbnail = models.ImageField(_("thumbnail"), upload_to=random_upload_path("hazards/thumbs"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("hazard photo")
        verbose_name_plural = _("hazard photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"{self.hazard_id} · {self.get_kind_display()}"


class HazardEvent(StateEvent):
    """Each step of a hazard's life: who, when, from which state to which, and why."""

    hazard = models.ForeignKey(
        Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="events"
    )

    class Meta(StateEvent.Meta):
        verbose_name = _("hazard event")
        verbose_name_plural = _("hazard events")

    def __str__(self):
        return f"{self.hazard_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class WatchRecord(models.Model):
    """巡查、监控、盯守 of a supervised hazard: who watched, when, and what they saw."""

    hazard = models.ForeignKey(
        Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="watch_records"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=WatchKind.choices)
    watcher = models.CharField(_("watched by"), max_length=50)
    watched_at = models.DateTimeField(_("when"))
    observation = models.TextField(_("what was seen"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("watch record")
        verbose_name_plural = _("watch records")
        ordering = ["-watched_at", "-pk"]

    def __str__(self):
        return f"{self.watcher} {self.watched_at:%Y-%m-%d %H:%M}"


class ExtensionRequest(models.Model):
    hazard = models.ForeignKey(
        Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.hazard_id} → {self.requested_deadline:%Y-%m-%d}"


DEFAULT_RECHECK_AFTER = datetime.timedelta(days=30)
