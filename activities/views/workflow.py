"""A drill's steps (R5.2): recorded as done, cancelled, a problem it found entered as a hazard.
Each view parses the request and calls one service; a refused step (`TransitionError`) comes back to
the drill's page as a message."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plans.services import TransitionError
from schools.permissions import role_required

from .. import selectors, services
from ..enums import DrillState
from ..forms import DrillCancelForm, DrillDoneForm, ProblemHazardForm
from ..permissions import RECORDERS


def _back(drill):
    return redirect("activities:drill_detail", pk=drill.pk)


def _refused(request, drill, error):
    for message in error.messages:
        messages.error(request, message)
    return _back(drill)


@role_required(RECORDERS)
@require_http_methods(["GET", "POST"])
def drill_done(request, pk):
    drill = selectors.drill_for_user(request.user, pk)
    if drill.state != DrillState.PLANNED:
        messages.info(request, _("This drill is no longer planned: it has been recorded or cancelled."))
        return _back(drill)
    posted = request.method == "POST"
    form = DrillDoneForm(request.POST if posted else None, request.FILES if posted else None, drill=drill)
    if posted and form.is_valid():
        try:
            services.drill_record_done(drill=drill, by=request.user, **form.record_data())
        except TransitionError as error:
            return _refused(request, drill, error)
        messages.success(request, _("The drill is recorded as done."))
        return _back(drill)
    context = {"drill": drill, "form": form, "photos_lost": posted and bool(request.FILES)}
    return render(request, "activities/drill_done_form.html", context)


@role_required(RECORDERS)
@require_POST
def drill_cancel(request, pk):
    drill = selectors.drill_for_user(request.user, pk)
    form = DrillCancelForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(drill)
    try:
        services.drill_cancel(drill=drill, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionError as error:
        return _refused(request, drill, error)
    messages.success(request, _("The drill is cancelled."))
    return _back(drill)


@role_required(RECORDERS)
@require_http_methods(["GET", "POST"])
def problem_hazard(request, pk):
    problem = selectors.problem_for_user(request.user, pk)
    drill = problem.drill
    if problem.hazard_id is not None:
        messages.info(request, _("This problem is already in the hazard register."))
        return redirect("hazards:detail", pk=problem.hazard_id)
    form = ProblemHazardForm(request.POST or None, problem=problem)
    if request.method == "POST" and form.is_valid():
        try:
            hazard = services.drill_problem_to_hazard(problem=problem, by=request.user, **form.hazard_data())
        except TransitionError as error:
            return _refused(request, drill, error)
        messages.success(
            request,
            _("The problem is in the hazard register. Add its interim measures, plan, responsible person "
              "and deadline."),
        )  # fmt: skip
        return redirect("hazards:detail", pk=hazard.pk)
    return render(
        request, "activities/problem_hazard_form.html", {"problem": problem, "drill": drill, "form": form}
    )
