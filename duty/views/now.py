from django.shortcuts import render
from django.utils import timezone

from plans.selectors import campaign_for_user
from schools.permissions import role_required

from ..permissions import BUREAU_READERS
from ..selectors import on_duty_now as on_duty_selector


@role_required(BUREAU_READERS)
def on_duty_now(request, pk):
    """Bureau view "who is on duty now": schools with nobody on duty first."""
    campaign = campaign_for_user(request.user, pk)
    now = timezone.localtime()
    rows = on_duty_selector(campaign=campaign, now=now)
    context = {
        "campaign": campaign,
        "rows": rows,
        "now": now,
        "uncovered": sum(1 for row in rows if not row.covered),
    }
    return render(request, "duty/on_duty_now.html", context)
