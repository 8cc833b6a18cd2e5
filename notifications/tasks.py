"""Celery tasks: a few fixed sweeps on beat's schedule, and one delivery task per claimed digest.

Tasks take primitive arguments and call one service. `acks_late` with `task_reject_on_worker_lost`
(set for every task in settings) returns a task to the queue when its worker dies; the outbox's
lease catches what the broker does not give back.
"""

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils.translation import override

from . import delivery, outbox
from .sweeps import SWEEPS


def run_sweep(name, now=None):
    """Find what is due, store it once, claim it and enqueue its delivery. Returns the tokens."""
    with override(settings.LANGUAGE_CODE):  # reminders are written in the portal's language
        dues = SWEEPS[name](now)
    with transaction.atomic():
        outbox.add(dues)
        tokens = outbox.claim(now)
        tokens += outbox.reclaim_stale(now)
        outbox.enqueue(tokens)
    return tokens


@shared_task
def sweep(name):
    return len(run_sweep(name))


@shared_task
def deliver_digest(token):
    delivery.deliver(token)
