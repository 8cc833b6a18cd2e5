import os

from django.core.management.base import BaseCommand

from schools.demo import seed

DEFAULT_PASSWORD = "Demo@2026"


class Command(BaseCommand):
    help = "Create the demo bureau, 30 schools and one account per role. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_PASSWORD", DEFAULT_PASSWORD),
            help="Password for every demo account (default: $DEMO_PASSWORD or %(default)s).",
        )

    def handle(self, *args, password, **options):
        bureau, accounts = seed(password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {bureau.name}, {bureau.schools.count()} schools.")
        )
        self.stdout.write(f"Demo logins (password: {password}):")
        for login, role, unit in accounts:
            self.stdout.write(f"  {login:<10} {role.label:<18} {unit}")
