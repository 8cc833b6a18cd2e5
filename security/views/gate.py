"""The gate register (R6.1): the guard's desk on a phone, the register, one entry, the bureau's rules."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plans.services import TransitionError
from schools.permissions import BUREAU_ADMIN_ONLY, role_required

from .. import selectors, services
from ..enums import EntryState, GateFilter
from ..exporters import GateEntryExporter
from ..forms_gate import PURPOSES, AnswerForm, GateEntryForm, GateRulesForm, compact, filled_from
from ..permissions import GATE_KEEPERS, READERS
from .common import back, chosen, filter_choices, known

PAGE_SIZE = 50
FILLED = ("phone", "visitor_name", "temperature", "fever_reason", "host", "purpose", "id_number",
          "vehicle_plate", "goods")  # fmt: skip

# --- The guard's desk -----------------------------------------------------------------------------


def _found(request, school, rules):
    """No-script look-up ("Find"): today's earlier entry of the phone number fills what is still empty."""
    typed = {name: request.POST.get(name, "").strip() for name in FILLED}
    earlier = selectors.visitor_today(school=school, phone=compact(typed["phone"]))
    if earlier is None:
        messages.info(request, _("No entry today for this number: fill in the visitor's details."))
        return GateEntryForm(rules=rules, school=school, initial=typed), None
    filled = filled_from(earlier)
    initial = {name: typed.get(name) or filled.get(name, "") for name in FILLED} | {"previous": earlier.pk}
    return GateEntryForm(rules=rules, school=school, initial=initial), earlier


def _registered(request, entry):
    values = {"name": entry.visitor_name, "host": entry.host,
              "time": f"{timezone.localtime(entry.time_in):%H:%M}"}  # fmt: skip
    if entry.state == EntryState.AWAITING_HOST:
        messages.warning(
            request,
            _("%(name)s registered during class: waiting for the host, %(host)s. Record the answer below.")
            % values,
        )
    else:
        messages.success(request, _("%(name)s registered, in at %(time)s.") % values)
    if entry.temperature_flagged:
        messages.warning(
            request, _("Temperature %(temperature)s °C flagged.") % {"temperature": entry.temperature}
        )


@role_required(GATE_KEEPERS)
@require_http_methods(["GET", "POST"])
def gate_desk(request):
    """One phone screen: register a visitor; below, who is waiting for a host and who is inside."""
    school = request.membership.school
    rules = services.rules_for(school.bureau)
    now = timezone.now()
    if request.method == "POST" and "find" in request.POST:
        form, earlier = _found(request, school, rules)
    else:
        form = GateEntryForm(request.POST or None, rules=rules, school=school, now=now)
        if form.is_bound and form.is_valid():
            try:
                entry = services.gate_entry_register(school=school, by=request.user, **form.entry_data())
            except TransitionError as error:
                form.add_error(None, error.messages)
            else:
                _registered(request, entry)
                return redirect("security:gate_desk")
        earlier = form.previous_entry
    open_entries, finished = selectors.desk_entries(school=school, now=now)
    context = {
        "form": form,
        "earlier": earlier,
        "rules": rules,
        "in_class": school.reopened and rules.in_class(now),
        "today_iso": f"{timezone.localdate(now):%Y-%m-%d}",
        "open_entries": open_entries,
        "finished": finished,
        "host_names": selectors.host_names(school),
        "purposes": PURPOSES,
    }
    return render(request, "security/gate_desk.html", context)


@role_required(GATE_KEEPERS)
@require_safe
def gate_lookup(request):
    """Today's earlier entry of a phone number, for the desk's script. The ID number stays masked."""
    phone = compact(request.GET.get("phone", ""))
    earlier = selectors.visitor_today(school=request.membership.school, phone=phone)
    if earlier is None:
        return JsonResponse({"found": False})
    return JsonResponse(
        {
            "found": True,
            "fields": filled_from(earlier),
            "message": _("Filled from today's entry of %(name)s (%(time)s).")
            % {"name": earlier.visitor_name, "time": f"{timezone.localtime(earlier.time_in):%H:%M}"},
            "id_note": _("ID number %(id)s is kept.") % {"id": earlier.masked_id_number}
            if earlier.id_number
            else "",
        }
    )


# --- The register ---------------------------------------------------------------------------------


def _filters(params, schools, campaigns):
    day = params.get("day", "")
    try:
        day = day if parse_date(day) else ""
    except ValueError:
        day = ""
    return {
        "school": known(params, "school", {str(school.pk) for school in schools}),
        "campaign": known(params, "campaign", {str(campaign.pk) for campaign in campaigns}),
        "day": day,
        "show": known(params, "show", GateFilter.values),
    }


def _entries(user, filters, campaigns):
    """(entries shown, entries counted): the counts ignore `show`, so each count links to its list."""
    counted = selectors.gate_list(
        user=user,
        school_id=filters["school"] or None,
        campaign=chosen(campaigns, filters["campaign"]),
        day=parse_date(filters["day"]) if filters["day"] else None,
    )
    shown = counted.filter(selectors.gate_filter_q()[filters["show"]]) if filters["show"] else counted
    return shown, counted


def _count_cards(counts, filters):
    base = {name: filters[name] for name in ("school", "campaign", "day") if filters[name]}
    cards = [
        (_("Entries"), counts["total"], "", False),
        (GateFilter.FLAGGED.label, counts["flagged"], GateFilter.FLAGGED, True),
        (GateFilter.AWAITING_HOST.label, counts["awaiting_host"], GateFilter.AWAITING_HOST, True),
        (GateFilter.INSIDE.label, counts["inside"], GateFilter.INSIDE, False),
        (GateFilter.REFUSED.label, counts["refused"], GateFilter.REFUSED, False),
    ]
    return [
        (label, n, urlencode({**base, **({"show": show} if show else {})}), show == filters["show"],
         alarming and n > 0)
        for label, n, show, alarming in cards
    ]  # fmt: skip


@role_required(READERS)
@require_safe
def gate_list(request):
    schools, campaigns = filter_choices(request)
    filters = _filters(request.GET, schools, campaigns)
    shown, counted = _entries(request.user, filters, campaigns)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.gate_counts(counted)
    context = {
        "page": page,
        "count_cards": _count_cards(counts, filters),
        "filters": filters,
        "query": urlencode({name: value for name, value in filters.items() if value}),
        "schools": schools,
        "campaigns": campaigns,
        "shows": GateFilter.choices,
        "mask_phones": request.membership.is_bureau,
        "can_register": request.membership.role in GATE_KEEPERS,
    }
    return render(request, "security/gate_list.html", context)


@role_required(READERS)
@require_safe
def gate_export(request):
    schools, campaigns = filter_choices(request)
    shown, _counted = _entries(request.user, _filters(request.GET, schools, campaigns), campaigns)
    return GateEntryExporter(entries=shown, mask_phones=request.membership.is_bureau).response()


# --- One entry ------------------------------------------------------------------------------------


@role_required(READERS)
@require_safe
def gate_detail(request, pk):
    entry = selectors.entry_for_user(request.user, pk)
    keeper = request.membership.role in GATE_KEEPERS
    context = {
        "entry": entry,
        "events": selectors.entry_events(entry),
        "mask_phones": request.membership.is_bureau,
        "can_answer": keeper and entry.state == EntryState.AWAITING_HOST,
        "can_time_out": keeper and entry.state == EntryState.INSIDE,
        "answer_form": AnswerForm(),
    }
    return render(request, "security/gate_detail.html", context)


@role_required(GATE_KEEPERS)
@require_POST
def gate_answer(request, pk):
    """The host's answer to an entry during class: `decision` is "confirm" or "refuse"."""
    entry = selectors.entry_for_user(request.user, pk)
    decision = request.POST.get("decision")
    form = AnswerForm(request.POST)
    if decision not in ("confirm", "refuse") or not form.is_valid():
        messages.error(request, _("Choose whether the host lets the visitor in."))
        return back(request, "security:gate_detail", pk=entry.pk)
    confirmed = decision == "confirm"
    try:
        services.gate_entry_answer(
            entry=entry, by=request.user, confirmed=confirmed, note=form.cleaned_data["note"]
        )
    except TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        text = _("%(name)s let in by the host.") if confirmed else _("%(name)s refused by the host.")
        messages.success(request, text % {"name": entry.visitor_name})
    return back(request, "security:gate_detail", pk=entry.pk)


@role_required(GATE_KEEPERS)
@require_POST
def gate_out(request, pk):
    """Time out, in one tap."""
    entry = selectors.entry_for_user(request.user, pk)
    try:
        services.gate_entry_out(entry=entry, by=request.user)
    except TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s out at %(time)s.")
            % {"name": entry.visitor_name, "time": f"{timezone.localtime(entry.time_out):%H:%M}"},
        )
    return back(request, "security:gate_desk")


# --- The bureau's rules ---------------------------------------------------------------------------


@role_required(BUREAU_ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def rules_edit(request):
    rules = services.rules_for(request.membership.bureau)
    form = GateRulesForm(request.POST or None, rules=rules)
    if request.method == "POST" and form.is_valid():
        services.rules_update(rules=rules, **form.rules_data())
        messages.success(request, _("Gate rules saved. They apply to entries registered from now on."))
        return redirect("security:rules")
    return render(request, "security/rules_form.html", {"form": form, "rules": rules})
