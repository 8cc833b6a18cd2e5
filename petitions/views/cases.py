"""Backlog petition cases (信访积案, R7.1): the list with its filters and figures, its Excel export,
recording and editing a case, and the case's page."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_safe

from plans.services import TransitionError
from schools.permissions import role_required
from schools.selectors import schools_for_user

from .. import selectors, services
from ..enums import PetitionAction, PetitionState
from ..exporters import PetitionExporter
from ..forms import (
    CaseForm,
    CloseForm,
    MilestoneAddForm,
    NoteForm,
    ReopenForm,
    ResolveForm,
    milestone_formset,
)
from ..models import PetitionCase
from ..permissions import CLOSERS, READERS, RECORDERS, UPDATERS

PAGE_SIZE = 50
NOT_CLOSED = "not_closed"  # a state filter of its own: every state but closed
BASE_FILTERS = ("school",)  # the figures on top follow the school chosen, not the list's other filters

# --- The list -------------------------------------------------------------------------------------


def _filters(params, schools):
    """The list's filters from the query string; a value we do not know is ignored, not an error."""

    def known(name, values):
        value = params.get(name, "")
        return value if value in values else ""

    return {
        "school": known("school", {str(school.pk) for school in schools}),
        "state": known("state", {NOT_CLOSED, *PetitionState.values}),
        "overdue": known("overdue", {"1"}),
    }


def _cases(user, filters, today):
    """(cases shown, cases counted): the counts ignore the state and overdue filters."""
    school_id = filters["school"] or None
    state = filters["state"]
    shown = selectors.case_list(
        user=user, school_id=school_id, state="" if state == NOT_CLOSED else state,
        active_only=state == NOT_CLOSED, overdue=bool(filters["overdue"]), today=today,
    )  # fmt: skip
    counted = selectors.cases_for_user(user)
    if school_id:
        counted = counted.filter(school_id=school_id)
    return shown, counted


def _count_cards(counts, filters):
    """(label, figure, query string, selected, alarming) for each figure above the list."""
    base = {name: filters[name] for name in BASE_FILTERS if filters[name]}
    current = {name: value for name, value in filters.items() if value}
    cards = [
        (_("Cases"), counts["total"], {}, False),
        (pgettext("petition state", "Not closed"), counts["not_closed"], {"state": NOT_CLOSED}, False),
        (PetitionState.IN_PROGRESS.label, counts["in_progress"], {"state": PetitionState.IN_PROGRESS}, False),
        (_("Overdue milestones"), counts["overdue"], {"overdue": "1"}, True),
        (PetitionState.RESOLVED.label, counts["resolved"], {"state": PetitionState.RESOLVED}, False),
        (PetitionState.CLOSED.label, counts["closed"], {"state": PetitionState.CLOSED}, False),
    ]
    result = []
    for label, figure, extra, alarming in cards:
        query = {**base, **extra}
        result.append((label, figure, urlencode(query), query == current, alarming and bool(figure)))
    return result


def _schools(request):
    """The schools a bureau user may filter by; a school user has only its own."""
    if not request.membership.is_bureau:
        return []
    return list(schools_for_user(request.user).order_by("code").only("pk", "code", "name"))


@role_required(READERS)
@require_safe
def case_list(request):
    today = timezone.localdate()
    schools = _schools(request)
    filters = _filters(request.GET, schools)
    shown, counted = _cases(request.user, filters, today)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.case_counts(counted, today=today)
    context = {
        "page": page,
        "counts": counts,
        "count_cards": _count_cards(counts, filters),
        "filters": filters,
        "query": urlencode({name: value for name, value in filters.items() if value}),
        "schools": schools,
        "states": [(NOT_CLOSED, pgettext("petition state", "Not closed")), *PetitionState.choices],
        "can_record": request.membership.role in RECORDERS,
    }
    return render(request, "petitions/case_list.html", context)


@role_required(READERS)
@require_safe
def case_export(request):
    now = timezone.now()
    filters = _filters(request.GET, _schools(request))
    shown, _counted = _cases(request.user, filters, timezone.localdate(now))
    return PetitionExporter(cases=shown, now=now).response()


# --- Recording and editing ------------------------------------------------------------------------


@role_required(RECORDERS)
@require_http_methods(["GET", "POST"])
def case_create(request):
    membership = request.membership
    posted = request.method == "POST"
    form = CaseForm(request.POST if posted else None, user=request.user, membership=membership)
    formset = milestone_formset(request.POST if posted else None)
    if posted and form.is_valid() and formset.is_valid():
        school = form.cleaned_data["school"] if form.for_bureau else membership.school
        try:
            case = services.case_record(
                school=school, by=request.user, details=form.details_data(), milestones=formset.rows()
            )
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The petition case is recorded."))
            return redirect("petitions:detail", pk=case.pk)
    return render(request, "petitions/case_form.html", {"form": form, "formset": formset})


@role_required(RECORDERS)
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = selectors.case_for_user(request.user, pk)
    if case.state == PetitionState.CLOSED:
        messages.info(request, _("A closed case can no longer be changed."))
        return redirect("petitions:detail", pk=case.pk)
    form = CaseForm(request.POST or None, user=request.user, membership=request.membership, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(case=case, by=request.user, details=form.details_data())
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("petitions:detail", pk=case.pk)
    return render(request, "petitions/case_form.html", {"form": form, "case": case})


# --- The case's page ------------------------------------------------------------------------------


def _label(choices, value):
    return choices(value).label if value in choices.values else value


def _timeline(case):
    events = list(selectors.case_timeline(case))
    for event in events:
        event.action_label = _label(PetitionAction, event.action)
        event.from_label = _label(PetitionState, event.from_state) if event.from_state else ""
        event.to_label = _label(PetitionState, event.to_state) if event.to_state else ""
        if event.action == PetitionAction.EDITED:  # the comment names the fields changed
            event.comment = ", ".join(_field_label(name) for name in event.comment.split())
    return events


def _field_label(name):
    try:
        return str(PetitionCase._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def available_actions(role, case):
    """What the viewer may do with the case now, by role and state: the forms on the page."""
    state, works, decides = case.state, role in UPDATERS, role in CLOSERS
    return {
        "can_edit": role in RECORDERS and state != PetitionState.CLOSED,
        "can_mark": works and case.is_active,
        "can_add_milestone": works and case.is_active,
        "can_note": works and state != PetitionState.CLOSED,
        "can_resolve": works and case.is_active,
        "can_close": decides and state == PetitionState.RESOLVED,
        "can_reopen": decides and state in (PetitionState.RESOLVED, PetitionState.CLOSED),
    }


def detail_context(request, case, **bound_forms):
    """Everything the case's page shows; `bound_forms` replace the empty forms (a form sent back with
    errors keeps what was typed)."""
    today = timezone.localdate()
    milestones = list(selectors.case_milestones(case))
    for milestone in milestones:
        milestone.overdue = milestone.is_overdue(today, case_state=case.state)
    actions = available_actions(request.membership.role, case)
    forms = {
        "milestone_form": MilestoneAddForm() if actions["can_add_milestone"] else None,
        "note_form": NoteForm(today=today) if actions["can_note"] else None,
        "resolve_form": ResolveForm() if actions["can_resolve"] else None,
        "close_form": CloseForm() if actions["can_close"] else None,
        "reopen_form": ReopenForm() if actions["can_reopen"] else None,
    }
    return {
        "case": case,
        "today": today,
        "milestones": milestones,
        "milestones_done": sum(milestone.is_done for milestone in milestones),
        "overdue_count": sum(milestone.overdue for milestone in milestones),
        "notes": list(selectors.case_notes(case)),
        "timeline": _timeline(case),
        **actions,
        **forms,
        **bound_forms,
    }


@role_required(READERS)
@require_safe
def case_detail(request, pk):
    case = selectors.case_for_user(request.user, pk)
    return render(request, "petitions/case_detail.html", detail_context(request, case))
