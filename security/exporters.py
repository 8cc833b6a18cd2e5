"""The gate register, the patrol log and the police room as Excel sheets, on the portal's exporter base.

ID numbers are always masked; phone numbers are masked when the bureau exports (`mask_phones`).
"""

from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common.masking import masked_header
from common.xlsx import Column, Sheet, XlsxExporter
from schools.selectors import membership_of, schools_for_user

from .enums import EntryState, ItemStatus
from .models import GateEntry, Patrol, PatrolFinding, PoliceRoomItem
from .selectors import gate_list, patrol_list


def _label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _yes_no(value):
    return _("Yes") if value else _("No")


def gate_sheet(*, entries, mask_phones, title=None):
    """One row per entry of `entries`, a queryset already scoped to the user and filtered."""
    states = {value: str(label) for value, label in EntryState.choices}
    yes_no = {True: _yes_no(True), False: _yes_no(False)}

    def field(name):
        return _label(GateEntry, name)

    columns = [
        Column(_("School code"), width=12),
        Column(field("school"), width=28),
        Column(field("time_in"), width=17),
        Column(field("time_out"), width=17),
        Column(field("visitor_name"), width=12),
        Column(masked_header(field("phone")) if mask_phones else field("phone"), width=16),
        Column(masked_header(field("id_number")), width=24),
        Column(field("vehicle_plate"), width=12),
        Column(field("goods"), width=20),
        Column(field("temperature"), width=10, number_format="0.0"),
        Column(field("temperature_flagged"), width=10),
        Column(field("fever_reason"), width=24),
        Column(field("purpose"), width=18),
        Column(field("host"), width=12),
        Column(field("state"), width=12),
        Column(field("answer_note"), width=20),
        Column(field("created_by"), width=12),
    ]

    def row(entry):
        return [
            entry.school.code,
            entry.school.name,
            entry.time_in,
            entry.time_out,
            entry.visitor_name,
            entry.masked_phone if mask_phones else entry.phone,
            entry.masked_id_number,
            entry.vehicle_plate,
            entry.goods,
            entry.temperature,
            yes_no[entry.temperature_flagged],
            entry.fever_reason,
            entry.purpose,
            entry.host,
            states.get(entry.state, entry.state),
            entry.answer_note,
            entry.created_by.get_full_name() if entry.created_by else "",
        ]

    rows = entries.select_related("school", "created_by").iterator(chunk_size=500)
    return Sheet(title or _("Gate register"), columns, (row(entry) for entry in rows))


def patrol_sheet(*, patrols):
    """One row per patrol, its findings in one cell; two queries (patrols, then their findings)."""
    findings = Prefetch("findings", queryset=PatrolFinding.objects.order_by("pk"))
    columns = [
        Column(_("School code"), width=12),
        Column(_label(Patrol, "school"), width=28),
        Column(_label(Patrol, "patrolled_at"), width=17),
        Column(_label(Patrol, "patrolled_by"), width=14),
        Column(_label(Patrol, "route"), width=30),
        Column(_label(Patrol, "note"), width=24),
        Column(capfirst(PatrolFinding._meta.verbose_name_plural), width=40),
        Column(_("Entered as hazards"), width=10),
    ]

    def row(patrol):
        found = list(patrol.findings.all())
        return [
            patrol.school.code,
            patrol.school.name,
            patrol.patrolled_at,
            patrol.patrolled_by,
            patrol.route,
            patrol.note,
            "\n".join(f"{index}. {finding.description}" for index, finding in enumerate(found, start=1)),
            sum(1 for finding in found if finding.hazard_id),
        ]

    rows = patrols.select_related("school").prefetch_related(findings).iterator(chunk_size=500)
    return Sheet(_("Patrol log"), columns, (row(patrol) for patrol in rows))


def police_room_sheet(*, schools, today):
    """(sheet, rows): each school's police-room items, or one "not checked" row. Two queries."""
    schools = list(schools.order_by("code"))
    items = defaultdict(list)
    for item in PoliceRoomItem.objects.filter(school__in=schools).order_by("position", "pk"):
        items[item.school_id].append(item)
    statuses = {value: str(label) for value, label in ItemStatus.choices}
    columns = [
        Column(_("School code"), width=12),
        Column(_label(PoliceRoomItem, "school"), width=28),
        Column(_label(PoliceRoomItem, "name"), width=24),
        Column(_label(PoliceRoomItem, "status"), width=10),
        Column(_label(PoliceRoomItem, "required_quantity"), width=8),
        Column(_label(PoliceRoomItem, "quantity"), width=8),
        Column(_label(PoliceRoomItem, "expiry_date"), width=12),
        Column(_label(PoliceRoomItem, "note"), width=24),
        Column(_label(PoliceRoomItem, "checked_at"), width=17),
    ]
    rows = []
    for school in schools:
        if not items[school.pk]:
            rows.append([school.code, school.name, "", statuses[ItemStatus.UNCHECKED], *[None] * 5])
        for item in items[school.pk]:
            status = item.current_status(today)
            rows.append([
                school.code, school.name, item.name, statuses[status], item.required_quantity, item.quantity,
                item.expiry_date, item.note, item.checked_at,
            ])  # fmt: skip
    return Sheet(_("Police room"), columns, rows), len(rows)


class GateEntryExporter(XlsxExporter):
    def __init__(self, *, entries, mask_phones, now=None):
        self.entries, self.mask_phones = entries, mask_phones
        self.today = timezone.localdate(now or timezone.now())

    def filename(self):
        return f"gate-register-{self.today:%Y%m%d}.xlsx"

    def download_name(self):
        return f"{_('Gate register')}-{self.today:%Y%m%d}.xlsx"

    def sheets(self):
        yield gate_sheet(entries=self.entries, mask_phones=self.mask_phones)


def campaign_sheets(*, user, campaign, now):
    """The campaign workbook's sheets of this app, scoped to `user`: [(sheet, rows expected)].

    Gate entries and patrols of the campaign period at the covered schools; the police room as it
    stands at `now`. Phone numbers are masked for a bureau user, ID numbers always.
    """
    membership = membership_of(user)
    mask_phones = membership is None or membership.is_bureau
    entries = gate_list(user=user, campaign=campaign).order_by("time_in", "pk")
    patrols = patrol_list(user=user, campaign=campaign).order_by("patrolled_at", "pk")
    schools = campaign.schools.filter(pk__in=schools_for_user(user).values("pk"))
    police, police_rows = police_room_sheet(schools=schools, today=timezone.localdate(now))
    return [
        (gate_sheet(entries=entries, mask_phones=mask_phones), entries.count()),
        (patrol_sheet(patrols=patrols), patrols.count()),
        (police, police_rows),
    ]
