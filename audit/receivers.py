"""Django's log-in signals → access events. Thin: the service does the work."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from . import services
from .enums import AccessKind


def _logged_in(sender, request, user, **kwargs):
    services.access_event_record(kind=AccessKind.LOGIN, request=request, user=user)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:  # logging out without a session is not an event
        services.access_event_record(kind=AccessKind.LOGOUT, request=request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` holds the password too (masked by Django); only the login name is read.
    username = str(credentials.get("username", ""))
    services.access_event_record(kind=services.failed_kind(request), request=request, username=username)


def connect():
    user_logged_in.connect(_logged_in, dispatch_uid="audit.logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="audit.logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="audit.login_failed")
