"""The hazard ledger (隐患台账, R4.9) as an Excel workbook, built on the portal's exporter base."""

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common.xlsx import Column, Sheet, XlsxExporter

from .models import Hazard


def _field_label(name):
    """The model field's own name, so the column reads as the field does on the page."""
    return capfirst(Hazard._meta.get_field(name).verbose_name)


def _yes_no(value):
    return _("Yes") if value else _("No")


class HazardExporter(XlsxExporter):
    """One row per hazard of `hazards`, a queryset already scoped to the user and filtered
    (`selectors.ledger`)."""

    def __init__(self, *, hazards, now=None):
        self.hazards = hazards
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        # Translated once per export, not once per cell: 100,000 rows would otherwise spend most of
        # their time looking up the same few labels.
        self._labels = {
            name: {value: str(label) for value, label in Hazard._meta.get_field(name).choices}
            for name in ("area", "source", "severity", "state")
        }
        self._yes_no = {True: _yes_no(True), False: _yes_no(False)}

    def filename(self):
        return f"hazards-{self.today:%Y%m%d}.xlsx"

    def download_name(self):
        return f"{_('Hazard ledger')}-{self.today:%Y%m%d}.xlsx"

    def sheets(self):
        field = _field_label
        columns = [
            Column(_("School code"), width=12),
            Column(field("school"), width=28),
            Column(field("area"), width=16),
            Column(field("description"), width=40),
            Column(field("location"), width=24),
            Column(field("source"), width=10),
            Column(field("found_by"), width=12),
            Column(field("found_at"), width=17),
            Column(field("severity"), width=10),
            Column(field("state"), width=12),
            Column(field("rectified_on_spot"), width=10),
            Column(field("interim_measures"), width=30),
            Column(field("rectification_plan"), width=36),
            Column(field("responsible_person"), width=12),
            Column(field("deadline"), width=12),
            Column(_("Overdue"), width=8),
            Column(field("supervised"), width=10),
            Column(field("supervisor"), width=12),
            Column(field("closed_at"), width=17),
            Column(field("recheck_date"), width=12),
            Column(field("rebound_of"), width=10),
        ]
        # select_related keeps it one query; iterator() streams the rows instead of caching them all.
        rows = self.hazards.select_related("school", "supervisor").iterator(chunk_size=500)
        yield Sheet(_("Hazard ledger"), columns, (self._row(hazard) for hazard in rows))

    def _row(self, hazard):
        labels, yes_no = self._labels, self._yes_no
        return [
            hazard.school.code,
            hazard.school.name,
            labels["area"].get(hazard.area, hazard.area),
            hazard.description,
            hazard.location,
            labels["source"].get(hazard.source, hazard.source),
            hazard.found_by,
            hazard.found_at,
            labels["severity"].get(hazard.severity, hazard.severity),
            labels["state"].get(hazard.state, hazard.state),
            yes_no[hazard.rectified_on_spot],
            hazard.interim_measures,
            hazard.rectification_plan,
            hazard.responsible_person,
            hazard.deadline,
            yes_no[hazard.is_overdue(self.today)],
            yes_no[hazard.supervised],
            str(hazard.supervisor) if hazard.supervisor else None,
            hazard.closed_at,
            hazard.recheck_date,
            hazard.rebound_of_id,
        ]
