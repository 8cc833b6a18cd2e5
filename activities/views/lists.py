"""The lists of education sessions and drills (R5): filters, the figures on top, the rows and the
Excel export. A school user sees its own school's; a bureau user every school of its bureau."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from plans.selectors import campaigns_for_user
from schools.permissions import role_required
from schools.selectors import schools_for_user

from .. import selectors
from ..enums import DrillKind, DrillState, SessionForm, Topic
from ..exporters import DrillExporter, SessionExporter
from ..permissions import RECORDERS, VIEWERS

PAGE_SIZE = 50
SESSION_BASE = ("school", "campaign", "form")  # the figures on top follow these filters …
DRILL_BASE = ("school", "campaign", "kind")  # … and not the topic or state, which each card sets


def _filter_choices(request):
    """The schools (bureau users only) and campaigns the user may filter by."""
    schools = []
    if request.membership.is_bureau:
        schools = list(schools_for_user(request.user).order_by("code").only("pk", "code", "name"))
    campaigns = list(campaigns_for_user(request.user).order_by("-start_date", "-pk").only("pk", "name"))
    return schools, campaigns


def _known(params, name, values):
    """A filter's value from the query string; one we do not know is ignored, not an error."""
    value = params.get(name, "")
    return value if value in values else ""


def _unit_filters(params, schools, campaigns):
    return {
        "school": _known(params, "school", {str(school.pk) for school in schools}),
        "campaign": _known(params, "campaign", {str(campaign.pk) for campaign in campaigns}),
    }


def _cards(cards, filters, base_names):
    """(label, figure, query string, selected, alarming) for `includes/count_cards.html`: each card
    links to the list it counts, keeping the base filters chosen."""
    base = {name: filters[name] for name in base_names if filters[name]}
    current = {name: value for name, value in filters.items() if value}
    result = []
    for label, figure, extra, alarming in cards:
        query = {**base, **extra}
        result.append((label, figure, urlencode(query), query == current, alarming and bool(figure)))
    return result


def _query(filters):
    return urlencode({name: value for name, value in filters.items() if value})


# --- Education sessions ---------------------------------------------------------------------------


def _session_filters(params, schools, campaigns):
    return {
        **_unit_filters(params, schools, campaigns),
        "form": _known(params, "form", SessionForm.values),
        "topic": _known(params, "topic", Topic.values),
    }


def _sessions(user, filters):
    """(sessions shown, sessions counted): the counts ignore the topic, so each topic card can link."""
    base = {
        "user": user,
        "school_id": filters["school"] or None,
        "campaign_id": filters["campaign"] or None,
        "form": filters["form"],
    }
    return selectors.session_list(**base, topic=filters["topic"]), selectors.session_list(**base)


@role_required(VIEWERS)
@require_safe
def session_list(request):
    schools, campaigns = _filter_choices(request)
    filters = _session_filters(request.GET, schools, campaigns)
    shown, counted = _sessions(request.user, filters)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.session_counts(counted)
    by_topic = selectors.sessions_by_topic(counted)
    cards = [(_("Sessions held"), counts["total"], {}, False)]
    cards += [(label, by_topic.get(value, 0), {"topic": value}, False) for value, label in Topic.choices]
    context = {
        "page": page,
        "counts": counts,
        "count_cards": _cards(cards, filters, SESSION_BASE),
        "filters": filters,
        "query": _query(filters),
        "schools": schools,
        "campaigns": campaigns,
        "forms": SessionForm.choices,
        "topics": Topic.choices,
        "can_record": request.membership.role in RECORDERS,
    }
    return render(request, "activities/session_list.html", context)


@role_required(VIEWERS)
@require_safe
def session_export(request):
    filters = _session_filters(request.GET, *_filter_choices(request))
    shown, _counted = _sessions(request.user, filters)
    return SessionExporter(sessions=shown).response()


# --- Drills ---------------------------------------------------------------------------------------


def _drill_filters(params, schools, campaigns):
    return {
        **_unit_filters(params, schools, campaigns),
        "kind": _known(params, "kind", DrillKind.values),
        "state": _known(params, "state", {selectors.OVERDUE, *DrillState.values}),
    }


def _drills(user, filters, today):
    base = {
        "user": user,
        "school_id": filters["school"] or None,
        "campaign_id": filters["campaign"] or None,
        "kind": filters["kind"],
        "today": today,
    }
    return selectors.drill_list(**base, state=filters["state"]), selectors.drill_list(**base)


@role_required(VIEWERS)
@require_safe
def drill_list(request):
    today = timezone.localdate()
    schools, campaigns = _filter_choices(request)
    filters = _drill_filters(request.GET, schools, campaigns)
    shown, counted = _drills(request.user, filters, today)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    for drill in page:
        drill.overdue = drill.is_overdue(today)
    counts = selectors.drill_counts(counted, today=today)
    cards = [
        (_("Drills"), counts["total"], {}, False),
        (_("Planned"), counts["planned"], {"state": DrillState.PLANNED}, False),
        (_("Overdue"), counts["overdue"], {"state": selectors.OVERDUE}, True),
        (DrillState.DONE.label, counts["done"], {"state": DrillState.DONE}, False),
        (DrillState.CANCELLED.label, counts["cancelled"], {"state": DrillState.CANCELLED}, False),
    ]
    context = {
        "page": page,
        "counts": counts,
        "count_cards": _cards(cards, filters, DRILL_BASE),
        "filters": filters,
        "query": _query(filters),
        "schools": schools,
        "campaigns": campaigns,
        "kinds": DrillKind.choices,
        "states": [*DrillState.choices, (selectors.OVERDUE, _("Overdue"))],
        "can_record": request.membership.role in RECORDERS,
    }
    return render(request, "activities/drill_list.html", context)


@role_required(VIEWERS)
@require_safe
def drill_export(request):
    now = timezone.now()
    filters = _drill_filters(request.GET, *_filter_choices(request))
    shown, _counted = _drills(request.user, filters, timezone.localdate(now))
    return DrillExporter(drills=shown, now=now).response()
