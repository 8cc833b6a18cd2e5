"""Notices to schools (R9.3): the bureau writes a bulletin for a campaign and publishes it; every
school of the campaign reads it, and its principal and safety officers are notified."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.uploads import attachment_response, sniff_document
from plans.selectors import campaigns_for_user
from plans.services import TransitionError
from schools.permissions import role_required

from .. import selectors, services
from ..enums import NoticeState
from ..forms import CampaignChoiceForm, NoticeForm
from ..models import NoticeAttachment
from ..permissions import NOTICE_PUBLISHERS, NOTICE_READERS, NOTICE_WRITERS

PAGE_SIZE = 30
# Stored photos are re-encoded by `common.images`: JPEG, or PNG when they have transparency.
IMAGE_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}


@role_required(NOTICE_READERS)
@require_safe
def notice_list(request):
    campaigns = list(campaigns_for_user(request.user).order_by("-start_date", "-pk").only("pk", "name"))
    campaign = request.GET.get("campaign", "")
    campaign = campaign if campaign in {str(c.pk) for c in campaigns} else ""
    state = request.GET.get("state", "") if request.membership.is_bureau else ""
    state = state if state in NoticeState.values else ""
    filters = {"campaign": campaign, "state": state}
    notices = selectors.notice_list(user=request.user, campaign_id=campaign or None, state=state)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "query": urlencode({name: value for name, value in filters.items() if value}),
        "campaigns": campaigns,
        "states": NoticeState.choices,
        "can_write": request.membership.role in NOTICE_WRITERS,
    }
    return render(request, "accountability/notice_list.html", context)


def _uploads_lost(request, form):
    return bool(request.FILES) and form.is_bound and not form.is_valid()


@role_required(NOTICE_WRITERS)
@require_http_methods(["GET", "POST"])
def notice_create(request):
    bound = "campaign" in request.GET
    choice = CampaignChoiceForm(request.GET if bound else None, user=request.user)
    if not (bound and choice.is_valid()):
        return render(request, "accountability/notice_form.html", {"choice": choice})
    campaign = choice.cleaned_data["campaign"]
    posted = request.method == "POST"
    form = NoticeForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=request.user,
        campaign=campaign,
    )
    if posted and form.is_valid():
        try:
            notice = services.notice_create(campaign=campaign, by=request.user, **form.notice_data())
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("The notice is saved as a draft. Schools see it once it is published.")
            )
            return redirect("accountability:notice_detail", pk=notice.pk)
    context = {"form": form, "campaign": campaign, "uploads_lost": _uploads_lost(request, form)}
    return render(request, "accountability/notice_form.html", context)


@role_required(NOTICE_WRITERS)
@require_http_methods(["GET", "POST"])
def notice_edit(request, pk):
    notice = selectors.notice_for_user(request.user, pk)
    if not notice.is_draft:
        messages.info(request, _("This notice has been published and can no longer be changed."))
        return redirect("accountability:notice_detail", pk=notice.pk)
    posted = request.method == "POST"
    form = NoticeForm(
        request.POST if posted else None, request.FILES if posted else None, user=request.user,
        campaign=notice.campaign, notice=notice,
    )  # fmt: skip
    if posted and form.is_valid():
        try:
            services.notice_update(notice=notice, by=request.user, **form.notice_data())
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("accountability:notice_detail", pk=notice.pk)
    context = {"form": form, "campaign": notice.campaign, "notice": notice,
               "uploads_lost": _uploads_lost(request, form)}  # fmt: skip
    return render(request, "accountability/notice_form.html", context)


@role_required(NOTICE_READERS)
@require_safe
def notice_detail(request, pk):
    notice = selectors.notice_for_user(request.user, pk)
    role, bureau = request.membership.role, request.membership.is_bureau
    context = {
        "notice": notice,
        "attachments": list(notice.attachments.all()),
        "entries": list(selectors.notice_entries(notice)),
        "timeline": list(selectors.notice_timeline(notice)) if bureau else [],
        "can_edit": notice.is_draft and role in NOTICE_WRITERS,
        "can_publish": notice.is_draft and role in NOTICE_PUBLISHERS,
        # The entries the reader may open in the ledger: the bureau's, or the reader's own school's.
        "openable": set(
            selectors.entries_for_user(request.user).filter(notices=notice).values_list("pk", flat=True)
        ),
    }
    return render(request, "accountability/notice_detail.html", context)


@role_required(NOTICE_PUBLISHERS)
@require_POST
def notice_publish(request, pk):
    notice = selectors.notice_for_user(request.user, pk)
    try:
        services.notice_publish(notice=notice, by=request.user)
    except TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The notice is published: every school of the campaign can read it now."))
    return redirect("accountability:notice_detail", pk=notice.pk)


@role_required(NOTICE_READERS)
@require_safe
def notice_attachment(request, pk):
    """An attachment of a notice the user may read; `?thumb=1`: a photo's thumbnail, shown inline."""
    attachments = NoticeAttachment.objects.filter(notice__in=selectors.notices_for_user(request.user))
    attachment = get_object_or_404(attachments, pk=pk)
    if request.GET.get("thumb") != "1":
        return attachment_response(attachment.file, attachment.name)
    if not attachment.is_image:
        raise Http404
    try:
        file = attachment.thumbnail.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    content_type = IMAGE_TYPES.get(sniff_document(file))
    if content_type is None:  # not a thumbnail we wrote: never serve it as an image
        file.close()
        raise Http404
    response = FileResponse(file, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
