"""The home page by role: what a bureau user and a school's safety officer see first."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.permissions import FILERS
from schools import selectors as school_selectors

from .. import selectors
from .dashboard import figure, percent


def _campaign_cards(campaigns):
    """Each campaign in progress with its key figures, as the bureau's home page shows them."""
    cards = []
    for row in campaigns:
        board_url = reverse("plans:board", args=[row.campaign.pk])
        ledger_filter = f"{reverse('hazards:ledger')}?campaign={row.campaign.pk}&"
        handed_in = _("%(done)s of %(expected)s due") % {"done": row.handed_in, "expected": row.expected}
        figures = [
            figure(_("Schools covered"), row.school_count, board_url),
            figure(_("Handed in"), percent(row.handed_in_rate), note=handed_in if row.expected else ""),
            figure(
                _("Deliverables missing"), row.missing, f"{board_url}?status=overdue", alarm=row.missing > 0
            ),
            figure(_("Open hazards"), row.open_hazards, f"{ledger_filter}state=open"),
            figure(
                _("Overdue hazards"),
                row.overdue_hazards,
                f"{ledger_filter}overdue=1",
                alarm=row.overdue_hazards > 0,
            ),
            figure(_("Inspections done"), row.inspections_done),
        ]
        cards.append((row.campaign, figures))
    return cards


@login_required
def home(request):
    membership = school_selectors.membership_of(request.user)
    if membership is None:
        return render(request, "schools/home_unassigned.html")
    now = timezone.now()
    if membership.is_bureau:
        context = {
            "campaigns": _campaign_cards(selectors.bureau_home(user=request.user, now=now)),
            "overview": school_selectors.bureau_overview(user=request.user),
            "not_reopened": school_selectors.school_list(user=request.user, reopened=False),
        }
        return render(request, "reports/home_bureau.html", context)
    school = membership.school
    context = {
        "school": school,
        "home": selectors.school_home(user=request.user, school=school, now=now),
        "people": school_selectors.school_people(school=school),
        "can_file": membership.role in FILERS,
        "now": now,
    }
    return render(request, "reports/home_school.html", context)
