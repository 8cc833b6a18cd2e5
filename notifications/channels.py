"""Ways a digest leaves the portal besides the notification centre (which is always on).

A channel decides whether a user wants it and sends one notification. SMS or a messaging app is a
new class here and an entry in CHANNELS; the sweeps and the outbox do not change.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


class Channel:
    name = ""

    def wants(self, user) -> bool:
        raise NotImplementedError

    def send(self, notification) -> None:
        raise NotImplementedError


class EmailChannel(Channel):
    name = "email"

    def wants(self, user):
        preference = getattr(user, "notification_preference", None)
        return bool(user.email) and (preference is None or preference.email)

    def send(self, notification):
        user = notification.recipient
        with translation.override(user.language or settings.LANGUAGE_CODE):
            body = render_to_string("notifications/digest_email.txt", {"notification": notification})
        send_mail(notification.title, body, settings.DEFAULT_FROM_EMAIL, [user.email])


CHANNELS = [EmailChannel()]
