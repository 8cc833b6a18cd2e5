"""Backlog petition cases (信访积案, R7.1) as Excel: the list's export and the campaign workbook's sheets.

Parties' phone numbers are masked (139****5678): a workbook travels further than the case's page.
"""

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common.masking import mask_phone, masked_header
from common.xlsx import Column, Sheet, XlsxExporter

from . import selectors
from .models import Milestone, PetitionCase


def _label(name, model=PetitionCase):
    return capfirst(model._meta.get_field(name).verbose_name)


def _states():
    return {value: str(label) for value, label in PetitionCase._meta.get_field("state").choices}


def case_sheet(cases, *, today, title=None) -> Sheet:
    """One row per case of `cases` (scoped and filtered already), streamed in one query."""
    states, yes, no = _states(), _("Yes"), _("No")
    columns = [
        Column(_("School code"), width=12),
        Column(_label("school"), width=28),
        Column(_label("subject"), width=36),
        Column(_label("parties"), width=20),
        Column(masked_header(_label("contact_phone")), width=16),
        Column(_label("received_on"), width=12),
        Column(_label("leader"), width=12),
        Column(_label("responsible_unit"), width=20),
        Column(_label("state"), width=14),
        Column(_label("plan"), width=40),
        Column(_("Milestones done"), width=10),
        Column(_("Milestones"), width=10),
        Column(_("Overdue milestones"), width=10),
        Column(_("Next due"), width=12),
        Column(_("Has overdue milestones"), width=10),
        Column(_("Latest progress"), width=40),
        Column(_label("resolution"), width=30),
        Column(_label("resolved_at"), width=17),
        Column(_label("closed_at"), width=17),
    ]
    rows = (
        selectors.with_milestone_figures(cases.select_related("school"), today)
        .annotate(latest_note=selectors.latest_note_text())
        .order_by("school__code", "-received_on", "-pk")
    )

    def row(case):
        return [
            case.school.code, case.school.name, case.subject, case.parties, mask_phone(case.contact_phone),
            case.received_on, case.leader, case.responsible_unit, states.get(case.state, case.state),
            case.plan,
            case.milestones_done, case.milestones_total, case.overdue_milestones, case.next_due,
            yes if case.overdue_milestones else no, case.latest_note or "", case.resolution, case.resolved_at,
            case.closed_at,
        ]  # fmt: skip

    return Sheet(title or _("Petition cases"), columns, (row(case) for case in rows.iterator(chunk_size=500)))


def milestone_sheet(cases, *, today, title=None) -> Sheet:
    """One row per milestone of `cases`, streamed in one query."""
    yes, no = _("Yes"), _("No")
    columns = [
        Column(_("School code"), width=12),
        Column(_label("school"), width=28),
        Column(_label("subject"), width=36),
        Column(_label("title", Milestone), width=36),
        Column(_label("due_date", Milestone), width=12),
        Column(_("Done"), width=8),
        Column(_label("done_at", Milestone), width=17),
        Column(_("Overdue"), width=8),
    ]

    def row(milestone):
        case = milestone.case
        return [
            case.school.code, case.school.name, case.subject, milestone.title, milestone.due_date,
            yes if milestone.is_done else no, milestone.done_at,
            yes if milestone.is_overdue(today, case_state=case.state) else no,
        ]  # fmt: skip

    milestones = selectors.milestones_of(cases).iterator(chunk_size=500)
    return Sheet(title or _("Petition milestones"), columns, (row(milestone) for milestone in milestones))


class PetitionExporter(XlsxExporter):
    """The list's export: the cases shown (scoped and filtered) and their milestones."""

    def __init__(self, *, cases, now=None):
        self.cases = cases
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)

    def filename(self):
        return f"petitions-{self.today:%Y%m%d}.xlsx"

    def download_name(self):
        return f"{_('Petition cases')}-{self.today:%Y%m%d}.xlsx"

    def sheets(self):
        yield case_sheet(self.cases, today=self.today)
        yield milestone_sheet(self.cases, today=self.today)


def campaign_sheets(*, user, campaign, now) -> list[tuple[Sheet, int | None]]:
    """The campaign workbook's petition sheets: the cases of the campaign's schools that were open at
    any time during the campaign (`selectors.campaign_cases`), as `user` may see them, and their
    milestones; with the number of rows each will have (one count query each)."""
    today = timezone.localdate(now)
    cases = selectors.campaign_cases(user=user, campaign=campaign)
    return [
        (case_sheet(cases, today=today), cases.count()),
        (milestone_sheet(cases, today=today), selectors.milestones_of(cases).count()),
    ]
