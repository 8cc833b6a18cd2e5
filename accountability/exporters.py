"""The accountability ledger and the notices as Excel sheets, built on the portal's exporter base."""

from collections import defaultdict

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common.xlsx import Column, Sheet, XlsxExporter
from duty.selectors import incidents_for_user
from hazards.selectors import hazards_for_user
from inspections.selectors import inspections_for_user
from plans.models import Deliverable
from plans.selectors import campaigns_for_user, submissions_for_user

from . import evidence, selectors
from .enums import NoticeState
from .models import Entry, Notice

# What the evidence of each kind may point at for `user`: the record's own scoped selector.
_SCOPED = {
    "hazards": hazards_for_user,
    "submissions": submissions_for_user,
    "missed_deliverables": lambda user: Deliverable.objects.filter(campaign__in=campaigns_for_user(user)),
    "incidents": incidents_for_user,
    "inspections": inspections_for_user,
}


def _field_label(name, model=Entry):
    return capfirst(model._meta.get_field(name).verbose_name)


def evidence_text(*, user, entries):
    """{entry id: "heading: #id, #id; …"} for the entries of the queryset `entries`: one query per kind
    of evidence whatever the number of entries, each through the record's own scoped selector."""
    lines = defaultdict(list)
    for name, heading in evidence.KINDS:
        field = Entry._meta.get_field(name)
        target = field.m2m_reverse_field_name()
        rows = (
            field.remote_field.through.objects.filter(
                entry__in=entries, **{f"{target}__in": _SCOPED[name](user)}
            )
            .order_by("entry_id", f"{target}_id")
            .values_list("entry_id", f"{target}_id")
        )
        ids = defaultdict(list)
        for entry_id, target_id in rows:
            ids[entry_id].append(f"#{target_id}")
        for entry_id, found in ids.items():
            lines[entry_id].append(f"{heading}: {', '.join(found)}")
    return {entry_id: "; ".join(parts) for entry_id, parts in lines.items()}


class LedgerSheet:
    """One row per entry of `entries` (a queryset already scoped and filtered, `selectors.ledger`)."""

    def __init__(self, *, user, entries):
        self.user, self.entries = user, entries
        self._labels = {
            name: {value: str(label) for value, label in Entry._meta.get_field(name).choices}
            for name in ("kind", "state")
        }

    def columns(self):
        field = _field_label
        return [
            Column(_("Entry"), width=8),
            Column(_("School code"), width=12),
            Column(field("school"), width=28),
            Column(field("campaign"), width=28),
            Column(field("kind"), width=12),
            Column(field("date"), width=12),
            Column(field("text"), width=50),
            Column(_("Evidence"), width=40),
            Column(field("state"), width=10),
            Column(field("corrects"), width=10),
            Column(field("recorded_by"), width=12),
            Column(field("recorded_at"), width=17),
            Column(field("withdrawn_at"), width=17),
            Column(field("withdrawal_reason"), width=30),
        ]

    def sheet(self):
        return Sheet(_("Accountability ledger"), self.columns(), self._rows())

    def _rows(self):
        linked = evidence_text(user=self.user, entries=self.entries)
        rows = self.entries.select_related("school", "campaign", "recorded_by").iterator(chunk_size=500)
        kinds, states = self._labels["kind"], self._labels["state"]
        for entry in rows:
            yield [
                entry.pk,
                entry.school.code,
                entry.school.name,
                entry.campaign.name if entry.campaign else None,
                kinds.get(entry.kind, entry.kind),
                entry.date,
                entry.text,
                linked.get(entry.pk),
                states.get(entry.state, entry.state),
                entry.corrects_id,
                str(entry.recorded_by) if entry.recorded_by else None,
                entry.recorded_at,
                entry.withdrawn_at,
                entry.withdrawal_reason or None,
            ]


class LedgerExporter(XlsxExporter):
    def __init__(self, *, user, entries, now=None):
        self.user, self.entries = user, entries
        self.today = timezone.localdate(now or timezone.now())

    def filename(self):
        return f"accountability-{self.today:%Y%m%d}.xlsx"

    def download_name(self):
        return f"{_('Accountability ledger')}-{self.today:%Y%m%d}.xlsx"

    def sheets(self):
        yield LedgerSheet(user=self.user, entries=self.entries).sheet()


def _notice_sheet(notices):
    field = capfirst
    columns = [
        Column(field(Notice._meta.get_field("title").verbose_name), width=40),
        Column(field(Notice._meta.get_field("published_at").verbose_name), width=17),
        Column(field(Notice._meta.get_field("published_by").verbose_name), width=12),
        Column(_("Ledger entries referred to"), width=20),
        Column(_("Attachments"), width=10),
        Column(field(Notice._meta.get_field("body").verbose_name), width=60),
    ]
    rows = (
        [
            notice.title,
            notice.published_at,
            str(notice.published_by) if notice.published_by else None,
            ", ".join(f"#{pk}" for pk in sorted(entry.pk for entry in notice.entries.all())) or None,
            notice.attachment_count,
            notice.body,
        ]
        for notice in notices
    )
    return Sheet(_("Notices to schools"), columns, rows)


def campaign_sheets(*, user, campaign, now):
    """The campaign's ledger entries and published notices, scoped to `user`: (sheet, rows expected)."""
    entries = selectors.ledger(user=user, campaign_id=campaign.pk)
    notices = (
        selectors.notice_list(user=user, campaign_id=campaign.pk, state=NoticeState.PUBLISHED)
        .select_related("published_by")
        .prefetch_related("entries")
    )
    return [
        (LedgerSheet(user=user, entries=entries).sheet(), entries.count()),
        (_notice_sheet(notices), notices.count()),
    ]
