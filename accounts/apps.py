from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Connects the log-in receiver that starts a session's clocks (see accounts/sessions.py).
        from . import sessions  # noqa: F401
