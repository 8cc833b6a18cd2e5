from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import override

from notifications import delivery, outbox
from notifications.models import Reminder
from notifications.sweeps import SWEEPS


class Command(BaseCommand):
    help = "Run the reminder sweeps once, now, and print what was sent (or would be), by recipient."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what is due without sending anything."
        )
        parser.add_argument(
            "--sweep", choices=sorted(SWEEPS), action="append", help="Only this sweep (repeatable)."
        )

    def handle(self, *args, dry_run, sweep, **options):
        with override(settings.LANGUAGE_CODE):
            dues = [due for name in sweep or sorted(SWEEPS) for due in SWEEPS[name]()]
        dues = self._not_yet_stored(dues) if dry_run else self._send(dues)
        self._print(dues, dry_run)

    def _not_yet_stored(self, dues):
        stored = set(Reminder.objects.values_list("recipient_id", "item_key", "stage"))
        return [d for d in dues if (d.recipient_id, d.item_key, d.stage) not in stored]

    def _send(self, dues):
        """Store, claim and deliver in this process (no worker needed); return what was delivered."""
        fresh = self._not_yet_stored(dues)
        with transaction.atomic():
            outbox.add(dues)
            tokens = outbox.claim() + outbox.reclaim_stale()
        for token in tokens:
            delivery.deliver(token)
        return fresh

    def _print(self, dues, dry_run):
        by_recipient = defaultdict(list)
        for due in dues:
            by_recipient[due.recipient_id].append(due)
        users = get_user_model().objects.in_bulk(by_recipient)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(f"{len(dues)} reminders {verb} to {len(by_recipient)} people.")
        for user_id, items in sorted(by_recipient.items()):
            user = users.get(user_id)
            self.stdout.write(f"\n{user.username if user else user_id} ({user or ''}):")
            for due in items:
                self.stdout.write(f"  [{due.stage}] {due.text}")
