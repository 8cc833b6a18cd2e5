"""One ledger entry: recording it (against a school, with its evidence), its page, its withdrawal."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plans.services import TransitionError
from schools.permissions import role_required

from .. import evidence, selectors, services
from ..forms import EntryForm, TargetForm, WithdrawForm
from ..permissions import LEDGER_READERS, RECORDERS


def _corrected_entry(request):
    """The entry of `?corrects=`, if any: 404 unless the user sees it."""
    value = request.GET.get("corrects")
    if value is None:
        return None
    if not value.isdigit():
        value = "0"
    return selectors.entry_for_user(request.user, value)


def _target(request):
    """(school, campaign, the first step's form): the school is None until it is chosen."""
    bound = "school" in request.GET
    target = TargetForm(request.GET if bound else None, user=request.user)
    if bound and target.is_valid():
        return target.cleaned_data["school"], target.cleaned_data["campaign"], target
    return None, None, target


@role_required(RECORDERS)
@require_http_methods(["GET", "POST"])
def entry_create(request):
    corrects = _corrected_entry(request)
    if corrects is not None:
        if not corrects.in_force:
            messages.info(request, _("This entry has been withdrawn; it can no longer be corrected."))
            return redirect("accountability:detail", pk=corrects.pk)
        school, campaign, target = corrects.school, corrects.campaign, None
    else:
        school, campaign, target = _target(request)
    if school is None:
        return render(request, "accountability/entry_form.html", {"target": target})
    posted = request.method == "POST"
    form = EntryForm(
        request.POST if posted else None,
        user=request.user,
        school=school,
        campaign=campaign,
        corrects=corrects,
    )
    if posted and form.is_valid():
        try:
            entry = services.entry_record(
                school=school, by=request.user, campaign=campaign, corrects=corrects, **form.record_data()
            )
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The entry is recorded in the accountability ledger."))
            return redirect("accountability:detail", pk=entry.pk)
    context = {"form": form, "school": school, "campaign": campaign, "corrects": corrects}
    return render(request, "accountability/entry_form.html", context)


def detail_context(request, entry, withdraw_form=None):
    user, now = request.user, timezone.now()
    found = selectors.entry_evidence(user=user, entry=entry)
    can_withdraw = request.membership.role in RECORDERS and entry.in_force
    return {
        "entry": entry,
        "evidence": evidence.groups(found, school=entry.school, now=now),
        "timeline": list(selectors.entry_timeline(entry)),
        "corrections": list(selectors.entries_for_user(user).filter(corrects=entry).order_by("pk")),
        "notices": list(
            selectors.notices_for_user(user).filter(entries=entry).order_by("-published_at", "-pk")
        ),
        "can_withdraw": can_withdraw,
        "withdraw_form": withdraw_form or (WithdrawForm() if can_withdraw else None),
    }


@role_required(LEDGER_READERS)
@require_safe
def entry_detail(request, pk):
    entry = selectors.entry_for_user(request.user, pk)
    return render(request, "accountability/entry_detail.html", detail_context(request, entry))


@role_required(RECORDERS)
@require_POST
def entry_withdraw(request, pk):
    entry = selectors.entry_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        if request.POST.get("reason", "").strip() and entry.in_force:
            # Something was typed: the page comes back with it and the error, so nothing is lost.
            messages.error(request, _("Nothing was saved: correct the marked field and send it again."))
            return render(request, "accountability/entry_detail.html", detail_context(request, entry, form))
        for error in form.errors.get("reason", []):
            messages.error(request, error)
        return redirect("accountability:detail", pk=entry.pk)
    try:
        services.entry_withdraw(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The entry is withdrawn. It stays in the ledger, marked withdrawn."))
    return redirect("accountability:detail", pk=entry.pk)
