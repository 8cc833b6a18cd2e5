"""The bureau's incident list (R8.3) as an Excel workbook, built on the portal's exporter base."""

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common.xlsx import Column, Sheet, XlsxExporter

from .models import Incident
from .timeliness import written_status


def _field_label(name):
    """The model field's own name, so the column reads as the field does on the page."""
    return capfirst(Incident._meta.get_field(name).verbose_name)


def _yes_no(value):
    return _("Yes") if value else _("No")


class IncidentExporter(XlsxExporter):
    """One row per incident of `incidents`, a queryset already scoped to the user and filtered."""

    def __init__(self, *, incidents, now=None):
        self.incidents = incidents
        self.now = now or timezone.now()

    def filename(self):
        return f"incidents-{timezone.localtime(self.now):%Y%m%d}.xlsx"

    def download_name(self):
        return f"{_('Incident reports')}-{timezone.localtime(self.now):%Y%m%d}.xlsx"

    def sheets(self):
        field = _field_label
        columns = [
            Column(_("School code"), width=12),
            Column(field("school"), width=28),
            Column(field("category"), width=14),
            Column(field("severity"), width=10),
            Column(field("occurred_at"), width=17),
            Column(field("reported_at"), width=17),
            Column(_("First report late"), width=10),
            Column(field("written_due_at"), width=17),
            Column(field("written_at"), width=17),
            Column(_("Written report status"), width=16),
            Column(field("acknowledged_at"), width=17),
            Column(field("unreported"), width=12),
            Column(field("summary"), width=40),
            Column(field("cause"), width=40),
        ]
        # select_related keeps it one query; iterator() streams the rows instead of caching them all.
        rows = self.incidents.select_related("school").iterator(chunk_size=500)
        yield Sheet(_("Incident reports"), columns, (self._row(incident) for incident in rows))

    def _row(self, incident):
        return [
            incident.school.code,
            incident.school.name,
            incident.get_category_display(),
            incident.get_severity_display(),
            incident.occurred_at,
            incident.reported_at,
            _yes_no(incident.first_report_late),
            incident.written_due_at,
            incident.written_at,
            written_status(incident, self.now).label,
            incident.acknowledged_at,
            _yes_no(incident.unreported),
            incident.summary,
            incident.cause,
        ]
