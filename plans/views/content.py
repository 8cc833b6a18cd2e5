"""Filling in the built-in deliverables: the school's work plan (R2) and its summary (R1.2)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.http import content_disposition
from common.pdf import render_pdf
from common.uploads import attachment_response
from schools.permissions import ANY_ROLE, role_required

from .. import content_services, deliverables
from ..enums import DeliverableKind
from ..forms_content import responsibility_formset, summary_form, work_plan_form
from ..models import Summary, WorkPlan
from ..permissions import FILERS, SIGNERS
from ..selectors import submission_for_user
from ..services import TransitionError

REFUSED = 409  # a POST to content that is with the bureau, or a summary not yet open


def _submission(user, pk, kind):
    """The user's submission of this kind, or 404 for outsiders and for a URL of the wrong kind."""
    submission = submission_for_user(user, pk)
    if submission.deliverable.kind != kind:
        raise Http404
    return submission


def _work_plan(submission):
    # No prefetch of the responsibilities: work_plan_save compares the rows before and after its
    # changes through `responsibilities.all()`, and a prefetch cache would answer with the old rows.
    work_plan = get_object_or_404(WorkPlan.objects.select_related("signed_by"), submission=submission)
    work_plan.submission = submission
    return work_plan


def _work_plan_context(request, work_plan, **extra):
    submission = work_plan.submission
    return {
        "submission": submission,
        "school": submission.school,
        "campaign": submission.deliverable.campaign,
        "work_plan": work_plan,
        "editable": submission.is_editable,
        "can_sign": (
            getattr(request, "membership", None) is not None
            and request.membership.role in SIGNERS
            and submission.is_editable
            and work_plan.signed_at is None
        ),
        **extra,
    }


def _work_plan_read_context(request, work_plan, **extra):
    # plans/_work_plan_body.html shows `content`, as on the submission page that includes it too.
    return _work_plan_context(request, work_plan, content=work_plan, **extra)


def _refused(request, template_name, context):
    """The content without a form: shown on GET, and the answer to a POST that cannot be saved."""
    status = REFUSED if request.method == "POST" else 200
    return render(request, template_name, context, status=status)


@role_required(FILERS)
@require_http_methods(["GET", "POST"])
def work_plan_edit(request, pk):
    submission = _submission(request.user, pk, DeliverableKind.WORK_PLAN)
    work_plan = _work_plan(submission)
    if not submission.is_editable:
        return _refused(request, "plans/work_plan_view.html", _work_plan_read_context(request, work_plan))
    posted = request.method == "POST"
    form = work_plan_form(work_plan, request.POST if posted else None, request.FILES if posted else None)
    formset = responsibility_formset(work_plan, request.POST if posted else None)
    # Validate both (not `and`), so that one round trip shows every mistake.
    valid = posted and all([form.is_valid(), formset.is_valid()])
    if valid and _save_work_plan(request, work_plan, form, formset):
        return redirect("plans:submission_detail", pk=submission.pk)
    context = _work_plan_context(request, work_plan, form=form, formset=formset)
    context["file_lost"] = posted and bool(request.FILES)
    return render(request, "plans/work_plan_form.html", context)


def _save_work_plan(request, work_plan, form, formset):
    """Save through the service; True on success, else the refusal is added to the form."""
    was_signed = work_plan.signed_at is not None
    try:
        content_services.work_plan_save(
            work_plan=work_plan,
            data=form.plan_data(),
            responsibilities=formset.rows(),
            attachment=form.cleaned_data["attachment"],
            remove_attachment=form.cleaned_data["remove_attachment"],
        )
    except TransitionError as error:
        for message in error.messages:
            form.add_error(None, message)
        return False
    if was_signed and work_plan.signed_at is None:
        messages.warning(
            request,
            _("Draft saved. The changes cleared the principal's sign-off: the principal signs again."),
        )
    else:
        messages.success(request, _("Draft saved."))
    return True


@role_required(SIGNERS)
@require_POST
def work_plan_sign(request, pk):
    submission = _submission(request.user, pk, DeliverableKind.WORK_PLAN)
    work_plan = _work_plan(submission)
    try:
        content_services.work_plan_sign(work_plan=work_plan, by=request.user)
    except TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The work plan is signed off."))
    return redirect("plans:submission_detail", pk=submission.pk)


@role_required(ANY_ROLE)
@require_safe
def work_plan_pdf(request, pk):
    submission = _submission(request.user, pk, DeliverableKind.WORK_PLAN)
    work_plan = _work_plan(submission)
    title = work_plan_title(submission)
    context = _work_plan_read_context(request, work_plan, title=title)
    pdf = render_pdf("plans/work_plan_pdf.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"work-plan-{submission.school.code}.pdf", f"{title}.pdf", inline=True
    )
    return response


def work_plan_title(submission):
    return _("%(school)s %(campaign)s work plan") % {
        "school": submission.school.name,
        "campaign": submission.deliverable.campaign.name,
    }


@role_required(ANY_ROLE)
@require_safe
def work_plan_attachment(request, pk):
    submission = _submission(request.user, pk, DeliverableKind.WORK_PLAN)
    work_plan = get_object_or_404(WorkPlan, submission=submission)
    if not work_plan.attachment:
        raise Http404
    return attachment_response(work_plan.attachment, work_plan.attachment_name)


@role_required(FILERS)
@require_http_methods(["GET", "POST"])
def summary_edit(request, pk):
    submission = _submission(request.user, pk, DeliverableKind.SUMMARY)
    summary = get_object_or_404(Summary, submission=submission)
    summary.submission = submission
    campaign = submission.deliverable.campaign
    context = {
        "submission": submission,
        "school": submission.school,
        "campaign": campaign,
        "summary": summary,
    }
    opens_on = _summary_opens_on(campaign)
    if opens_on or not submission.is_editable:
        return _refused(
            request,
            "plans/summary_form.html",
            {**context, "opens_on": opens_on, "figures": _figures(summary)},
        )
    form = summary_form(summary, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            content_services.summary_save(summary=summary, data=form.summary_data())
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("plans:submission_detail", pk=submission.pk)
    return render(request, "plans/summary_form.html", {**context, "form": form})


def _summary_opens_on(campaign):
    """The first day the summary may be filed, while that day is still to come; else None."""
    deliverable_type = deliverables.get(DeliverableKind.SUMMARY)
    if deliverable_type.is_open(campaign, timezone.localdate()):
        return None
    return deliverable_type.opens_on(campaign)


def _figures(summary):
    return [(Summary._meta.get_field(name).verbose_name, getattr(summary, name)) for name in summary.FIGURES]
