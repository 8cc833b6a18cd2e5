from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.uploads import random_upload_path

from .enums import BoardStatus, CoverageScope, DeliverableKind, EventAction, SubmissionState


class Campaign(models.Model):
    """A bureau's safety campaign (R1): its dates, the schools it covers and their deliverables."""

    bureau = models.ForeignKey(
        "schools.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="campaigns"
    )
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start date"))
    opening_date = models.DateField(_("sessions open"))
    closing_date = models.DateField(_("sessions close"))
    inspection_start = models.DateField(_("inspections from"))
    inspection_end = models.DateField(_("inspections until"))
    focus_areas = models.JSONField(_("focus areas"), default=list, blank=True)
    scope = models.CharField(_("schools covered"), max_length=10, choices=CoverageScope.choices)
    school_kinds = models.JSONField(_("school kinds"), default=list, blank=True)
    schools = models.ManyToManyField(
        "schools.School", verbose_name=_("schools"), related_name="campaigns", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "-pk"]

    def __str__(self):
        return self.name


class Deliverable(models.Model):
    """Something every covered school hands in by a due moment (R1.2)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="deliverables"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeliverableKind.choices)
    due_at = models.DateTimeField(_("due"))

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["due_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="one_deliverable_per_kind")]

    def __str__(self):
        return self.get_kind_display()

    def is_past_due(self, now=None):
        return (now or timezone.now()) > self.due_at


class Submission(models.Model):
    """One school's copy of a deliverable and where it stands in the review workflow.

    The content lives in the deliverable kind's own model (a work plan, a summary, a duty roster
    in the duty app), which points here one-to-one; see `plans.deliverables`.
    """

    deliverable = models.ForeignKey(
        Deliverable, verbose_name=_("deliverable"), on_delete=models.CASCADE, related_name="submissions"
    )
    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    # Server time of the latest submission, and whether it came after the due moment.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["deliverable", "school"], name="one_submission_per_school")
        ]

    def __str__(self):
        return f"{self.school} · {self.deliverable}"

    @property
    def is_editable(self):
        return self.state in (SubmissionState.DRAFT, SubmissionState.RETURNED)

    def board_status(self, now=None):
        return board_status(self, self.deliverable, now)


def board_status(submission, deliverable, now=None):
    """The board's reading of a submission (None = the school has not started) at `now`."""
    state = submission.state if submission else None
    if state == SubmissionState.ACCEPTED:
        return BoardStatus.ACCEPTED
    if state == SubmissionState.SUBMITTED:
        return BoardStatus.LATE if submission.late else BoardStatus.ON_TIME
    if state == SubmissionState.RETURNED:
        return BoardStatus.RETURNED
    if deliverable.is_past_due(now):
        return BoardStatus.OVERDUE
    return BoardStatus.DRAFT if state == SubmissionState.DRAFT else BoardStatus.NOT_STARTED


class SubmissionEvent(models.Model):
    """Who did what to a submission, and when; a submit event keeps a snapshot of the content."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=EventAction.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    late = models.BooleanField(_("late"), default=False)
    snapshot = models.JSONField(_("snapshot"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"


class WorkPlan(models.Model):
    """A school's campaign work plan (R2): the special meeting, risks, measures, responsibilities."""

    submission = models.OneToOneField(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="work_plan"
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    meeting_chair = models.CharField(_("chaired by"), max_length=50, blank=True)
    meeting_attendees = models.TextField(_("attendees"), blank=True)
    meeting_decisions = models.TextField(_("decisions"), blank=True)
    risk_analysis = models.TextField(_("risk analysis"), blank=True)
    control_measures = models.TextField(_("control measures"), blank=True)
    attachment = models.FileField(
        _("attached document"), upload_to=random_upload_path("work-plans"), blank=True
    )
    attachment_name = models.CharField(_("attachment file name"), max_length=200, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")

    def __str__(self):
        return str(self.submission)


class Responsibility(models.Model):
    """One row of the responsibility table: post → person → duties (R2.2)."""

    work_plan = models.ForeignKey(
        WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    post = models.CharField(_("post"), max_length=50)
    person = models.CharField(_("person"), max_length=50)
    duties = models.TextField(_("duties"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.post} · {self.person}"


class Summary(models.Model):
    """The school's post-campaign summary (R1.2): a narrative and the campaign's figures."""

    submission = models.OneToOneField(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="summary"
    )
    narrative = models.TextField(_("summary"), blank=True)
    # Typed by the school until the apps that record these exist; then they are counted.
    inspections_held = models.PositiveIntegerField(_("self-inspections held"), null=True, blank=True)
    hazards_found = models.PositiveIntegerField(_("hazards found"), null=True, blank=True)
    hazards_rectified = models.PositiveIntegerField(_("hazards rectified"), null=True, blank=True)
    education_sessions = models.PositiveIntegerField(_("education sessions"), null=True, blank=True)
    drills_held = models.PositiveIntegerField(_("drills held"), null=True, blank=True)
    incidents_reported = models.PositiveIntegerField(_("incidents reported"), null=True, blank=True)

    class Meta:
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")

    def __str__(self):
        return str(self.submission)

    FIGURES = (
        "inspections_held",
        "hazards_found",
        "hazards_rectified",
        "education_sessions",
        "drills_held",
        "incidents_reported",
    )
