"""Education sessions and drills as Excel sheets, built on the portal's exporter base (`common.xlsx`).

The list pages export what they show; `campaign_sheets` gives the bureau's campaign workbook its
sheets. Every sheet starts from a selector scoped to the user who asked.
"""

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common.xlsx import Column, Sheet, XlsxExporter

from . import selectors
from .enums import DrillKind, DrillState, SessionForm, Topic
from .models import Drill, EducationSession

SEPARATOR = "、"


def _label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _labels(choices):
    """Translated once per export, not once per cell."""
    return {value: str(label) for value, label in choices}


def session_sheet(sessions, *, title=None):
    """One row per session of `sessions` (already scoped and filtered): one query for the rows and
    one per 500 rows for their topics."""
    field = lambda name: _label(EducationSession, name)  # noqa: E731
    forms, topics = _labels(SessionForm.choices), _labels(Topic.choices)
    columns = [
        Column(_("School code"), width=12),
        Column(field("school"), width=28),
        Column(field("campaign"), width=28),
        Column(field("date"), width=12),
        Column(field("form"), width=14),
        Column(field("title"), width=30),
        Column(_("Topics"), width=30),
        Column(field("audience"), width=24),
        Column(field("participants"), width=10),
        Column(field("presenter"), width=12),
        Column(field("content"), width=40),
        Column(_("Photos"), width=8),
        Column(field("created_by"), width=12),
        Column(field("created_at"), width=17),
    ]
    rows = (
        sessions.select_related("school", "campaign", "created_by")
        .prefetch_related("topics")
        .iterator(chunk_size=500)
    )

    def row(session):
        return [
            session.school.code,
            session.school.name,
            session.campaign.name if session.campaign else None,
            session.date,
            forms.get(session.form, session.form),
            session.title,
            SEPARATOR.join(topics.get(t.topic, t.topic) for t in session.topics.all()),
            session.audience,
            session.participants,
            session.presenter,
            session.content,
            session.photo_count,
            str(session.created_by) if session.created_by else None,
            session.created_at,
        ]

    return Sheet(title or _("Safety education sessions"), columns, (row(session) for session in rows))


def drill_sheet(drills, *, today, title=None):
    """One row per drill of `drills` (already scoped and filtered), with its problems."""
    field = lambda name: _label(Drill, name)  # noqa: E731
    kinds, states = _labels(DrillKind.choices), _labels(DrillState.choices)
    yes, no = _("Yes"), _("No")
    columns = [
        Column(_("School code"), width=12),
        Column(field("school"), width=28),
        Column(field("campaign"), width=28),
        Column(field("kind"), width=16),
        Column(field("title"), width=24),
        Column(field("planned_date"), width=12),
        Column(field("state"), width=10),
        Column(_("Overdue"), width=8),
        Column(field("organiser"), width=12),
        Column(field("held_on"), width=12),
        Column(field("participants"), width=10),
        Column(field("duration_minutes"), width=10),
        Column(_("Evacuation time (m:ss)"), width=12),
        Column(_("Problems found"), width=40),
        Column(_("Entered as hazards"), width=14),
        Column(field("evaluation"), width=40),
        Column(field("cancel_reason"), width=24),
    ]
    rows = drills.select_related("school", "campaign").prefetch_related("problems").iterator(chunk_size=500)

    def row(drill):
        problems = list(drill.problems.all())
        return [
            drill.school.code,
            drill.school.name,
            drill.campaign.name if drill.campaign else None,
            kinds.get(drill.kind, drill.kind),
            drill.title,
            drill.planned_date,
            states.get(drill.state, drill.state),
            yes if drill.is_overdue(today) else no,
            drill.organiser,
            drill.held_on,
            drill.participants,
            drill.duration_minutes,
            drill.evacuation_time or None,
            "\n".join(problem.description for problem in problems),
            SEPARATOR.join(f"#{p.hazard_id}" for p in problems if p.hazard_id) or None,
            drill.evaluation,
            drill.cancel_reason,
        ]

    return Sheet(title or _("Drills"), columns, (row(drill) for drill in rows))


def school_sheet(*, user, campaign, now):
    """Each covered school: sessions on each required topic against the minimum, and its drills."""
    minimums, rows = selectors.school_table(user=user, campaign=campaign, now=now)
    columns = [
        Column(_("School code"), width=12),
        Column(_("School"), width=28),
        *[Column(f"{Topic(topic).label} (≥{minimum})", width=14) for topic, minimum in minimums.items()],
        Column(_("Required topics missing"), width=24),
        Column(_("Sessions held"), width=10),
        Column(_("Participants"), width=10),
        Column(_("Drills done"), width=10),
        Column(_("Drills planned"), width=10),
        Column(_("Drills overdue"), width=10),
    ]

    def row(line):
        return [
            line.school.code,
            line.school.name,
            *[req.held for req in line.requirements],
            SEPARATOR.join(str(req.label) for req in line.missing) or None,
            line.sessions,
            line.participants,
            line.done,
            line.planned,
            line.overdue,
        ]

    return Sheet(_("Education by school"), columns, (row(line) for line in rows)), len(rows)


def campaign_sheets(*, user, campaign, now):
    """The campaign workbook's sheets on education and drills, scoped to `user`: (sheet, rows expected)."""
    today = timezone.localdate(now)
    sessions = selectors.session_list(user=user, campaign_id=campaign.pk)
    drills = selectors.drill_list(user=user, campaign_id=campaign.pk, today=today)
    return [
        school_sheet(user=user, campaign=campaign, now=now),
        (session_sheet(sessions), sessions.count()),
        (drill_sheet(drills, today=today), drills.count()),
    ]


class SessionExporter(XlsxExporter):
    def __init__(self, *, sessions, now=None):
        self.sessions = sessions
        self.today = timezone.localdate(now or timezone.now())

    def filename(self):
        return f"education-sessions-{self.today:%Y%m%d}.xlsx"

    def download_name(self):
        return f"{_('Safety education sessions')}-{self.today:%Y%m%d}.xlsx"

    def sheets(self):
        yield session_sheet(self.sessions)


class DrillExporter(XlsxExporter):
    def __init__(self, *, drills, now=None):
        self.drills = drills
        self.today = timezone.localdate(now or timezone.now())

    def filename(self):
        return f"drills-{self.today:%Y%m%d}.xlsx"

    def download_name(self):
        return f"{_('Drills')}-{self.today:%Y%m%d}.xlsx"

    def sheets(self):
        yield drill_sheet(self.drills, today=self.today)
