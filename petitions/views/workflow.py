"""The steps of a petition case (R7.1): milestones added and ticked off, progress notes, proposed as
resolved, closed or reopened by the bureau. Each view parses the request and calls one service; a
refused step (`TransitionError`) comes back to the case's page as a message.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.services import TransitionError
from schools.permissions import role_required

from .. import selectors, services
from ..enums import PetitionAction
from ..forms import CloseForm, MilestoneAddForm, MilestoneMarkForm, NoteForm, ReopenForm, ResolveForm
from ..permissions import CLOSERS, UPDATERS
from .cases import available_actions, detail_context


def _back(case):
    return redirect("petitions:detail", pk=case.pk)


def _refused(request, case, error):
    for message in error.messages:
        messages.error(request, message)
    return _back(case)


def _typed(form):
    """Did the user type anything in this form?"""
    return any(
        value.strip() for name, value in form.data.items() if name in form.fields and isinstance(value, str)
    )


def _invalid(request, case, form, name, *, action):
    """A POST whose form does not validate.

    With something typed, and the step still open to the user, the case's page comes back with the
    form as typed and its errors (200), so nothing is lost. Otherwise — an empty form, or a step no
    longer possible — back to the page with the errors as messages.
    """
    if _typed(form) and available_actions(request.membership.role, case)[action]:
        messages.error(request, _("Nothing was saved: correct the marked field and send it again."))
        return render(request, "petitions/case_detail.html", detail_context(request, case, **{name: form}))
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return _back(case)


# --- The plan and its progress: the school and the bureau -----------------------------------------


@role_required(UPDATERS)
@require_POST
def milestone_add(request, pk):
    case = selectors.case_for_user(request.user, pk)
    form = MilestoneAddForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form, "milestone_form", action="can_add_milestone")
    try:
        services.milestone_add(case=case, by=request.user, **form.cleaned_data)
    except TransitionError as error:
        return _refused(request, case, error)
    messages.success(request, PetitionAction.MILESTONE_ADDED.label)
    return _back(case)


@role_required(UPDATERS)
@require_POST
def milestone_mark(request, pk):
    milestone = selectors.milestone_for_user(request.user, pk)
    form = MilestoneMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether the milestone is done."))
        return _back(milestone.case)
    done = form.cleaned_data["done"]
    try:
        services.milestone_mark(milestone=milestone, by=request.user, done=done)
    except TransitionError as error:
        return _refused(request, milestone.case, error)
    action = PetitionAction.MILESTONE_DONE if done else PetitionAction.MILESTONE_UNDONE
    messages.success(request, f"{action.label}: {milestone.title}")
    return _back(milestone.case)


@role_required(UPDATERS)
@require_POST
def note_add(request, pk):
    case = selectors.case_for_user(request.user, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form, "note_form", action="can_note")
    try:
        services.note_add(case=case, by=request.user, **form.cleaned_data)
    except TransitionError as error:
        return _refused(request, case, error)
    messages.success(request, _("The progress note is added."))
    return _back(case)


@role_required(UPDATERS)
@require_POST
def case_resolve(request, pk):
    case = selectors.case_for_user(request.user, pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form, "resolve_form", action="can_resolve")
    try:
        services.case_resolve(case=case, by=request.user, resolution=form.cleaned_data["resolution"])
    except TransitionError as error:
        return _refused(request, case, error)
    messages.success(request, _("The case is proposed as resolved; the bureau will close it."))
    return _back(case)


# --- The bureau's decision ------------------------------------------------------------------------


@role_required(CLOSERS)
@require_POST
def case_close(request, pk):
    case = selectors.case_for_user(request.user, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form, "close_form", action="can_close")
    try:
        services.case_close(case=case, by=request.user, comment=form.cleaned_data["comment"])
    except TransitionError as error:
        return _refused(request, case, error)
    messages.success(request, PetitionAction.CLOSED.label)
    return _back(case)


@role_required(CLOSERS)
@require_POST
def case_reopen(request, pk):
    case = selectors.case_for_user(request.user, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form, "reopen_form", action="can_reopen")
    try:
        services.case_reopen(case=case, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionError as error:
        return _refused(request, case, error)
    messages.success(request, _("The case is reopened and back in progress."))
    return _back(case)
