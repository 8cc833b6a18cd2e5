from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.masking import mask_phone
from common.models import StateEvent

from .enums import ACTIVE_STATES, PetitionState


class PetitionCase(models.Model):
    """A backlog petition case (信访积案, R7.1) of one school: who petitions about what, the leader who
    answers for it (包案领导), the unit that resolves it, and the plan it is resolved by.

    Petitions are sensitive: only the bureau and the school concerned see a case (`selectors`).
    """

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="petition_cases"
    )
    subject = models.CharField(_("subject"), max_length=200)
    details = models.TextField(_("what the petitioners ask"), blank=True)
    parties = models.CharField(_("parties"), max_length=200)
    # The parties' contact number: shown in full on the case's page only, masked in lists and exports.
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    received_on = models.DateField(_("received on"))
    leader = models.CharField(_("responsible leader"), max_length=50)  # 包案领导
    responsible_unit = models.CharField(_("responsible unit"), max_length=100)  # 责任单位
    plan = models.TextField(_("resolution plan"))  # 化解方案
    state = models.CharField(
        _("state"), max_length=20, choices=PetitionState.choices, default=PetitionState.OPEN
    )
    resolution = models.TextField(_("how it was resolved"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("petition case")
        verbose_name_plural = _("petition cases")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["school", "state"])]

    def __str__(self):
        return f"{self.school} · {self.subject[:30]}"

    @property
    def is_active(self):
        return self.state in ACTIVE_STATES

    @property
    def masked_phone(self):
        """The contact phone as lists and exports show it: 139****5678."""
        return mask_phone(self.contact_phone)


class Milestone(models.Model):
    """One step of a case's resolution plan, due on a day; done or not done."""

    case = models.ForeignKey(
        PetitionCase, verbose_name=_("petition case"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("done by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["due_date", "done_at"])]

    def __str__(self):
        return f"{self.due_date:%Y-%m-%d} {self.title}"

    @property
    def is_done(self):
        return self.done_at is not None

    def is_overdue(self, today=None, *, case_state=None):
        """Past its due day (the whole due day counts, in Beijing time), not done, and the case still
        being worked on (open or in progress)."""
        today = today or timezone.localdate()
        state = case_state or self.case.state
        return self.done_at is None and state in ACTIVE_STATES and today > self.due_date


class ProgressNote(models.Model):
    """What was done on the case, when, and by whom (the progress log)."""

    case = models.ForeignKey(
        PetitionCase, verbose_name=_("petition case"), on_delete=models.CASCADE, related_name="notes"
    )
    happened_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-happened_on", "-at", "-pk"]

    def __str__(self):
        return f"{self.case_id} {self.happened_on:%Y-%m-%d}"


class PetitionEvent(StateEvent):
    """Each step of a case's life: who, when, from which state to which, and why."""

    case = models.ForeignKey(
        PetitionCase, verbose_name=_("petition case"), on_delete=models.CASCADE, related_name="events"
    )

    class Meta(StateEvent.Meta):
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")

    def __str__(self):
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
