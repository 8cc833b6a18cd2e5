from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from schools.enums import BUREAU_ROLES
from schools.permissions import role_required

from . import services, sessions
from .forms import CodeForm, LoginForm

# Where a session that still owes a second factor goes after the password.
NEXT_STEP = {sessions.VERIFY: "accounts:login_code", sessions.SETUP: "accounts:two_factor"}


def _next(request, default=None):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        target = super().get_success_url()
        step = NEXT_STEP.get(self.request.session.get(sessions.TWO_FACTOR))
        if step:
            return f"{reverse(step)}?{urlencode({'next': target})}"
        return target


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = "/accounts/password/done/"


@never_cache
def login_code(request):
    """The second log-in step: a code from the authenticator of a user who has set one up."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    target = _next(request)
    device = services.confirmed_device(request.user)
    if device is None:
        # Turned off in another session since this one logged in: nothing to ask for any more.
        sessions.set_two_factor_due(request.session, sessions.two_factor_due(request.user))
        return redirect(target)
    if request.user.is_verified():
        return redirect(target)

    def accept(code):
        return services.verify_code(user=request.user, device=device, code=code)

    form = CodeForm(request.POST or None, device=device, accept=accept)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, device)
        sessions.set_two_factor_due(request.session, sessions.VERIFY)
        # A new session key for the session's new standing, as Django does at log-in.
        request.session.cycle_key()
        return redirect(target)
    return render(request, "accounts/login_code.html", {"form": form, "next": target})


@never_cache
@role_required(BUREAU_ROLES)
def two_factor(request):
    """Set up two-step verification (scan, then prove with a code), or see that it is on."""
    device = services.confirmed_device(request.user)
    if device is not None:
        return _two_factor_on(request, device)

    pending = services.pending_device(request.user)

    def accept(code):
        return services.two_factor_enable(user=request.user, device=pending, code=code)

    form = CodeForm(request.POST or None, device=pending, accept=accept)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, pending)
        sessions.set_two_factor_due(request.session, sessions.VERIFY)
        messages.success(request, _("Two-step verification is on. From now on you log in with a code too."))
        return redirect(_next(request, default=reverse("accounts:two_factor")))
    context = {
        "form": form,
        "qr": mark_safe(services.qr_svg(pending)),  # segno's SVG: our own markup, no user text
        "secret": services.secret_groups(pending),
        "required": settings.OTP_REQUIRED_FOR_BUREAU,
        "next": _next(request, default=""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _two_factor_on(request, device, form=None):
    if form is None and not settings.OTP_REQUIRED_FOR_BUREAU:
        form = _off_form(request, device)
    context = {"device": device, "form": form, "required": settings.OTP_REQUIRED_FOR_BUREAU}
    return render(request, "accounts/two_factor_on.html", context)


def _off_form(request, device):
    def accept(code):
        return services.two_factor_disable(user=request.user, code=code)

    return CodeForm(
        request.POST if request.method == "POST" else None,
        device=device,
        accept=accept,
    )


@never_cache
@role_required(BUREAU_ROLES)
@require_POST
def two_factor_disable(request):
    """Turn two-step verification off, with a current code; not when the bureau requires it."""
    device = services.confirmed_device(request.user)
    if device is None or settings.OTP_REQUIRED_FOR_BUREAU:
        return redirect("accounts:two_factor")
    form = _off_form(request, device)
    if form.is_valid():
        sessions.set_two_factor_due(request.session, None)
        messages.success(request, _("Two-step verification is off."))
        return redirect("accounts:two_factor")
    return _two_factor_on(request, device, form)


@require_POST
def set_language(request):
    """Switch the interface language; a logged-in user keeps the choice on every device."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = redirect(target)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response
