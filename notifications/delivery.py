"""Turn one claimed token's reminders into one digest for its recipient (see outbox for the guarantee)."""

import logging
import os
import time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .channels import CHANNELS
from .models import Notification, Reminder
from .outbox import lease

log = logging.getLogger(__name__)


def _title(count):
    return _("%(count)s reminders from the campus safety portal") % {"count": count}


@transaction.atomic
def _notify(token, reminders):
    """The in-app digest for `token`: created once, found again on a repeated delivery."""
    recipient = reminders[0].recipient
    with override(recipient.language):
        title = _title(len(reminders))
    notification, _created = Notification.objects.get_or_create(
        digest_key=token,
        defaults={
            "recipient": recipient,
            "title": title,
            "lines": [{"text": r.text, "url": r.url} for r in reminders],
        },
    )
    return notification


def _send_email(notification, channel):
    """Claim the e-mail, send it, mark it sent. A crash between send and mark re-sends it later."""
    now = timezone.now()
    unclaimed = Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - lease())
    claimed = Notification.objects.filter(unclaimed, pk=notification.pk, emailed_at__isnull=True).update(
        email_claimed_at=now
    )
    if not claimed:  # sent already, or another worker is sending it right now
        return
    channel.send(notification)
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def _pause_for_tests():
    # Lets the integration test kill a worker in the middle of a delivery. Unset in real use.
    delay = float(os.environ.get("REMINDER_TEST_DELIVERY_PAUSE", "0") or 0)
    if delay:
        time.sleep(delay)


def deliver(token):
    """Deliver the unsent reminders of `token`; returns the notification, or None if nothing was left."""
    reminders = list(
        Reminder.objects.filter(claim_token=token, sent_at__isnull=True)
        .select_related("recipient", "recipient__notification_preference")
        .order_by("pk")
    )  # fmt: skip
    if not reminders:
        return None
    notification = _notify(token, reminders)
    _pause_for_tests()
    for channel in CHANNELS:
        if channel.wants(notification.recipient):
            try:
                _send_email(notification, channel)
            except Exception:  # a mail server down must not lose the in-app notice; the lease retries
                log.exception("Sending %s for %s failed", channel.name, token)
                return notification
    Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(sent_at=timezone.now())
    return notification
