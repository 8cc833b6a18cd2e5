"""The patrol log (R6.2): the list, recording a patrol, its page, its findings and their hazards."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plans.services import TransitionError
from schools.permissions import role_required

from .. import selectors, services
from ..forms_patrol import EscalateForm, FindingForm, PatrolForm
from ..permissions import ESCALATORS, PATROLLERS, READERS
from .common import chosen, filter_choices, known

PAGE_SIZE = 50


def _filters(params, schools, campaigns):
    return {
        "school": known(params, "school", {str(school.pk) for school in schools}),
        "campaign": known(params, "campaign", {str(campaign.pk) for campaign in campaigns}),
        "findings": known(params, "findings", {"1"}),
    }


def _count_cards(counts, filters):
    base = {name: filters[name] for name in ("school", "campaign") if filters[name]}
    found = urlencode({**base, "findings": "1"})
    selected = bool(filters["findings"])
    return [
        (_("Patrols"), counts["total"], urlencode(base), not selected, False),
        (_("Patrols with findings"), counts["with_findings"], found, selected, False),
        (_("Findings"), counts["finding_count"], found, False, False),
        (_("Entered as hazards"), counts["hazard_count"], found, False, False),
    ]


@role_required(READERS)
@require_safe
def patrol_list(request):
    schools, campaigns = filter_choices(request)
    filters = _filters(request.GET, schools, campaigns)
    base = {"user": request.user, "school_id": filters["school"] or None,
            "campaign": chosen(campaigns, filters["campaign"])}  # fmt: skip
    counted = selectors.patrol_list(**base)
    shown = selectors.patrol_list(**base, with_findings=bool(filters["findings"]))
    page = Paginator(selectors.with_finding_counts(shown), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "count_cards": _count_cards(selectors.patrol_counts(counted), filters),
        "filters": filters,
        "schools": schools,
        "campaigns": campaigns,
        "can_record": request.membership.role in PATROLLERS,
    }
    return render(request, "security/patrol_list.html", context)


@role_required(PATROLLERS)
@require_http_methods(["GET", "POST"])
def patrol_create(request):
    school = request.membership.school
    form = PatrolForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        patrol = services.patrol_record(school=school, by=request.user, **form.patrol_data())
        messages.success(request, _("Patrol recorded."))
        return redirect("security:patrol_detail", pk=patrol.pk)
    context = {"form": form, "routes": selectors.recent_routes(school)}
    return render(request, "security/patrol_form.html", context)


@role_required(READERS)
@require_safe
def patrol_detail(request, pk):
    patrol = selectors.patrol_for_user(request.user, pk)
    role = request.membership.role
    context = {
        "patrol": patrol,
        "findings": selectors.patrol_findings(patrol),
        "can_add": role in PATROLLERS,
        "can_escalate": role in ESCALATORS,
        "escalate_form": EscalateForm(),
    }
    return render(request, "security/patrol_detail.html", context)


@role_required(PATROLLERS)
@require_http_methods(["GET", "POST"])
def finding_create(request, pk):
    patrol = selectors.patrol_for_user(request.user, pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.finding_add(patrol=patrol, by=request.user, **form.cleaned_data)
        messages.success(request, _("Finding added."))
        return redirect("security:patrol_detail", pk=patrol.pk)
    return render(request, "security/finding_form.html", {"form": form, "patrol": patrol})


@role_required(ESCALATORS)
@require_POST
def finding_hazard(request, pk):
    """Enter a finding in the hazard register; the hazard then waits for the school's plan."""
    finding = selectors.finding_for_user(request.user, pk)
    form = EscalateForm(request.POST)
    severity = form.cleaned_data["severity"] if form.is_valid() else None
    if severity is None:
        messages.error(request, _("Choose the severity of the hazard."))
        return redirect("security:patrol_detail", pk=finding.patrol_id)
    try:
        hazard = services.finding_to_hazard(finding=finding, by=request.user, severity=severity)
    except TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("security:patrol_detail", pk=finding.patrol_id)
    messages.success(
        request, _("Entered in the hazard register. Add its rectification plan on the hazard's page.")
    )
    return redirect("hazards:detail", pk=hazard.pk)
