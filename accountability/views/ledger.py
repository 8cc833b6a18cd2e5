"""The accountability ledger (问责台账, R9.2): filters, the figures on top, the list and its Excel export."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from plans.selectors import campaigns_for_user
from schools.permissions import role_required
from schools.selectors import schools_for_user

from .. import selectors
from ..enums import ActionKind, EntryState
from ..exporters import LedgerExporter
from ..permissions import LEDGER_READERS, RECORDERS

PAGE_SIZE = 50
BASE_FILTERS = ("school", "campaign")  # the figures on top follow these; kind and state pick a list


def _filters(params, schools, campaigns):
    """The ledger's filters from the query string; a value we do not know is ignored, not an error."""

    def known(name, values):
        value = params.get(name, "")
        return value if value in values else ""

    return {
        "school": known("school", {str(school.pk) for school in schools}),
        "campaign": known("campaign", {str(campaign.pk) for campaign in campaigns}),
        "kind": known("kind", ActionKind.values),
        "state": known("state", EntryState.values),
    }


def _filter_choices(request):
    """The schools (bureau users only) and campaigns the user may filter by."""
    schools = []
    if request.membership.is_bureau:
        schools = list(schools_for_user(request.user).order_by("code").only("pk", "code", "name"))
    campaigns = list(campaigns_for_user(request.user).order_by("-start_date", "-pk").only("pk", "name"))
    return schools, campaigns


def _entries(user, filters):
    """(entries shown, entries counted): the counts ignore the kind and state filters."""
    base = {"user": user, "school_id": filters["school"] or None, "campaign_id": filters["campaign"] or None}
    shown = selectors.ledger(**base, kind=filters["kind"], state=filters["state"])
    return shown, selectors.ledger(**base)


def _count_cards(counts, filters):
    """(label, figure, query string, selected, alarming) for each figure; each links to its list."""
    base = {name: filters[name] for name in BASE_FILTERS if filters[name]}
    current = {name: value for name, value in filters.items() if value}
    cards = [(EntryState.IN_FORCE.label, counts["total"], {"state": EntryState.IN_FORCE}, False)]
    cards += [(kind.label, counts[kind.value], {"kind": kind.value, "state": EntryState.IN_FORCE}, True)
              for kind in ActionKind]  # fmt: skip
    cards.append((EntryState.WITHDRAWN.label, counts["withdrawn"], {"state": EntryState.WITHDRAWN}, False))
    result = []
    for label, figure, extra, alarming in cards:
        query = {**base, **extra}
        result.append((label, figure, urlencode(query), query == current, alarming and bool(figure)))
    return result


@role_required(LEDGER_READERS)
@require_safe
def entry_list(request):
    schools, campaigns = _filter_choices(request)
    filters = _filters(request.GET, schools, campaigns)
    shown, counted = _entries(request.user, filters)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.ledger_counts(counted)
    context = {
        "page": page,
        "counts": counts,
        "count_cards": _count_cards(counts, filters),
        "filters": filters,
        "query": urlencode({name: value for name, value in filters.items() if value}),
        "schools": schools,
        "campaigns": campaigns,
        "kinds": ActionKind.choices,
        "states": EntryState.choices,
        "can_record": request.membership.role in RECORDERS,
    }
    return render(request, "accountability/ledger.html", context)


@role_required(LEDGER_READERS)
@require_safe
def entry_export(request):
    now = timezone.now()
    filters = _filters(request.GET, *_filter_choices(request))
    shown, _counted = _entries(request.user, filters)
    return LedgerExporter(user=request.user, entries=shown, now=now).response()
