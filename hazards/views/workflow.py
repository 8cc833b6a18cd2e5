"""The steps of a hazard's rectification (R4.6, R4.7): plan, rectify, verify or return, supervise and
watch, extensions, the re-check. Each view parses the request and calls one service; a refused step
(`TransitionError`) comes back to the hazard's page as a message.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plans.services import TransitionError
from schools.permissions import role_required

from .. import selectors, services
from ..enums import ExtensionState, HazardAction, HazardState
from ..forms import (
    GRANT,
    VERIFY,
    ExtensionDecideForm,
    ExtensionForm,
    PlanForm,
    RecheckForm,
    RectifyForm,
    SuperviseForm,
    VerifyForm,
    WatchForm,
    processed,
)
from ..models import ExtensionRequest
from ..permissions import RECTIFIERS, VERIFIERS, WATCHERS
from .hazards import available_actions, detail_context


def _back(hazard):
    return redirect("hazards:detail", pk=hazard.pk)


def _refused(request, hazard, error):
    for message in error.messages:
        messages.error(request, message)
    return _back(hazard)


def _typed(form):
    """Did the user send anything in this form (text, a choice, a file)?"""
    return bool(form.files) or any(
        value.strip() for name, value in form.data.items() if name in form.fields and isinstance(value, str)
    )


def _invalid(request, hazard, form, name, *, action):
    """A one-form POST that does not validate.

    With something typed, and the step still open to the user, the hazard's page comes back with the
    form as typed and its errors (200), so nothing is lost. Otherwise — an empty form, or a step no
    longer possible — back to the page with the errors as messages.
    """
    if _typed(form) and available_actions(request.membership.role, hazard, _pending(hazard))[action]:
        messages.error(request, _("Nothing was saved: correct the marked field and send it again."))
        context = detail_context(request, hazard, **{name: form}, photos_lost=bool(request.FILES))
        return render(request, "hazards/hazard_detail.html", context)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return _back(hazard)


def _pending(hazard):
    return hazard.extension_requests.filter(state=ExtensionState.PENDING).first()


# --- The school's steps ---------------------------------------------------------------------------


@role_required(RECTIFIERS)
@require_http_methods(["GET", "POST"])
def hazard_plan(request, pk):
    hazard = selectors.hazard_for_user(request.user, pk)
    if hazard.state != HazardState.REPORTED:
        messages.info(request, _("This hazard already has a rectification plan."))
        return _back(hazard)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hazard_plan(hazard=hazard, by=request.user, plan=form.plan())
        except TransitionError as error:
            return _refused(request, hazard, error)
        messages.success(request, _("The rectification plan is saved."))
        return _back(hazard)
    return render(request, "hazards/plan_form.html", {"hazard": hazard, "form": form})


@role_required(RECTIFIERS)
@require_POST
def hazard_rectify(request, pk):
    hazard = selectors.hazard_for_user(request.user, pk)
    form = RectifyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, hazard, form, "rectify_form", action="can_rectify")
    try:
        services.hazard_submit_rectification(
            hazard=hazard, by=request.user, note=form.cleaned_data["note"],
            photos=processed(form.cleaned_data["photos"]),
        )  # fmt: skip
    except TransitionError as error:
        return _refused(request, hazard, error)
    messages.success(request, _("The rectification is submitted; the bureau will verify it."))
    return _back(hazard)


@role_required(RECTIFIERS)
@require_http_methods(["GET", "POST"])
def extension_request(request, pk):
    hazard = selectors.hazard_for_user(request.user, pk)
    if hazard.state != HazardState.RECTIFYING or hazard.deadline is None:
        messages.info(request, _("An extension can be asked for while the hazard is being rectified."))
        return _back(hazard)
    pending = _pending(hazard)
    form = ExtensionForm(request.POST or None, hazard=hazard)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            services.extension_request(hazard=hazard, by=request.user, **form.cleaned_data)
        except TransitionError as error:
            return _refused(request, hazard, error)
        messages.success(request, _("The request for a later deadline is sent to the bureau."))
        return _back(hazard)
    if request.method == "POST" and pending is not None:
        messages.error(request, _("An extension request is already waiting for the bureau."))
        return _back(hazard)
    context = {"hazard": hazard, "form": form, "pending": pending}
    return render(request, "hazards/extension_form.html", context)


# --- The bureau's steps ---------------------------------------------------------------------------


@role_required(VERIFIERS)
@require_POST
def hazard_verify(request, pk):
    hazard = selectors.hazard_for_user(request.user, pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        return _invalid(request, hazard, form, "verify_form", action="can_verify")
    comment = form.cleaned_data["comment"]
    try:
        if form.cleaned_data["decision"] == VERIFY:
            services.hazard_verify(
                hazard=hazard,
                by=request.user,
                comment=comment,
                recheck_date=form.cleaned_data["recheck_date"],
            )
            messages.success(request, HazardAction.VERIFIED.label)
        else:
            services.hazard_return(hazard=hazard, by=request.user, reason=comment)
            messages.success(request, _("Returned to the school for more rectification."))
    except TransitionError as error:
        return _refused(request, hazard, error)
    return _back(hazard)


@role_required(VERIFIERS)
@require_POST
def hazard_supervise(request, pk):
    hazard = selectors.hazard_for_user(request.user, pk)
    form = SuperviseForm(request.POST, user=request.user)
    if not form.is_valid():
        return _invalid(request, hazard, form, "supervise_form", action="can_supervise")
    try:
        services.hazard_supervise(hazard=hazard, by=request.user, supervisor=form.cleaned_data["supervisor"])
    except TransitionError as error:
        return _refused(request, hazard, error)
    messages.success(request, HazardAction.SUPERVISED.label)
    return _back(hazard)


@role_required(WATCHERS)
@require_POST
def hazard_watch(request, pk):
    hazard = selectors.hazard_for_user(request.user, pk)
    form = WatchForm(request.POST, user=request.user)
    if not form.is_valid():
        return _invalid(request, hazard, form, "watch_form", action="can_watch")
    try:
        services.watch_record_add(hazard=hazard, by=request.user, **form.record_data())
    except TransitionError as error:
        return _refused(request, hazard, error)
    messages.success(request, _("The watch record is added."))
    return _back(hazard)


@role_required(VERIFIERS)
@require_POST
def extension_decide(request, pk):
    requests = ExtensionRequest.objects.filter(hazard__in=selectors.hazards_for_user(request.user))
    extension = get_object_or_404(requests, pk=pk)
    hazard = selectors.hazard_for_user(request.user, extension.hazard_id)
    extension.hazard = hazard
    form = ExtensionDecideForm(request.POST)
    if not form.is_valid():
        return _invalid(request, hazard, form, "decide_form", action="can_decide")
    grant = form.cleaned_data["decision"] == GRANT
    try:
        services.extension_decide(
            request=extension, by=request.user, grant=grant, note=form.cleaned_data["note"]
        )
    except TransitionError as error:
        return _refused(request, hazard, error)
    if grant:
        messages.success(request, _("Extension granted: the deadline is now %(deadline)s.") % {
            "deadline": f"{extension.requested_deadline:%Y-%m-%d}"
        })  # fmt: skip
    else:
        messages.success(request, _("Extension refused: the deadline stays."))
    return _back(hazard)


@role_required(VERIFIERS)
@require_POST
def hazard_recheck(request, pk):
    hazard = selectors.hazard_for_user(request.user, pk)
    form = RecheckForm(request.POST)
    if not form.is_valid():
        return _invalid(request, hazard, form, "recheck_form", action="can_recheck")
    try:
        rebound = services.hazard_recheck(hazard=hazard, by=request.user, **form.cleaned_data)
    except TransitionError as error:
        return _refused(request, hazard, error)
    if rebound is None:
        messages.success(request, HazardAction.RECHECKED.label)
        return _back(hazard)
    messages.warning(
        request,
        _("The hazard has recurred: it is entered again as a rebound, and the school owes it a plan."),
    )
    return _back(rebound)
