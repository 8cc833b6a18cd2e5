"""One emergency drill (R5.2): planning it, its page, changing its plan, its photos."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from plans.services import TransitionError
from schools.permissions import role_required

from .. import selectors, services
from ..enums import DrillAction, DrillState
from ..forms import DrillCancelForm, DrillPlanForm
from ..permissions import RECORDERS, VIEWERS
from .photos import photo_response


def _label(choices, value):
    return choices(value).label if value in choices.values else value


def _timeline(drill):
    """The events with their labels in the user's language: what happened, from which state to which."""
    events = list(selectors.drill_timeline(drill))
    for event in events:
        event.action_label = _label(DrillAction, event.action)
        event.from_label = _label(DrillState, event.from_state) if event.from_state else ""
        event.to_label = _label(DrillState, event.to_state) if event.to_state else ""
    return events


def detail_context(request, drill, **bound_forms):
    can_record = selectors.can_record_for(request.user, drill.school)
    planned = drill.state == DrillState.PLANNED
    return {
        "drill": drill,
        "overdue": drill.is_overdue(timezone.localdate()),
        "photos": list(drill.photos.all()),
        "problems": list(drill.problems.select_related("hazard")),
        "timeline": _timeline(drill),
        "can_record": can_record,
        "can_change": can_record and planned,
        "cancel_form": DrillCancelForm() if can_record and planned else None,
        **bound_forms,
    }


@role_required(RECORDERS)
@require_http_methods(["GET", "POST"])
def drill_create(request):
    school = request.membership.school
    form = DrillPlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            drill = services.drill_plan(school=school, by=request.user, **form.plan())
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The drill is planned. Record it here once it has taken place."))
            return redirect("activities:drill_detail", pk=drill.pk)
    return render(request, "activities/drill_plan_form.html", {"form": form, "school": school})


@role_required(VIEWERS)
@require_safe
def drill_detail(request, pk):
    drill = selectors.drill_for_user(request.user, pk)
    return render(request, "activities/drill_detail.html", detail_context(request, drill))


@role_required(RECORDERS)
@require_http_methods(["GET", "POST"])
def drill_edit(request, pk):
    drill = selectors.drill_for_user(request.user, pk)
    if drill.state != DrillState.PLANNED:
        messages.info(request, _("Only a planned drill can be changed."))
        return redirect("activities:drill_detail", pk=drill.pk)
    form = DrillPlanForm(request.POST or None, user=request.user, drill=drill)
    if request.method == "POST" and form.is_valid():
        try:
            services.drill_change_plan(drill=drill, by=request.user, plan=form.plan())
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The drill's plan is saved."))
            return redirect("activities:drill_detail", pk=drill.pk)
    context = {"form": form, "school": drill.school, "drill": drill}
    return render(request, "activities/drill_plan_form.html", context)


@role_required(VIEWERS)
@require_safe
def drill_photo(request, pk):
    """A drill's photo (`?thumb=1`: its thumbnail), only for someone who may see the drill."""
    photo = get_object_or_404(selectors.drill_photos_for_user(request.user), pk=pk)
    return photo_response(photo, thumb=request.GET.get("thumb") == "1")
