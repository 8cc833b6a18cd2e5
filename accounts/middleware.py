from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from . import sessions


class UserLanguageMiddleware:
    """Show a logged-in user's pages in the language saved on their account.

    LocaleMiddleware has already chosen from the URL, cookie or browser; a saved preference wins so
    that a user gets the same language on every device.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """End a session idle for `SESSION_IDLE_MINUTES` or older than `SESSION_MAX_HOURS`, on the server.

    The clocks live in the session (see `accounts.sessions`), so a stolen or kept cookie is worth
    nothing once they run out, whatever the cookie's own expiry says. The user lands on the log-in
    page with a message saying why, and returns to the page they asked for after logging in again.
    Installed after MessageMiddleware (for the message) and AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = sessions.now()
            reason = sessions.ended(request.session, now)
            if reason is not None:
                logout(request)
                messages.warning(request, self._why(reason))
                return redirect_to_login(request.get_full_path())
            sessions.touch(request.session, now)
        return self.get_response(request)

    @staticmethod
    def _why(reason):
        if reason == sessions.IDLE:
            minutes = settings.SESSION_IDLE_MINUTES
            return ngettext(
                "You were logged out after %(minutes)d minute without activity. Please log in again.",
                "You were logged out after %(minutes)d minutes without activity. Please log in again.",
                minutes,
            ) % {"minutes": minutes}
        hours = settings.SESSION_MAX_HOURS
        return ngettext(
            "You were logged out because a log-in lasts at most %(hours)d hour. Please log in again.",
            "You were logged out because a log-in lasts at most %(hours)d hours. Please log in again.",
            hours,
        ) % {"hours": hours}


class TwoFactorMiddleware:
    """Keep a session that still owes its second factor on the page that takes it, away from the rest.

    After the password, a user with an authenticator must give a code (django-otp's OTPMiddleware,
    installed before this, tells whether the session is verified); a bureau user without one, when
    `OTP_REQUIRED_FOR_BUREAU` is on, must set one up. Until then every other page — the portal's,
    the admin's, file downloads — redirects to that step, so no view needs its own check. What the
    session owes is decided once at log-in (`accounts.sessions.start`), so other users cost nothing.
    """

    STEP = {sessions.VERIFY: "accounts:login_code", sessions.SETUP: "accounts:two_factor"}
    ALWAYS_OPEN = ("accounts:logout", "accounts:language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        owed = request.session.get(sessions.TWO_FACTOR)
        if owed in self.STEP and request.user.is_authenticated and not request.user.is_verified():
            step = reverse(self.STEP[owed])
            if request.path != step and request.path not in {reverse(name) for name in self.ALWAYS_OPEN}:
                return redirect(f"{step}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
