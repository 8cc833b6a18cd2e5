"""What a session remembers about its log-in: when it began, when it was last used, and whether it still
owes a second factor. Kept in the server-side session, never in a cookie the browser could edit.

The stamps are set when Django logs a user in, by a `user_logged_in` receiver rather than in our log-in
view: a user may come in through the portal's log-in, the operator's admin log-in or a test's
`force_login`, and every door must start the clocks and decide on the second factor (Django's own
`last_login` is kept the same way). The receiver costs a query or two, at log-in only.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN_AT = "accounts_login_at"
SEEN_AT = "accounts_seen_at"
TWO_FACTOR = "accounts_two_factor"

# What the session owes before the portal opens (TWO_FACTOR): a code from the user's authenticator,
# or, when the bureau requires it, setting one up.
VERIFY = "verify"
SETUP = "setup"

IDLE = "idle"
EXPIRED = "expired"

# Last activity is written back at most this often, so that a busy user does not cost a session
# write on every page; the idle limit is therefore exact to within this many seconds.
TOUCH_SECONDS = 60


def now():
    return int(time.time())


def two_factor_due(user):
    """VERIFY, SETUP or None for a user who has just given their password."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return VERIFY
    if not settings.OTP_REQUIRED_FOR_BUREAU:
        return None
    membership = getattr(user, "membership", None)
    return SETUP if membership is not None and membership.is_bureau else None


def set_two_factor_due(session, state):
    if state:
        session[TWO_FACTOR] = state
    else:
        session.pop(TWO_FACTOR, None)
        session.pop(DEVICE_ID_SESSION_KEY, None)


@receiver(user_logged_in, dispatch_uid="accounts.sessions.start")
def start(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session[LOGIN_AT] = request.session[SEEN_AT] = now()
    set_two_factor_due(request.session, two_factor_due(user))


def ended(session, at):
    """IDLE or EXPIRED if the session has run out at `at`, else None."""
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT, login_at)
    if login_at is not None and at - login_at >= settings.SESSION_MAX_HOURS * 3600:
        return EXPIRED
    if seen_at is not None and at - seen_at >= settings.SESSION_IDLE_MINUTES * 60:
        return IDLE
    return None


def touch(session, at):
    """Record activity at `at`; a session from before these stamps starts its clocks now."""
    if LOGIN_AT not in session:
        session[LOGIN_AT] = at
    if at - session.get(SEEN_AT, 0) >= TOUCH_SECONDS:
        session[SEEN_AT] = at
