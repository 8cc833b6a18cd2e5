from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schools.permissions import ANY_ROLE, BUREAU_ADMIN_ONLY, role_required

from .. import deliverables, selectors, services
from ..enums import FocusArea
from ..forms import CampaignForm, TemplateForm
from ..permissions import FILERS


@role_required(ANY_ROLE)
def campaign_list(request):
    campaigns = selectors.campaigns_for_user(request.user)
    page = Paginator(campaigns, 20).get_page(request.GET.get("page"))
    return render(request, "plans/campaign_list.html", {"page": page, "filters": request.GET})


def _template_initial(request):
    """Initial form values from the Two Sessions template, or None when it was not asked for."""
    if "template" not in request.GET:
        return None, TemplateForm(initial=_default_template_dates())
    dates = TemplateForm(request.GET)
    if not dates.is_valid():
        return None, dates
    values = services.two_sessions_template(**dates.cleaned_data)
    year = dates.cleaned_data["start_date"].year
    values["name"] = _("%(year)s national Two Sessions campus safety campaign") % {"year": year}
    return CampaignForm.initial_from(values), dates


def _default_template_dates():
    start = timezone.localdate()
    return {
        "start_date": start,
        "opening_date": start + timedelta(days=7),
        "closing_date": start + timedelta(days=14),
    }


@role_required(BUREAU_ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    initial, template_form = _template_initial(request)
    form = CampaignForm(request.POST or None, initial=initial)
    if form.is_valid():
        campaign = services.campaign_save(
            bureau=request.membership.bureau, by=request.user, data=form.cleaned_data, dues=form.dues()
        )
        messages.success(request, _("Campaign “%(name)s” created.") % {"name": campaign.name})
        return redirect("plans:campaign_detail", pk=campaign.pk)
    context = {"form": form, "template_form": template_form, "from_template": initial is not None}
    return render(request, "plans/campaign_form.html", context)


def _campaign_values(campaign):
    values = {field: getattr(campaign, field) for field in services.CAMPAIGN_FIELDS}
    values["dues"] = {d.kind: timezone.localtime(d.due_at) for d in campaign.deliverables.all()}
    return values


@role_required(BUREAU_ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def campaign_update(request, pk):
    campaign = selectors.campaign_for_user(request.user, pk)
    form = CampaignForm(request.POST or None, initial=CampaignForm.initial_from(_campaign_values(campaign)))
    if form.is_valid():
        services.campaign_save(
            bureau=campaign.bureau,
            by=request.user,
            data=form.cleaned_data,
            dues=form.dues(),
            campaign=campaign,
        )
        messages.success(request, _("Campaign saved."))
        return redirect("plans:campaign_detail", pk=campaign.pk)
    return render(request, "plans/campaign_form.html", {"form": form, "campaign": campaign})


@role_required(ANY_ROLE)
def campaign_detail(request, pk):
    campaign = selectors.campaign_for_user(request.user, pk)
    context = {
        "campaign": campaign,
        "focus_areas": [FocusArea(area).label for area in campaign.focus_areas if area in FocusArea.values],
    }
    if request.membership.is_school:
        context["rows"] = selectors.school_deliverables(campaign=campaign, school=request.membership.school)
        context["can_file"] = request.membership.role in FILERS
        return render(request, "plans/campaign_detail_school.html", context)
    board = selectors.board(campaign=campaign)
    context["columns"] = board.summaries()
    context["school_count"] = len(board.rows)
    return render(request, "plans/campaign_detail_bureau.html", context)


@role_required(FILERS)
@require_POST
def deliverable_open(request, pk, kind):
    """Start (or continue) the school's copy of a deliverable and go to its form."""
    campaign = selectors.campaign_for_user(request.user, pk)
    deliverable = campaign.deliverables.filter(kind=kind).first()
    deliverable_type = deliverables.get(kind)
    if deliverable is None or deliverable_type is None:
        raise Http404
    if not deliverable_type.is_open(campaign, timezone.localdate()):
        messages.error(request, _("This cannot be filed yet."))
        return redirect("plans:campaign_detail", pk=campaign.pk)
    submission = services.submission_open(deliverable=deliverable, school=request.membership.school)
    if submission.is_editable:
        return redirect(reverse(deliverable_type.edit_url_name, args=[submission.pk]))
    return redirect("plans:submission_detail", pk=submission.pk)
