"""Safety education sessions and emergency drills (R5), and the topics a campaign requires."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import StateEvent
from common.uploads import random_upload_path

from .enums import DrillKind, DrillState, SessionForm, Topic


class EducationSession(models.Model):
    """One safety education session (主题班会, 板报, 专题讲座, 网课) held by a school."""

    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="education_sessions",
    )
    campaign = models.ForeignKey(
        "plans.Campaign", verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="education_sessions",
    )  # fmt: skip
    date = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=20, choices=SessionForm.choices)
    title = models.CharField(_("theme"), max_length=200)
    audience = models.CharField(_("classes or grades reached"), max_length=200)
    participants = models.PositiveIntegerField(_("participants"), validators=[MinValueValidator(1)])
    presenter = models.CharField(_("presenter"), max_length=50, blank=True)
    content = models.TextField(_("content"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("safety education session")
        verbose_name_plural = _("safety education sessions")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["school", "date"]), models.Index(fields=["campaign", "school"])]

    def __str__(self):
        return f"{self.school} · {self.date:%Y-%m-%d} · {self.title}"


class SessionTopic(models.Model):
    """One of a session's topics: a row each, so that sessions are counted and filtered by topic in SQL."""

    session = models.ForeignKey(
        EducationSession,
        verbose_name=_("safety education session"),
        on_delete=models.CASCADE,
        related_name="topics",
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)

    class Meta:
        verbose_name = _("session topic")
        verbose_name_plural = _("session topics")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["session", "topic"], name="one_row_per_session_topic")]
        indexes = [models.Index(fields=["topic", "session"])]

    def __str__(self):
        return self.get_topic_display()


class SessionPhoto(models.Model):
    session = models.ForeignKey(
        EducationSession,
        verbose_name=_("safety education session"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = models.ImageField(_("photo"), upload_to=random_upload_path("activities/sessions"))
    thumbnail = models.ImageField(_("thumbnail"), upload_to=random_upload_path("activities/sessions/thumbs"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session photo")
        verbose_name_plural = _("session photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"{self.session_id} · {self.pk}"


class RequiredTopic(models.Model):
    """A topic every school of the campaign must hold at least `minimum` sessions on (e.g. one on
    epidemic prevention, "开展一次防疫专题教育")."""

    campaign = models.ForeignKey(
        "plans.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="required_topics"
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    minimum = models.PositiveSmallIntegerField(_("sessions at least"), default=1)

    class Meta:
        verbose_name = _("required topic")
        verbose_name_plural = _("required topics")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "topic"], name="one_requirement_per_topic"),
            models.CheckConstraint(
                condition=models.Q(minimum__gte=1), name="required_topic_minimum_positive"
            ),
        ]

    def __str__(self):
        return f"{self.get_topic_display()} ≥ {self.minimum}"


class Drill(models.Model):
    """An emergency drill (应急演练): planned for a day, then recorded as done — or cancelled."""

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="drills"
    )
    campaign = models.ForeignKey(
        "plans.Campaign", verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="drills",
    )  # fmt: skip
    kind = models.CharField(_("type of drill"), max_length=20, choices=DrillKind.choices)
    title = models.CharField(_("name"), max_length=200, blank=True)
    planned_date = models.DateField(_("planned date"))
    organiser = models.CharField(_("commander"), max_length=50, blank=True)
    scenario = models.TextField(_("scenario and arrangements"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=DrillState.choices, default=DrillState.PLANNED
    )
    # Recorded once it is done.
    held_on = models.DateField(_("held on"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    evacuation_seconds = models.PositiveIntegerField(_("evacuation time (seconds)"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("planned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        ordering = ["-planned_date", "-pk"]
        indexes = [
            models.Index(fields=["state", "planned_date"]),
            models.Index(fields=["campaign", "school"]),
        ]

    def __str__(self):
        return f"{self.school} · {self.display_name} · {self.planned_date:%Y-%m-%d}"

    @property
    def display_name(self):
        return self.title or self.get_kind_display()

    def is_overdue(self, today=None):
        """Still planned after its day has passed (the whole planned day counts, in Beijing time)."""
        return self.state == DrillState.PLANNED and (today or timezone.localdate()) > self.planned_date

    @property
    def evacuation_time(self):
        """The evacuation time as m:ss, or "" when none was recorded."""
        if self.evacuation_seconds is None:
            return ""
        minutes, seconds = divmod(self.evacuation_seconds, 60)
        return f"{minutes}:{seconds:02d}"


class DrillProblem(models.Model):
    """A problem a drill brought to light; it may be entered in the hazard register."""

    drill = models.ForeignKey(
        Drill, verbose_name=_("drill"), on_delete=models.CASCADE, related_name="problems"
    )
    description = models.TextField(_("problem found"))
    hazard = models.OneToOneField(
        "hazards.Hazard", verbose_name=_("hazard"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="drill_problem",
    )  # fmt: skip

    class Meta:
        verbose_name = _("problem found")
        verbose_name_plural = _("problems found")
        ordering = ["pk"]

    def __str__(self):
        return self.description[:40]


class DrillPhoto(models.Model):
    drill = models.ForeignKey(Drill, verbose_name=_("drill"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=random_upload_path("activities/drills"))
    thumbnail = models.ImageField(_("thumbnail"), upload_to=random_upload_path("activities/drills/thumbs"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("drill photo")
        verbose_name_plural = _("drill photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"{self.drill_id} · {self.pk}"


class DrillEvent(StateEvent):
    """Each step of a drill: who, when, from which state to which, and why."""

    drill = models.ForeignKey(Drill, verbose_name=_("drill"), on_delete=models.CASCADE, related_name="events")

    class Meta(StateEvent.Meta):
        verbose_name = _("drill event")
        verbose_name_plural = _("drill events")

    def __str__(self):
        return f"{self.drill_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
