"""The reminder outbox: store what is due once, claim it, and hand each claim to delivery.

Delivery guarantee, in short: every reminder row reaches the recipient's notification centre exactly
once, and its e-mail at least once.

- `add` inserts rows under the unique key (recipient, item, stage); a second sweep, or two workers
  running the same sweep at once, insert nothing new.
- `claim` gives every unclaimed row a token — one per recipient and sweep — in a single conditional
  UPDATE (`WHERE claim_token = ''`), so each row is claimed by exactly one sweep even when sweeps
  race. Each token is then delivered by one task, enqueued after the claim commits.
- `reclaim_stale` re-enqueues tokens whose rows were claimed but not sent within the lease (the
  worker died, the broker lost the message). It moves `claimed_at` forward with a conditional UPDATE
  first, so two sweeps do not both re-enqueue the same token.
- Delivery (`delivery.deliver`) creates the in-app notification with `digest_key = token` (unique),
  so a repeated delivery of a token finds it and creates nothing: in-app is exactly once. The e-mail
  is claimed on the notification before it is sent and marked after; a worker that dies between the
  two leaves a claimed, unsent e-mail, which the next delivery of the token sends again: at least once.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .models import Reminder


def lease():
    return timedelta(seconds=settings.REMINDER_LEASE_SECONDS)


def add(dues):
    """Store the reminders that are due; those already stored (same recipient, item, stage) are ignored."""
    rows = [
        Reminder(
            recipient_id=d.recipient_id, item_key=d.item_key, stage=d.stage, text=d.text[:300], url=d.url
        )
        for d in dues
    ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)


def claim(now=None):
    """Claim every unclaimed reminder, one token per recipient; return the new tokens."""
    now = now or timezone.now()
    sweep = uuid.uuid4().hex[:16]
    Reminder.objects.filter(claim_token="", sent_at__isnull=True).update(
        claim_token=Concat(Value(f"{sweep}:"), Cast("recipient_id", CharField())), claimed_at=now
    )
    return list(
        Reminder.objects.filter(claim_token__startswith=f"{sweep}:")
        .values_list("claim_token", flat=True)
        .distinct()
    )


def reclaim_stale(now=None):
    """Tokens claimed longer than a lease ago and still not sent: claim them again and return them."""
    now = now or timezone.now()
    stale = set(
        Reminder.objects.filter(sent_at__isnull=True, claimed_at__lt=now - lease())
        .exclude(claim_token="")
        .values_list("claim_token", flat=True)
    )  # fmt: skip
    reclaimed = []
    for token in stale:
        moved = Reminder.objects.filter(
            claim_token=token, sent_at__isnull=True, claimed_at__lt=now - lease()
        ).update(claimed_at=now)
        if moved:
            reclaimed.append(token)
    return reclaimed


def enqueue(tokens):
    """Deliver each token in a task, once the claim is committed (a task must see the claimed rows)."""
    from .tasks import deliver_digest

    for token in tokens:
        transaction.on_commit(lambda token=token: deliver_digest.delay(token))
