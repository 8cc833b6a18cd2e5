"""Log-in lock-outs per account and per address, built on django-axes.

Two separate limits:
- an account is locked after `LOGIN_FAILURE_LIMIT` failures from anywhere (guessing one password);
- an address is locked after `LOGIN_ADDRESS_FAILURE_LIMIT` failures for any accounts (spraying one
  common password over many accounts).

Axes counts failures per lock-out parameter but compares them all with a single limit, so the handler
below compares each count with its own limit. A successful log-in clears the account's failures only:
a sprayer who owns one account cannot wipe its address's record by logging in with it.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


class AccountOrAddressHandler(AxesDatabaseHandler):
    def _failures(self, request, **match):
        attempts = AccessAttempt.objects.filter(**match)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def locked_by(self, request, credentials=None):
        """Which limit this request has reached: "account", "address" or None."""
        username = get_client_username(request, credentials)
        if username and self._failures(request, username=username) >= settings.AXES_FAILURE_LIMIT:
            return "account"
        address = request.axes_ip_address
        if address and self._failures(request, ip_address=address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return "address"
        return None

    def get_failures(self, request, credentials=None):
        # Axes locks when this number reaches AXES_FAILURE_LIMIT (the account's limit): report the
        # address's failures shifted so that they reach it exactly when they reach the address's own.
        username = get_client_username(request, credentials)
        account = self._failures(request, username=username) if username else 0
        address = self._failures(request, ip_address=request.axes_ip_address)
        return max(account, address - settings.LOGIN_ADDRESS_FAILURE_LIMIT + settings.AXES_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def client_address(request):
    """The address a lock-out counts: REMOTE_ADDR, or behind a reverse proxy the header it overwrites.

    `LOGIN_IP_META_KEY` (from `RATELIMIT_IP_HEADER`, shared with the tip-off rate limits) names that
    header's META key, e.g. HTTP_X_REAL_IP. Behind a proxy REMOTE_ADDR is the proxy itself, and the
    address limit would lock everybody at once.
    """
    key = settings.LOGIN_IP_META_KEY
    return (request.META.get(key, "").strip() if key else "") or request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The locked-out page, saying whether the account or the address is locked, and for how long."""
    cool_off = get_cool_off(request)
    context = {
        "reason": AccountOrAddressHandler().locked_by(request, credentials) or "account",
        # Counted from the latest failure; a failure during the lock-out starts it again.
        "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
