"""Delete audit entries and access events older than AUDIT_RETENTION_DAYS.

    python manage.py prune_audit [--dry-run]

The only code that deletes from the audit trail. On PostgreSQL it passes the append-only trigger by
setting `audit.prune_before` for its own transactions, and the trigger still refuses anything
younger than six months. Celery beat runs it daily (campus_safety/settings.py, "Audit trail").
"""

from auditlog import get_logentry_model
from django.core.management.base import BaseCommand

from audit import services
from audit.models import AccessEvent


class Command(BaseCommand):
    help = "Delete audit log entries and access events older than AUDIT_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted.")

    def handle(self, *args, dry_run, **options):
        cutoff = services.retention_cutoff()
        if cutoff is None:
            self.stdout.write("AUDIT_RETENTION_DAYS is 0: the audit trail is kept forever.")
            return
        if dry_run:
            entries = get_logentry_model()._base_manager.filter(timestamp__lt=cutoff).count()
            events = AccessEvent._base_manager.filter(at__lt=cutoff).count()
            self.stdout.write(
                f"Would delete {entries} log entries and {events} access events "
                f"before {cutoff:%Y-%m-%d %H:%M} UTC."
            )
            return
        counts = services.prune(cutoff=cutoff)
        self.stdout.write(
            f"Deleted {counts['log_entries']} log entries and {counts['access_events']} access events "
            f"before {cutoff:%Y-%m-%d %H:%M} UTC."
        )
