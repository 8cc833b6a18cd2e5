"""The bureau's campaign dashboard (issue 7) and one school's page in a campaign."""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plans.enums import BoardStatus
from plans.selectors import campaign_for_user
from schools.enums import BUREAU_ROLES
from schools.permissions import ANY_ROLE, role_required
from schools.selectors import schools_for_user

from .. import selectors
from ..charts import campaign_charts

RANKED_PER_PAGE = 100  # a district's schools fit on one page; a city's are paged
CHART_WIDTH = 360  # about the width of a card or a phone: charts show near their natural size


def figure(label, value, href="", alarm=False, note=""):
    """A key figure as `reports/_figure.html` shows it: a card, red when `alarm`, linking to `href`."""
    return {"label": label, "value": value, "href": href, "alarm": alarm, "note": note}


def percent(rate):
    return None if rate is None else f"{rate}%"


def _figures(summary, ledger_filter, board_url):
    """The key figures on top of the dashboard, each linking to the list it counts where there is one."""
    hazards, incidents = summary.hazards, summary.incidents
    return [
        figure(_("Schools covered"), summary.school_count, board_url),
        figure(
            _("Deliverables missing"),
            summary.missing_deliverables,
            f"{board_url}?status={BoardStatus.OVERDUE}",
            alarm=summary.missing_deliverables > 0,
            note=_("past due, not handed in"),
        ),
        figure(_("Open hazards"), hazards["open"], f"{ledger_filter}state=open"),
        figure(
            _("Overdue hazards"),
            hazards["overdue"],
            f"{ledger_filter}overdue=1",
            alarm=hazards["overdue"] > 0,
        ),
        figure(
            _("Rectification rate"), percent(hazards["rectification_rate"]), note=_("closed of all found")
        ),
        figure(_("Inspections done"), summary.inspections_done),
        figure(_("Incidents"), incidents["total"]),
        figure(
            _("Written reports overdue"), incidents["written_overdue"], alarm=incidents["written_overdue"] > 0
        ),
    ]


def _cached_summary(request, campaign):
    """The campaign's figures, shared for a minute by everyone of the bureau (they all see the same
    schools): at city scale they cost a few aggregate queries over 100,000 hazards, and a bureau's
    staff open the dashboard again and again in a morning. The page says when the figures were read.
    """
    bureau_id = request.membership.bureau_id
    key = f"dashboard:{campaign.pk}:{bureau_id}:{translation.get_language()}"
    return cache.get_or_set(
        key,
        lambda: selectors.campaign_summary(user=request.user, campaign=campaign),
        settings.DASHBOARD_CACHE_SECONDS,
    )


@role_required(BUREAU_ROLES)
def dashboard(request, pk):
    campaign = campaign_for_user(request.user, pk)
    summary = _cached_summary(request, campaign)
    ranked = Paginator(summary.schools_ranked, RANKED_PER_PAGE).get_page(request.GET.get("page"))
    ledger_filter = f"{reverse('hazards:ledger')}?campaign={campaign.pk}&"
    board_url = reverse("plans:board", args=[campaign.pk])
    context = {
        "campaign": campaign,
        "summary": summary,
        "charts": campaign_charts(summary, show_titles=False, width=CHART_WIDTH),
        "page": ranked,
        "rank_offset": ranked.start_index() - 1 if ranked.paginator.count else 0,
        "filters": request.GET,
        "figures": _figures(summary, ledger_filter, board_url),
        # The numbers beside the charts link to the lists they count, narrowed to this campaign.
        "ledger_filter": ledger_filter,
    }
    return render(request, "reports/dashboard.html", context)


def _covered_school_for_user(user, campaign, pk):
    """A school the user may see that `campaign` covers, or 404: `schools.selectors.school_for_user`
    narrowed to the campaign, in one query. A school user only ever reaches its own school."""
    schools = schools_for_user(user).filter(campaigns=campaign).select_related("bureau")
    return get_object_or_404(schools, pk=pk)


@role_required(ANY_ROLE)
def school_page(request, pk, school_pk):
    """Everything about one school in one campaign; a school user sees its own, without what an
    unpublished unannounced visit found."""
    campaign = campaign_for_user(request.user, pk)
    school = _covered_school_for_user(request.user, campaign, school_pk)
    now = timezone.now()
    detail = selectors.school_campaign_detail(user=request.user, campaign=campaign, school=school, now=now)
    counts = detail.hazard_counts
    figures = [
        figure(_("Overdue items"), detail.overdue_items, alarm=detail.overdue_items > 0),
        figure(_("Deliverables missing"), detail.missing_deliverables, alarm=detail.missing_deliverables > 0),
        figure(_("Open hazards"), counts["open"]),
        figure(_("Overdue hazards"), counts["overdue"], alarm=counts["overdue"] > 0),
        figure(_("Inspections"), len(detail.inspections)),
        figure(_("Incidents"), len(detail.incidents)),
    ]
    context = {"campaign": campaign, "school": school, "detail": detail, "figures": figures, "now": now}
    return render(request, "reports/school_page.html", context)
