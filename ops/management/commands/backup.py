"""`manage.py backup [--to DIR]`: one archive of the database and the uploaded files (see ops/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup_create, default_directory


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive (safe while the portal runs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", metavar="DIR", help=f"Folder for the archive (default: {default_directory()})."
        )

    def handle(self, *args, to, **options):
        try:
            archive = backup_create(to=to)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = archive.stat().st_size / 1024 / 1024
        self.stdout.write(f"Backed up to {archive} ({size:.1f} MB).")
