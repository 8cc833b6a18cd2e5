"""The hazard ledger (隐患台账, R4.9): filters, the figures on top, the list and its Excel export."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from plans.enums import FocusArea
from plans.selectors import campaigns_for_user
from schools.permissions import ANY_ROLE, role_required
from schools.selectors import schools_for_user

from .. import selectors
from ..enums import HazardSeverity, HazardState
from ..exporters import HazardExporter
from ..permissions import RECORDERS

PAGE_SIZE = 50
OPEN = "open"  # a state filter of its own: every state but closed
BASE_FILTERS = ("school", "campaign", "area", "severity")  # the figures on top follow these
# and not these, so that each figure can link to the list it counts
LIST_FILTERS = ("state", "overdue", "supervised", "rebound")


def _filters(params, schools, campaigns):
    """The ledger's filters from the query string; a value we do not know is ignored, not an error."""

    def known(name, values):
        value = params.get(name, "")
        return value if value in values else ""

    return {
        "school": known("school", {str(school.pk) for school in schools}),
        "campaign": known("campaign", {str(campaign.pk) for campaign in campaigns}),
        "area": known("area", FocusArea.values),
        "severity": known("severity", HazardSeverity.values),
        "state": known("state", {OPEN, *HazardState.values}),
        "overdue": known("overdue", {"1"}),
        "supervised": known("supervised", {"1"}),
        "rebound": known("rebound", {"1"}),
    }


def _hazards(user, filters, today):
    """(hazards shown, hazards counted): the counts ignore the list filters (state, overdue, …)."""
    base = {
        "user": user,
        "school_id": filters["school"] or None,
        "campaign_id": filters["campaign"] or None,
        "area": filters["area"],
        "severity": filters["severity"],
        "today": today,
    }
    counted = selectors.ledger(**base)
    state = filters["state"]
    shown = selectors.ledger(
        **base,
        state="" if state == OPEN else state,
        open_only=state == OPEN,
        overdue=bool(filters["overdue"]),
        supervised=bool(filters["supervised"]),
        rebound=bool(filters["rebound"]),
    )
    return shown, counted


def _count_cards(counts, filters):
    """(label, figure, query string, selected, alarming) for each figure above the list; each links to
    the list it counts, keeping the school, campaign, area and severity chosen."""
    base = {name: filters[name] for name in BASE_FILTERS if filters[name]}
    current = {name: value for name, value in filters.items() if value}
    rate = counts["rectification_rate"]
    cards = [
        (_("Hazards"), counts["total"], {}, False),
        (_("Not closed"), counts["open"], {"state": OPEN}, False),
        (_("Overdue"), counts["overdue"], {"overdue": "1"}, True),
        (_("Major hazards"), counts["major"], {"severity": HazardSeverity.MAJOR}, True),
        (_("Supervised"), counts["supervised"], {"supervised": "1"}, False),
        (
            HazardState.AWAITING_VERIFICATION.label,
            counts["awaiting"],
            {"state": HazardState.AWAITING_VERIFICATION},
            False,
        ),
        (_("Rebounds"), counts["rebounds"], {"rebound": "1"}, True),
        (_("Rectification rate"), "—" if rate is None else f"{rate}%", {"state": HazardState.CLOSED}, False),
    ]
    result = []
    for label, figure, extra, alarming in cards:
        query = {**base, **extra}
        result.append((label, figure, urlencode(query), query == current, alarming and bool(figure)))
    return result


def _filter_choices(request):
    """The schools (bureau users only) and campaigns the user may filter by."""
    schools = []
    if request.membership.is_bureau:
        schools = list(schools_for_user(request.user).order_by("code").only("pk", "code", "name"))
    campaigns = list(campaigns_for_user(request.user).order_by("-start_date", "-pk").only("pk", "name"))
    return schools, campaigns


@role_required(ANY_ROLE)
@require_safe
def ledger(request):
    today = timezone.localdate()
    schools, campaigns = _filter_choices(request)
    filters = _filters(request.GET, schools, campaigns)
    shown, counted = _hazards(request.user, filters, today)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    for hazard in page:
        hazard.overdue = hazard.is_overdue(today)
    counts = selectors.ledger_counts(counted, today=today)
    context = {
        "page": page,
        "counts": counts,
        "count_cards": _count_cards(counts, filters),
        "filters": filters,
        "query": urlencode({name: value for name, value in filters.items() if value}),
        "schools": schools,
        "campaigns": campaigns,
        "areas": FocusArea.choices,
        "severities": HazardSeverity.choices,
        "states": [(OPEN, _("Not closed")), *HazardState.choices],
        "can_record": request.membership.role in RECORDERS,
    }
    return render(request, "hazards/ledger.html", context)


@role_required(ANY_ROLE)
@require_safe
def ledger_export(request):
    now = timezone.now()
    filters = _filters(request.GET, *_filter_choices(request))
    shown, _counted = _hazards(request.user, filters, timezone.localdate(now))
    return HazardExporter(hazards=shown, now=now).response()
