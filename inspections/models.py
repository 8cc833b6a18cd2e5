from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.uploads import random_upload_path
from plans.enums import FocusArea

from .enums import InspectionKind, InspectionState, ItemResult


class ChecklistTemplate(models.Model):
    """A bureau's checklist for one focus area. Inspections copy its items, so editing it later
    never changes an inspection already done."""

    bureau = models.ForeignKey(
        "schools.Bureau", verbose_name=_("bureau"), on_delete=models.CASCADE, related_name="checklists"
    )
    area = models.CharField(_("focus area"), max_length=20, choices=FocusArea.choices)
    title = models.CharField(_("title"), max_length=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["area", "pk"]
        constraints = [models.UniqueConstraint(fields=["bureau", "area"], name="one_checklist_per_area")]

    def __str__(self):
        return self.title


class ChecklistItem(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="items"
    )
    text = models.CharField(_("check item"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("check item")
        verbose_name_plural = _("check items")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class Inspection(models.Model):
    """One inspection of a school (R3): by the school itself, by the bureau's team, or unannounced."""

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="inspections"
    )
    campaign = models.ForeignKey(
        "plans.Campaign", verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="inspections",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    state = models.CharField(_("state"), max_length=20, choices=InspectionState.choices)
    date = models.DateField(_("date"))
    # A self-inspection is led by the principal (一把手) in person: `leader` is that account.
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("led by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    leader_name = models.CharField(_("leader"), max_length=50)
    team = models.CharField(_("team members"), max_length=300, blank=True)
    areas = models.JSONField(_("areas covered"), default=list)
    summary = models.TextField(_("overall findings"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.school} · {self.get_kind_display()} · {self.date:%Y-%m-%d}"

    @property
    def visible_to_school(self):
        return self.kind != InspectionKind.UNANNOUNCED or self.state == InspectionState.PUBLISHED


class InspectionItem(models.Model):
    """A check item as it stood when the inspection began, with its result."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="items"
    )
    area = models.CharField(_("focus area"), max_length=20, choices=FocusArea.choices)
    text = models.CharField(_("check item"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    result = models.CharField(_("result"), max_length=10, choices=ItemResult.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class InspectionPhoto(models.Model):
    item = models.ForeignKey(
        InspectionItem, verbose_name=_("inspection item"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=random_upload_path("inspections"))
    thumbnail = models.ImageField(_("thumbnail"), upload_to=random_upload_path("inspections/thumbs"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")

    def __str__(self):
        return self.image.name
