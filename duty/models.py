from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.uploads import random_upload_path

from .enums import IncidentCategory, Severity


class DutyRoster(models.Model):
    """A school's duty roster for a campaign (R8.1): a leader each day and 24-hour duty shifts.

    It is the content of the campaign's "duty roster" deliverable (see `duty.deliverable`).
    """

    submission = models.OneToOneField(
        "plans.Submission", verbose_name=_("submission"), on_delete=models.CASCADE, related_name="duty_roster"
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    # Each duty day runs from the hand-over time to the same time the next day ("8:00 至次日 8:00").
    handover = models.TimeField(_("hand-over time"), default=time(8))

    class Meta:
        verbose_name = _("duty roster")
        verbose_name_plural = _("duty rosters")

    def __str__(self):
        return str(self.submission)

    def dates(self):
        day = self.start_date
        while day <= self.end_date:
            yield day
            day += timedelta(days=1)


class DutyDay(models.Model):
    """One day of a roster with its leader on duty (带班领导)."""

    roster = models.ForeignKey(
        DutyRoster, verbose_name=_("duty roster"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"))
    leader = models.CharField(_("leader on duty"), max_length=50, blank=True)
    leader_phone = models.CharField(_("leader's phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("duty day")
        verbose_name_plural = _("duty days")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["roster", "date"], name="one_duty_day_per_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.leader}"


class DutyShift(models.Model):
    """A duty shift that starts on its day. An end at or before the start means it ends the next day
    (a night shift); an end equal to the start is a full 24 hours."""

    day = models.ForeignKey(DutyDay, verbose_name=_("day"), on_delete=models.CASCADE, related_name="shifts")
    person = models.CharField(_("person on duty"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["start", "pk"]

    def __str__(self):
        return f"{self.person} {self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def crosses_midnight(self):
        return self.end <= self.start

    def interval(self, date=None):
        """(start, end) as naive Beijing wall-clock datetimes; Asia/Shanghai keeps no summer time."""
        begin = datetime.combine(date or self.day.date, self.start)
        finish = datetime.combine(begin.date(), self.end)
        if self.crosses_midnight:
            finish += timedelta(days=1)
        return begin, finish


class ReportingRules(models.Model):
    """A bureau's deadlines for incident reports (R8.2), editable by its admin."""

    bureau = models.OneToOneField(
        "schools.Bureau", verbose_name=_("bureau"), on_delete=models.CASCADE, related_name="reporting_rules"
    )
    first_report_minutes = models.PositiveIntegerField(
        _("first report within (minutes of the event)"), default=30
    )
    written_hours_general = models.PositiveIntegerField(
        _("written report for a general incident within (hours)"), default=24
    )
    written_hours_major = models.PositiveIntegerField(
        _("written report for a major incident within (hours)"), default=2
    )
    written_hours_serious = models.PositiveIntegerField(
        _("written report for a serious incident within (hours)"), default=2
    )

    class Meta:
        verbose_name = _("reporting rules")
        verbose_name_plural = _("reporting rules")

    def __str__(self):
        return str(self.bureau)

    def written_within(self, severity):
        hours = {
            Severity.GENERAL: self.written_hours_general,
            Severity.MAJOR: self.written_hours_major,
            Severity.SERIOUS: self.written_hours_serious,
        }[severity]
        return timedelta(hours=hours)

    @property
    def first_within(self):
        return timedelta(minutes=self.first_report_minutes)


class Incident(models.Model):
    """An incident reported "first verbally, then in writing" (先口头、后书面, R8.2)."""

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="incidents"
    )
    category = models.CharField(_("category"), max_length=20, choices=IncidentCategory.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    occurred_at = models.DateTimeField(_("happened at"))
    summary = models.TextField(_("what happened"))
    # The first (verbal) report: when the school phoned the bureau, who phoned and who took the call.
    reported_at = models.DateTimeField(_("reported by phone at"), null=True, blank=True)
    reported_by_name = models.CharField(_("reported by"), max_length=50, blank=True)
    received_by_name = models.CharField(_("received at the bureau by"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Deadlines are fixed when the first report is recorded, from the bureau's rules at that time.
    first_due_at = models.DateTimeField(_("first report due"))
    written_due_at = models.DateTimeField(_("written report due"))
    # The written report (书面报告).
    cause = models.TextField(_("cause"), blank=True)
    casualties = models.TextField(_("casualties"), blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    written_at = models.DateTimeField(_("written report at"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The bureau's side.
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 瞒报/漏报: the bureau learned of it elsewhere; it counts against the school.
    unreported = models.BooleanField(_("not reported by the school"), default=False)
    unreported_note = models.TextField(_("how the bureau learned of it"), blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self):
        return f"{self.school} · {self.get_category_display()} · {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def first_report_late(self):
        """Phoned in after the deadline, or never by the school at all."""
        return self.unreported or self.reported_at is None or self.reported_at > self.first_due_at


class IncidentAttachment(models.Model):
    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=random_upload_path("incidents"))
    name = models.CharField(_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name
