"""The campaign workbook (R10, issue 7): every subject of a campaign in one Excel file, a sheet each.

Built on the portal's one exporter base (`common.xlsx`), reusing the apps' own exporters for the
sheets they already have — the hazard ledger, the bureau's roster workbook, the incident list — so a
column reads the same in every export. Each sheet starts from the selector the page uses, scoped to
the user who asked for the workbook: a job never exports more than its requester may see.
"""

from collections.abc import Callable
from dataclasses import replace

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common.xlsx import Column, Sheet, XlsxExporter
from duty.exporters import CampaignRostersExporter
from duty.incident_exporters import IncidentExporter
from duty.selectors import incident_list
from hazards.exporters import HazardExporter
from hazards.selectors import ledger
from inspections.models import Inspection
from inspections.selectors import inspection_list
from plans.enums import FocusArea
from plans.selectors import board

from .parts import campaign_sheets
from .selectors import campaign_period

ROWS_PER_UPDATE = 1000  # report progress every this many rows of a sheet (and at the end of each)


def campaign_incidents(*, user, campaign):
    """The incidents of the campaign's schools during the campaign (the dashboard's period), as `user`
    may see them."""
    start, end = campaign_period(campaign)
    return incident_list(user=user).filter(
        school__in=campaign.schools.all(), occurred_at__gte=start, occurred_at__lt=end
    )


def _yes_no(value):
    return _("Yes") if value else _("No")


def _areas(values):
    labels = dict(FocusArea.choices)
    return "、".join(str(labels.get(value, value)) for value in values or [])


class CampaignWorkbook(XlsxExporter):
    """Submissions, hazards, inspections, duty rosters and incidents of one campaign, then the sheets of
    education and drills, security, petitions, tip-offs and accountability (`reports.parts`).

    `progress(fraction)` is called with 0…1 after each sheet and every `ROWS_PER_UPDATE` rows.
    """

    def __init__(self, *, campaign, user, now=None, progress: Callable[[float], None] | None = None):
        self.campaign = campaign
        self.user = user
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.progress = progress or (lambda fraction: None)

    def filename(self):
        return f"campaign-{self.campaign.pk}-{self.today:%Y%m%d}.xlsx"

    def download_name(self):
        return f"{self.campaign.name}-{_('Campaign workbook')}-{self.today:%Y%m%d}.xlsx"

    def sheets(self):
        parts = [self._submissions, self._hazards, self._inspections, self._rosters, self._incidents]
        # The rest of the plan (R5–R7, R9): each of those apps gives its own sheets, already counted.
        rest = campaign_sheets(user=self.user, campaign=self.campaign, now=self.now)
        parts += [lambda pair=pair: pair for pair in rest]
        for index, part in enumerate(parts):
            sheet, expected = part()
            yield replace(sheet, rows=self._tracked(sheet.rows, index, len(parts), expected))

    def _tracked(self, rows, index, parts, expected):
        """`rows`, reporting how far the workbook has got as they are written."""
        for written, row in enumerate(rows, start=1):
            yield row
            if expected and written % ROWS_PER_UPDATE == 0:
                self.progress((index + min(written / expected, 1)) / parts)
        self.progress((index + 1) / parts)

    # --- The sheets: each returns (sheet, rows expected or None) ------------------------------------

    def _submissions(self):
        """One row per school and deliverable, read as the submission board reads it."""
        matrix = board(campaign=self.campaign, now=self.now)
        columns = [
            Column(_("School code"), width=12),
            Column(_("School name"), width=30),
            Column(capfirst(_("deliverable")), width=18),
            Column(_("Status"), width=16),
            Column(capfirst(_("submitted at")), width=17),
            Column(capfirst(_("late")), width=8),
            Column(_("Review state"), width=12),
        ]

        def rows():
            for row in matrix.rows:
                for deliverable, cell in zip(matrix.deliverables, row.cells, strict=True):
                    submission = cell.submission
                    yield [
                        row.school.code,
                        row.school.name,
                        deliverable.get_kind_display(),
                        cell.label,
                        submission.submitted_at if submission else None,
                        _yes_no(submission.late) if submission else "",
                        submission.get_state_display() if submission else "",
                    ]

        expected = len(matrix.rows) * len(matrix.deliverables)
        return Sheet(_("Submissions"), columns, rows()), expected

    def _hazards(self):
        hazards = ledger(user=self.user, campaign_id=self.campaign.pk, today=self.today)
        (sheet,) = HazardExporter(hazards=hazards, now=self.now).sheets()
        return sheet, hazards.count()

    def _inspections(self):
        inspections = inspection_list(user=self.user).filter(campaign=self.campaign).order_by("date", "pk")

        def field(name):
            return capfirst(Inspection._meta.get_field(name).verbose_name)

        columns = [
            Column(_("School code"), width=12),
            Column(_("School name"), width=28),
            Column(_("Inspection kind"), width=18),
            Column(field("state"), width=10),
            Column(field("date"), width=12),
            Column(field("leader_name"), width=14),
            Column(field("areas"), width=30),
            Column(_("Items checked"), width=10),
            Column(_("Items failed"), width=10),
            Column(field("summary"), width=40),
        ]
        rows = (
            [
                inspection.school.code,
                inspection.school.name,
                inspection.get_kind_display(),
                inspection.get_state_display(),
                inspection.date,
                inspection.leader_name,
                _areas(inspection.areas),
                inspection.checked,
                inspection.failed,
                inspection.summary,
            ]
            for inspection in inspections.iterator(chunk_size=500)
        )
        return Sheet(_("Inspections"), columns, rows), inspections.count()

    def _rosters(self):
        (sheet,) = CampaignRostersExporter(campaign=self.campaign, now=self.now).sheets()
        return sheet, None  # a row per shift: not worth a query to count

    def _incidents(self):
        incidents = campaign_incidents(user=self.user, campaign=self.campaign).order_by("occurred_at", "pk")
        (sheet,) = IncidentExporter(incidents=incidents, now=self.now).sheets()
        return replace(sheet, title=_("Incidents")), incidents.count()
