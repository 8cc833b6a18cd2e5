"""The public pages (no login): a school's tip-off form, reached from the QR code on its poster, and
the page where a reporter follows the case with their key.

Both are rate-limited per address (settings RATELIMIT_TIPOFF_*): over the limit the answer is 429
and nothing of the request is kept. The address itself is never stored with a tip-off; the limiter
keeps only a hash of it in the cache, for the length of its window.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from hazards.enums import HazardState

from .. import keys, selectors, services
from ..enums import TipOffState
from ..forms import KeyForm, TipOffForm


def _flooded(request, group, rate):
    """Count this request against the address's allowance; (over the limit, seconds to wait)."""
    usage = get_usage(request, group=f"tipoffs.{group}", key="ip", rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return False, 0
    return True, max(usage["time_left"], 1)


def _too_many(request, wait, *, school=None):
    response = render(
        request, "tipoffs/too_many.html", {"school": school, "wait_minutes": -(-wait // 60)}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


def _private(response):
    """A page with a report key (or a form for one) must not stay in any cache."""
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
def tipoff_file(request, token):
    school = selectors.school_for_token(token)
    if school is None:
        raise Http404
    posted = request.method == "POST"
    # Showing the form draws a new sum (a database row), so even looking is limited, if generously.
    flooded, wait = _flooded(
        request,
        "file" if posted else "form",
        settings.RATELIMIT_TIPOFF_FILE if posted else settings.RATELIMIT_TIPOFF_FORM,
    )
    if flooded:
        return _too_many(request, wait, school=school)
    form = TipOffForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        filed = services.tipoff_file(school=school, **form.filing())
        context = {"school": school, "tip_off": filed.tip_off, "key": keys.grouped(filed.key)}
        return _private(render(request, "tipoffs/filed.html", context))
    context = {"school": school, "form": form, "photos_lost": posted and bool(request.FILES)}
    return _private(render(request, "tipoffs/file_form.html", context))


def progress(tip_off):
    """(icon, tone, words) for where the case stands, in words a member of the public understands."""
    if tip_off.state == TipOffState.RECEIVED:
        return "fa-inbox", "primary", _("Received: the district education bureau is looking into it.")
    if tip_off.state == TipOffState.DISMISSED:
        return "fa-circle-xmark", "secondary", _("Closed: the bureau is taking no action. It says why below.")
    hazard_state = tip_off.hazard.state if tip_off.hazard else HazardState.REPORTED
    if hazard_state == HazardState.CLOSED:
        return "fa-circle-check", "success", _("Rectified and verified by the bureau.")
    if hazard_state == HazardState.AWAITING_VERIFICATION:
        return "fa-hourglass-half", "info", _("Rectified by the school; the bureau is checking the work.")
    return "fa-screwdriver-wrench", "warning", _("The school has been told to fix it: being rectified.")


@require_http_methods(["GET", "POST"])
def tipoff_follow(request):
    form = KeyForm(request.POST or None)
    if request.method == "POST":
        flooded, wait = _flooded(request, "follow", settings.RATELIMIT_TIPOFF_FOLLOW)
        if flooded:
            return _too_many(request, wait)
        if form.is_valid():
            tip_off = selectors.tipoff_for_key(form.cleaned_data["key"])
            if tip_off is not None:
                icon, tone, words = progress(tip_off)
                context = {
                    "tip_off": tip_off,
                    "progress_icon": icon,
                    "progress_tone": tone,
                    "progress_words": words,
                    "replies": selectors.public_replies(tip_off),
                }
                return _private(render(request, "tipoffs/follow_status.html", context))
            form.add_error("key", _("No tip-off has this key. Check it and try again."))
    return _private(render(request, "tipoffs/follow.html", {"form": form}))
