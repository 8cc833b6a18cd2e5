"""A campaign's education requirements: the topics every covered school must hold sessions on (set by
the bureau's admin), and the covered schools with what each still misses."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from plans.selectors import campaign_for_user
from schools.enums import BUREAU_ROLES
from schools.permissions import role_required

from .. import selectors, services
from ..enums import Topic
from ..forms import RequiredTopicsForm
from ..permissions import TOPIC_EDITORS


@role_required(TOPIC_EDITORS)
@require_http_methods(["GET", "POST"])
def required_topics(request, pk):
    campaign = campaign_for_user(request.user, pk)
    form = RequiredTopicsForm(request.POST or None, minimums=selectors.required_minimums(campaign))
    if request.method == "POST" and form.is_valid():
        services.required_topics_save(campaign=campaign, minimums=form.minimums())
        messages.success(request, _("The required topics are saved."))
        return redirect("activities:campaign_schools", pk=campaign.pk)
    return render(request, "activities/required_topics_form.html", {"campaign": campaign, "form": form})


@role_required(BUREAU_ROLES)
@require_safe
def campaign_schools(request, pk):
    """Each covered school: sessions on each required topic against the minimum, and its drills."""
    campaign = campaign_for_user(request.user, pk)
    missing_only = request.GET.get("missing") == "1"
    minimums, rows = selectors.school_table(
        user=request.user, campaign=campaign, now=timezone.now(), missing_only=missing_only
    )
    context = {
        "campaign": campaign,
        "required": [(Topic(topic).label, minimum) for topic, minimum in minimums.items()],
        "rows": rows,
        "missing_only": missing_only,
        "can_edit": request.membership.role in TOPIC_EDITORS,
    }
    return render(request, "activities/campaign_schools.html", context)
