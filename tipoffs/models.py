from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import StateEvent
from common.uploads import random_upload_path

from .enums import TipOffKind, TipOffState


class TipOffLink(models.Model):
    """A school's public tip-off page: /tip-off/<token>/, printed on its poster as a QR code.

    The token is random, not the school's pk, so the schools of the district cannot be walked
    through one number after another.
    """

    school = models.OneToOneField(
        "schools.School", verbose_name=_("school"), on_delete=models.CASCADE, related_name="tip_off_link"
    )
    token = models.CharField(_("token"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tip-off link")
        verbose_name_plural = _("tip-off links")

    def __str__(self):
        return str(self.school)


class TipOff(models.Model):
    """A report (举报, R9.1) from anyone, about a hazard or wrongdoing at a school, for the bureau.

    The reporter's name and phone are optional and stay with the bureau: the school sees only the
    hazard the bureau may make from the tip-off, found by "群众举报". The reporter follows the case
    with a key of which only the hash is kept (`tipoffs.keys`). The reporter's address is not kept.
    """

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="tip_offs"
    )
    kind = models.CharField(_("what it is about"), max_length=20, choices=TipOffKind.choices)
    description = models.TextField(_("what happened"))
    location = models.CharField(_("where"), max_length=200, blank=True)
    reporter_name = models.CharField(_("reporter's name"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=20, blank=True)
    key_hash = models.CharField(_("report key (hash)"), max_length=64, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=TipOffState.choices, default=TipOffState.RECEIVED
    )
    dismiss_reason = models.TextField(_("reason for dismissal"), blank=True)
    hazard = models.OneToOneField(
        "hazards.Hazard", verbose_name=_("hazard"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="tip_off",
    )  # fmt: skip
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("triaged by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("tip-off")
        verbose_name_plural = _("tip-offs")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["school", "state"]), models.Index(fields=["state", "received_at"])]

    def __str__(self):
        return f"{self.school} · {self.received_at:%Y-%m-%d} · {self.description[:30]}"

    @property
    def is_anonymous(self):
        return not (self.reporter_name or self.reporter_phone)


class TipOffPhoto(models.Model):
    tip_off = models.ForeignKey(
        TipOff, verbose_name=_("tip-off"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=random_upload_path("tipoffs"))
    thumbnail = models.ImageField(_("thumbnail"), upload_to=random_upload_path("tipoffs/thumbs"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tip-off photo")
        verbose_name_plural = _("tip-off photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"{self.tip_off_id} · {self.pk}"


class TipOffNote(models.Model):
    """The bureau's reply to the reporter (`public`: read with the key) or an internal note."""

    tip_off = models.ForeignKey(
        TipOff, verbose_name=_("tip-off"), on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("text"))
    public = models.BooleanField(_("shown to the reporter"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("tip-off note")
        verbose_name_plural = _("tip-off notes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.tip_off_id} · {self.at:%Y-%m-%d %H:%M}"


class TipOffEvent(StateEvent):
    """Each step of a tip-off's triage: who, when, from which state to which, and why."""

    tip_off = models.ForeignKey(
        TipOff, verbose_name=_("tip-off"), on_delete=models.CASCADE, related_name="events"
    )

    class Meta(StateEvent.Meta):
        verbose_name = _("tip-off event")
        verbose_name_plural = _("tip-off events")

    def __str__(self):
        return f"{self.tip_off_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
