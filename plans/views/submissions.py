from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schools.permissions import ANY_ROLE, role_required

from .. import deliverables, selectors, services
from ..enums import DeliverableKind, SubmissionState
from ..forms import ReviewForm
from ..permissions import FILERS, REVIEWERS, SIGNERS


def _permissions(membership, submission):
    """What the viewer may do with this submission now, for the buttons on the page."""
    editable = submission.is_editable
    role = membership.role
    return {
        "can_edit": editable and role in FILERS,
        "can_sign": editable and role in SIGNERS and submission.deliverable.kind == DeliverableKind.WORK_PLAN,
        "can_review": submission.state == SubmissionState.SUBMITTED and role in REVIEWERS,
    }


@role_required(ANY_ROLE)
def submission_detail(request, pk):
    submission = selectors.submission_for_user(request.user, pk)
    deliverable_type = deliverables.get(submission.deliverable.kind)
    content = deliverable_type.content_of(submission) if deliverable_type else None
    if content is not None:
        prefetch_related_objects([content], *deliverable_type.detail_prefetch)
    context = {
        "submission": submission,
        "campaign": submission.deliverable.campaign,
        "deliverable_type": deliverable_type,
        "content": content,
        "missing": deliverable_type.missing(content) if content and submission.is_editable else [],
        "status": submission.board_status(),
        "events": selectors.submission_events(submission),
        "review_form": ReviewForm(),
        **_permissions(request.membership, submission),
    }
    return render(request, "plans/submission_detail.html", context)


@role_required(FILERS)
@require_POST
def submission_submit(request, pk):
    submission = selectors.submission_for_user(request.user, pk)
    try:
        services.submission_submit(submission=submission, by=request.user)
    except services.TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _submitted_message(submission))
    return redirect("plans:submission_detail", pk=submission.pk)


def _submitted_message(submission):
    if submission.late:
        return _("Submitted to the bureau — after the due moment, so it is marked late.")
    return _("Submitted to the bureau on time.")


@role_required(REVIEWERS)
@require_POST
def submission_review(request, pk):
    submission = selectors.submission_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or to return."))
        return redirect("plans:submission_detail", pk=submission.pk)
    decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
    try:
        if decision == "accept":
            services.submission_accept(submission=submission, by=request.user, comment=reason)
            messages.success(request, _("Accepted."))
        else:
            services.submission_return(submission=submission, by=request.user, reason=reason)
            messages.success(request, _("Returned to the school."))
    except services.TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("plans:submission_detail", pk=submission.pk)
