"""`manage.py restore ARCHIVE --yes`: put back the database and the uploaded files of a backup."""

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those of a backup archive, then check the "
        "restored rows and files against the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="An archive written by `manage.py backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the current data may be replaced."
        )

    def handle(self, *args, archive, yes, **options):
        if not yes:
            raise CommandError(
                "A restore replaces every record and uploaded file of this portal with the backup's. "
                "Stop the web server and the worker, then run it again with --yes."
            )
        try:
            restored = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(f"Nothing was restored. {error}") from error
        self.stdout.write(
            f"Restored {archive}: {restored.tables} tables with {restored.rows} rows, {restored.files} files."
        )
        if restored.pending_migrations:
            self.stdout.write(
                f"The backup predates {len(restored.pending_migrations)} migration(s) of this version: "
                "run `manage.py migrate`."
            )
        if restored.differences:
            raise CommandError(
                "The restored data differ from the backup's manifest:\n  " + "\n  ".join(restored.differences)
            )
        self.stdout.write("Checked every table's row count and every file's checksum: all match.")
