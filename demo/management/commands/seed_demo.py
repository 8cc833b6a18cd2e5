import os

from django.core.management.base import BaseCommand

from accountability import demo as accountability_demo
from activities import demo as activities_demo
from duty import demo as duty_demo
from hazards import demo as hazards_demo
from inspections import demo as inspections_demo
from petitions import demo as petitions_demo
from plans import demo as plans_demo
from schools import demo as schools_demo
from security import demo as security_demo
from tipoffs import demo as tipoffs_demo

DEFAULT_PASSWORD = "Demo@2026"


class Command(BaseCommand):
    help = "Create the demo bureau and a live campaign with records in every state. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_PASSWORD", DEFAULT_PASSWORD),
            help="Password for every demo account (default: $DEMO_PASSWORD or %(default)s).",
        )

    def handle(self, *args, password, **options):
        bureau, accounts = schools_demo.seed(password=password)
        admin = next(user for user, role, _unit in accounts if role == "bureau_admin")
        campaign = plans_demo.seed(bureau=bureau, admin=admin)
        duty_demo.seed(campaign=campaign, admin=admin)
        failed_items = inspections_demo.seed(campaign=campaign, admin=admin)
        hazards_demo.seed(campaign=campaign, admin=admin, failed_items=failed_items)
        # The rest of the plan; accountability last, as its entries point at the records above.
        for part in (activities_demo, security_demo, petitions_demo, tipoffs_demo, accountability_demo):
            part.seed(campaign=campaign, admin=admin)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {bureau.name}, {bureau.schools.count()} schools.")
        )
        self.stdout.write(f"Live campaign: {campaign.name}")
        self.stdout.write(f"Demo logins (password: {password}):")
        for user, role, unit in accounts:
            self.stdout.write(f"  {user.username:<10} {role.label:<18} {unit}")
