from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGOUT = "logout", _("Logged out")
    LOGIN_FAILED = "login_failed", _("Failed log-in")
    # Refused while the account and address are locked (django-axes), or the failure that locked them.
    LOCKED_OUT = "locked_out", _("Failed log-in, locked out")


FAILED_KINDS = (AccessKind.LOGIN_FAILED, AccessKind.LOCKED_OUT)
