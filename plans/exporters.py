"""Excel exports of campaigns, built on the portal's one exporter base (`common.xlsx`)."""

from django.utils.translation import gettext as _

from common.xlsx import Column, Sheet, XlsxExporter

from . import selectors


class BoardExporter(XlsxExporter):
    """The submission board (R10.1) as a sheet: one row per school, two columns per deliverable."""

    def __init__(self, *, campaign, kind="", status="", now=None):
        self.campaign = campaign
        self.filters = {"kind": kind, "status": status, "now": now}

    def filename(self):
        return f"board-{self.campaign.pk}.xlsx"

    def download_name(self):
        return f"{self.campaign.name}-{_('Submission board')}.xlsx"

    def sheets(self):
        board = selectors.board(campaign=self.campaign, **self.filters)
        columns = [
            Column(_("School code"), width=12),
            Column(_("School name"), width=30),
            Column(_("Kind"), width=16),
        ]
        for deliverable in board.deliverables:
            name = deliverable.get_kind_display()
            columns += [
                Column(_("%(deliverable)s status") % {"deliverable": name}, width=18),
                Column(_("%(deliverable)s submitted at") % {"deliverable": name}, width=20),
            ]
        yield Sheet(_("Submission board"), columns, (_board_row(row) for row in board.rows))


def _board_row(row):
    values = [row.school.code, row.school.name, row.school.get_kind_display()]
    for cell in row.cells:
        submitted_at = cell.submission.submitted_at if cell.submission else None
        values += [cell.label, submitted_at]
    return values
