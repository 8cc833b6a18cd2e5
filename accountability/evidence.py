"""How each kind of evidence reads and where it links: the same words on the form, the entry's page and
the Excel export."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import board_status

# (name on the entry, heading) in the order the form and the entry's page show them.
KINDS = (
    ("hazards", gettext_lazy("Overdue hazards")),
    ("submissions", gettext_lazy("Late or missing submissions")),
    ("missed_deliverables", gettext_lazy("Deliverables never started")),
    ("incidents", gettext_lazy("Incidents the school did not report")),
    ("inspections", gettext_lazy("Perfunctory inspections")),
)
HEADINGS = dict(KINDS)


def _date(value):
    return f"{value:%Y-%m-%d}" if value else "—"


def _moment(value):
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else "—"


def describe(name, obj, now=None):
    """One line of plain text naming the record."""
    if name == "hazards":
        return _("#%(id)s %(what)s · deadline %(deadline)s") % {
            "id": obj.pk, "what": obj.description[:40], "deadline": _date(obj.deadline),
        }  # fmt: skip
    if name == "submissions":
        status = board_status(obj, obj.deliverable, now)
        return f"{obj.deliverable.get_kind_display()} · {obj.deliverable.campaign.name} · {status.label}"
    if name == "missed_deliverables":
        return _("%(what)s · %(campaign)s · never started, due %(due)s") % {
            "what": obj.get_kind_display(), "campaign": obj.campaign.name, "due": _moment(obj.due_at),
        }  # fmt: skip
    if name == "incidents":
        return f"{_moment(obj.occurred_at)} · {obj.get_category_display()} · {obj.summary[:40]}"
    if name == "inspections":
        return f"{_date(obj.date)} · {obj.get_kind_display()} · {obj.leader_name} · {obj.get_state_display()}"
    raise ValueError(name)


def url(name, obj, school):
    """The record's own page; a deliverable never started has none, so the school's campaign page."""
    if name == "hazards":
        return reverse("hazards:detail", args=[obj.pk])
    if name == "submissions":
        return reverse("plans:submission_detail", args=[obj.pk])
    if name == "missed_deliverables":
        return reverse("reports:school_page", kwargs={"pk": obj.campaign_id, "school_pk": school.pk})
    if name == "incidents":
        return reverse("duty:incident_detail", args=[obj.pk])
    if name == "inspections":
        return reverse("inspections:detail", args=[obj.pk])
    raise ValueError(name)


@dataclass
class Item:
    text: str
    url: str


@dataclass
class Group:
    name: str
    heading: str
    items: list


def groups(evidence, *, school, now=None):
    """`evidence` ({name: [records]}, from `selectors.entry_evidence`) as headed lists of linked lines,
    leaving out the kinds with nothing linked."""
    return [
        Group(
            name, heading, [Item(describe(name, obj, now), url(name, obj, school)) for obj in evidence[name]]
        )
        for name, heading in KINDS
        if evidence.get(name)
    ]
