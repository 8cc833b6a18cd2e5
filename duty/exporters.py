"""Duty rosters in Excel, on the portal's one exporter base (`common.xlsx`): one row per shift."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common.xlsx import Column, Sheet, XlsxExporter
from plans.enums import BoardStatus, DeliverableKind
from plans.models import board_status

from .models import DutyDay, DutyShift
from .selectors import campaign_rosters

TIME_FORMAT = "hh:mm"


def _header(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _day_columns():
    """Date, weekday, leader and the shift: the columns both exports share."""
    return [
        Column(_header(DutyDay, "date"), width=12),
        Column(_("Weekday"), width=10),
        Column(_header(DutyDay, "leader"), width=14),
        Column(_header(DutyDay, "leader_phone"), width=16),
        Column(_header(DutyShift, "start"), width=8, number_format=TIME_FORMAT),
        Column(_header(DutyShift, "end"), width=8, number_format=TIME_FORMAT),
        Column(_header(DutyShift, "person"), width=14),
        Column(_header(DutyShift, "phone"), width=16),
    ]


def _day_rows(days):
    """One row per shift; a day without shifts still gets a row, with its leader."""
    for day in days:
        leading = [day.date, date_format(day.date, "D"), day.leader, day.leader_phone]
        shifts = day.shifts.all()
        if not shifts:
            yield [*leading, None, None, "", ""]
        for shift in shifts:
            yield [*leading, shift.start, shift.end, shift.person, shift.phone]


class RosterExporter(XlsxExporter):
    """One school's roster. `roster` comes with `days__shifts` prefetched and its submission set."""

    def __init__(self, *, roster):
        self.roster = roster
        self.submission = roster.submission

    def filename(self):
        return f"duty-roster-{self.submission.school.code}.xlsx"

    def download_name(self):
        deliverable = self.submission.deliverable
        names = (self.submission.school.name, deliverable.campaign.name, deliverable.get_kind_display())
        return "-".join(names) + ".xlsx"

    def sheets(self):
        kind = self.submission.deliverable.get_kind_display()
        yield Sheet(kind, _day_columns(), _day_rows(self.roster.days.all()))


class CampaignRostersExporter(XlsxExporter):
    """Every covered school's roster in one sheet (the bureau's workbook). Five queries, whatever the
    number of schools: the roster deliverable, the schools, the rosters, their days, their shifts."""

    def __init__(self, *, campaign, now=None):
        self.campaign = campaign
        self.now = now or timezone.now()

    def filename(self):
        return f"duty-rosters-{self.campaign.pk}.xlsx"

    def download_name(self):
        return f"{self.campaign.name}-{DeliverableKind.DUTY_ROSTER.label}.xlsx"

    def sheets(self):
        columns = [
            Column(_("School code"), width=12),
            Column(_("School name"), width=28),
            Column(_("Review state"), width=14),
            *_day_columns(),
        ]
        yield Sheet(DeliverableKind.DUTY_ROSTER.label, columns, self._rows())

    def _rows(self):
        deliverable = self.campaign.deliverables.filter(kind=DeliverableKind.DUTY_ROSTER).first()
        schools = self.campaign.schools.order_by("code")
        rosters = (
            campaign_rosters(self.campaign).select_related("submission").prefetch_related("days__shifts")
        )
        by_school = {roster.submission.school_id: roster for roster in rosters}
        for school in schools:
            roster = by_school.get(school.pk)
            submission = roster.submission if roster else None
            status = BoardStatus(board_status(submission, deliverable, self.now)) if deliverable else None
            leading = [school.code, school.name, status.label if status else ""]
            days = roster.days.all() if roster else []
            if not days:
                yield [*leading, None, "", "", "", None, None, "", ""]
            for row in _day_rows(days):
                yield [*leading, *row]
