"""The campaign summary report (PDF, issue 7): the document a bureau leader reads.

A cover, the key figures, the charts, then the tables that need someone's attention: overdue and
supervised hazards, late or missing submissions, incidents and whether they were reported in time.
The figures and charts are the dashboard's own (`selectors.campaign_summary`, `charts.campaign_charts`),
so the page and the paper never disagree; the tables start from the selectors the lists use. All of it
is read as the user who asked for the report may see it. `common.pdf.render_pdf` prints it, with a URL
fetcher that loads nothing but our static files.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from common.pdf import render_pdf
from duty.timeliness import written_status
from hazards.selectors import ledger
from plans.enums import BoardStatus
from plans.selectors import board

from .charts import campaign_charts
from .exporters import campaign_incidents
from .selectors import campaign_summary

TABLE_LIMIT = 100  # rows per table; the rest are counted, and the workbook has them all
TEMPLATE = "reports/summary_pdf.html"


@dataclass
class Table:
    rows: list
    total: int

    @property
    def more(self):
        return max(self.total - len(self.rows), 0)


def _limited(queryset):
    """The first TABLE_LIMIT rows, and how many there are in all (a count only when there are more)."""
    rows = list(queryset[:TABLE_LIMIT])
    return Table(rows, len(rows) if len(rows) < TABLE_LIMIT else queryset.count())


class SummaryReport:
    """One campaign's summary report, read as `user` may see it.

    `progress(fraction)` is called with 0…1: after the figures, after the tables, when printed.
    """

    def __init__(self, *, campaign, user, now=None, progress: Callable[[float], None] | None = None):
        self.campaign = campaign
        self.user = user
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.progress = progress or (lambda fraction: None)

    def filename(self):
        return f"campaign-{self.campaign.pk}-summary-{self.today:%Y%m%d}.pdf"

    def download_name(self):
        return f"{self.campaign.name}-{_('Campaign summary report')}-{self.today:%Y%m%d}.pdf"

    def pdf(self) -> bytes:
        pdf = render_pdf(TEMPLATE, self.context())
        self.progress(1)
        return pdf

    def context(self):
        summary = campaign_summary(user=self.user, campaign=self.campaign, now=self.now)
        context = {
            "campaign": self.campaign,
            "bureau": self.campaign.bureau,
            "generated_at": self.now,
            "requested_by": self.user,
            "summary": summary,
            "figures": _figures(summary),
            "charts": _chart_groups(summary),
        }
        self.progress(0.3)
        context |= self._tables()
        self.progress(0.5)
        return context

    def _tables(self):
        hazards = ledger(user=self.user, campaign_id=self.campaign.pk, today=self.today)
        overdue = _limited(
            ledger(user=self.user, campaign_id=self.campaign.pk, overdue=True, today=self.today).order_by(
                "deadline", "pk"
            )
        )
        for hazard in overdue.rows:
            hazard.days_overdue = (self.today - hazard.deadline).days
        supervised = _limited(hazards.filter(supervised=True).order_by("state", "deadline", "pk"))
        for hazard in supervised.rows:
            hazard.overdue = hazard.is_overdue(self.today)
        late = _late_or_missing(board(campaign=self.campaign, now=self.now))
        incidents = campaign_incidents(user=self.user, campaign=self.campaign)
        listed = _limited(incidents.order_by("occurred_at", "pk"))
        for incident in listed.rows:
            incident.written = written_status(incident, self.now)
        return {
            "overdue_hazards": overdue,
            "supervised_hazards": supervised,
            "late_submissions": Table(late[:TABLE_LIMIT], len(late)),
            "incidents": listed,
        }


@dataclass
class LateOrMissing:
    """A school with deliverables past due and not handed in, or handed in late."""

    school: object
    missing: list = field(default_factory=list)  # of Deliverable
    late: list = field(default_factory=list)  # of (Deliverable, Submission)


def _late_or_missing(matrix):
    """One row per school that owes something or handed it in late: most missing first, then by code."""
    rows = []
    for row in matrix.rows:
        entry = LateOrMissing(row.school)
        for deliverable, cell in zip(matrix.deliverables, row.cells, strict=True):
            if cell.status == BoardStatus.OVERDUE:
                entry.missing.append(deliverable)
            elif cell.status == BoardStatus.LATE:
                entry.late.append((deliverable, cell.submission))
        if entry.missing or entry.late:
            rows.append(entry)
    return sorted(rows, key=lambda entry: (-len(entry.missing), -len(entry.late), entry.school.code))


def _figures(summary):
    """The key figures, four to a row: (label, value, alarming)."""
    hazards, incidents = summary.hazards, summary.incidents
    rate = hazards["rectification_rate"]
    # Of the deliverables due by now, as the bureau's home page counts them.
    due = [p for p in summary.deliverables if p.deliverable.is_past_due(summary.now)]
    expected = sum(progress.total for progress in due)
    handed_in = sum(progress.on_time + progress.late for progress in due)
    late = sum(progress.late for progress in summary.deliverables)
    figures = [
        (_("Schools covered"), summary.school_count, False),
        (_("Handed in of those due"), f"{handed_in} / {expected}", False),
        (_("Submitted late"), late, late > 0),
        (_("Deliverables missing"), summary.missing_deliverables, summary.missing_deliverables > 0),
        (_("Hazards"), hazards["total"], False),
        (_("Not closed"), hazards["open"], False),
        (_("Overdue hazards"), hazards["overdue"], hazards["overdue"] > 0),
        (_("Rectification rate"), "—" if rate is None else f"{rate}%", False),
        (_("Major hazards"), hazards["major"], hazards["major"] > 0),
        (_("Supervised"), hazards["supervised"], False),
        (_("Rebounds"), hazards["rebounds"], hazards["rebounds"] > 0),
        (_("Inspections done"), summary.inspections_done, False),
        (_("Incidents"), incidents["total"], False),
        (_("First report late"), incidents["first_late"], incidents["first_late"] > 0),
        (_("Written reports overdue"), incidents["written_overdue"], incidents["written_overdue"] > 0),
        (_("Not reported by the school"), incidents["unreported"], incidents["unreported"] > 0),
    ]
    return [figures[start : start + 4] for start in range(0, len(figures), 4)]


def _chart_groups(summary):
    """The dashboard's charts under the report's headings: [{title, charts: [(caption, svg)], empty}]."""
    charts = campaign_charts(summary, show_titles=False)
    return [
        {
            "title": _("Submissions by deliverable"),
            "charts": [
                (progress.deliverable.get_kind_display(), svg) for progress, svg in charts.deliverables
            ],
        },
        {
            "title": _("Hazards"),
            "charts": [
                (_("Hazards by state"), charts.hazards_by_state),
                (_("Hazards by focus area"), charts.hazards_by_area),
            ],
        },
        {"title": _("Inspections done by kind"), "charts": [("", charts.inspections_by_kind)]},
        {"title": _("Incident timeliness"), "charts": [("", charts.incident_timeliness)]},
        {
            "title": _("Schools with the most overdue items"),
            "note": _("Overdue hazards, missing deliverables and overdue written reports, together."),
            "charts": [("", charts.most_overdue)] if charts.most_overdue else [],
            "empty": _("No school has anything overdue."),
        },
    ]
