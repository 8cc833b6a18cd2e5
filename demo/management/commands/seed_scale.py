"""A city-sized data set for benchmarks, built with bulk inserts (SQLite or PostgreSQL).

    python manage.py seed_scale --schools 3000 --hazards 100000

Creates its own bureau (code SCALE), so the demo bureau is untouched; `--fresh` deletes a previous
run's bureau first. Every school gets a safety officer, the campaign covers every school, and the
work plans, hazards and incidents are spread over every state so that each page has work to do.
"""

import random
from datetime import timedelta

from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from duty.models import Incident
from hazards.enums import HazardSeverity, HazardSource, HazardState
from hazards.models import Hazard
from plans import services as plan_services
from plans.enums import DeliverableKind, FocusArea, SubmissionState
from plans.models import Campaign, Submission, WorkPlan
from schools.enums import Role, SchoolKind
from schools.models import Bureau, Membership, School

CODE = "SCALE"
BATCH = 5000
PASSWORD = "Scale@2026"


class Command(BaseCommand):
    help = "Build a city-sized data set in its own bureau for benchmarks (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=3000)
        parser.add_argument("--hazards", type=int, default=100_000)
        parser.add_argument("--incidents", type=int, default=2000)
        parser.add_argument("--fresh", action="store_true", help="Delete a previous scale bureau first.")

    def handle(self, *args, schools, hazards, incidents, fresh, **options):
        # Made-up benchmark data is nobody's action: logging 100,000 bulk-created rows one by one
        # would only slow the seeding down and fill the audit trail with noise.
        with disable_auditlog():
            self._seed(schools, hazards, incidents, fresh)

    def _seed(self, schools, hazards, incidents, fresh):
        random.seed(2026)
        if fresh:
            self._delete()
        if Bureau.objects.filter(code=CODE).exists():
            self.stdout.write("A scale bureau exists already; use --fresh to rebuild it.")
            return
        with transaction.atomic():
            bureau = Bureau.objects.create(code=CODE, name="规模测试市教育局", duty_phone="010-66660000")
            rows = self._schools(bureau, schools)
            self._people(bureau, rows)
            campaign = self._campaign(bureau)
            self._submissions(campaign, rows)
            self._hazards(campaign, rows, hazards)
            self._incidents(rows, incidents)
        # Fresh statistics, as autovacuum would gather soon after a real import: without them the
        # planner takes 100,000 bulk-inserted hazards for one row and nests loops over them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"Scale data ready: {schools} schools, {hazards} hazards, {incidents} incidents.")
        self.stdout.write(
            f"Logins: scale-admin / scale-officer-1 … (password {PASSWORD}); campaign {campaign.pk}."
        )

    def _delete(self):
        bureau = Bureau.objects.filter(code=CODE).first()
        if bureau is None:
            return
        with transaction.atomic():
            Hazard.objects.filter(school__bureau=bureau).delete()
            Incident.objects.filter(school__bureau=bureau).delete()
            Campaign.objects.filter(bureau=bureau).delete()
            users = Membership.objects.filter(school__bureau=bureau).values(
                "user"
            ) | Membership.objects.filter(bureau=bureau).values("user")
            get_user_model().objects.filter(pk__in=users).delete()
            School.objects.filter(bureau=bureau).delete()
            bureau.delete()

    def _schools(self, bureau, count):
        kinds = SchoolKind.values
        School.objects.bulk_create(
            (School(bureau=bureau, code=f"C{i:05d}", name=f"规模测试第{i}学校", kind=kinds[i % len(kinds)],
                    reopened=i % 25 != 0) for i in range(1, count + 1)),
            batch_size=BATCH,
        )  # fmt: skip
        return list(School.objects.filter(bureau=bureau).order_by("code"))

    def _people(self, bureau, schools):
        User = get_user_model()
        password = make_password(PASSWORD)
        User.objects.bulk_create(
            [User(username="scale-admin", full_name="规模管理员", password=password)]
            + [User(username=f"scale-officer-{i}", full_name=f"安全员{i}", password=password)
               for i in range(1, len(schools) + 1)],
            batch_size=BATCH,
        )  # fmt: skip
        users = {u.username: u for u in User.objects.filter(username__startswith="scale-")}
        Membership.objects.create(user=users["scale-admin"], bureau=bureau, role=Role.BUREAU_ADMIN)
        Membership.objects.bulk_create(
            (Membership(user=users[f"scale-officer-{i}"], school=school, role=Role.SAFETY_OFFICER)
             for i, school in enumerate(schools, start=1)),
            batch_size=BATCH,
        )  # fmt: skip

    def _campaign(self, bureau):
        today = timezone.localdate()
        values = plan_services.two_sessions_template(
            start_date=today - timedelta(days=10), opening_date=today - timedelta(days=3),
            closing_date=today + timedelta(days=7),
        )  # fmt: skip
        dues = values.pop("dues")
        values["name"] = "规模测试专项工作"
        return plan_services.campaign_save(bureau=bureau, by=None, data=values, dues=dues)

    def _submissions(self, campaign, schools):
        deliverable = campaign.deliverables.get(kind=DeliverableKind.WORK_PLAN)
        states = [
            SubmissionState.DRAFT,
            SubmissionState.SUBMITTED,
            SubmissionState.ACCEPTED,
            SubmissionState.RETURNED,
        ]
        now = timezone.now()
        Submission.objects.bulk_create(
            (Submission(deliverable=deliverable, school=school, state=states[i % 4],
                        submitted_at=None if i % 4 == 0 else now - timedelta(days=i % 9), late=i % 3 == 0)
             for i, school in enumerate(schools) if i % 5),
            batch_size=BATCH,
        )  # fmt: skip
        WorkPlan.objects.bulk_create(
            (WorkPlan(submission=s) for s in Submission.objects.filter(deliverable=deliverable)),
            batch_size=BATCH,
        )

    def _hazards(self, campaign, schools, count):
        today, now = timezone.localdate(), timezone.now()
        areas, states = FocusArea.values, HazardState.values
        rows = []
        for i in range(count):
            state = states[i % len(states)]
            rows.append(Hazard(
                school=schools[i % len(schools)], campaign=campaign, area=areas[i % len(areas)],
                description=f"规模测试隐患{i}：疏散通道堆放杂物", location="教学楼",
                source=HazardSource.SELF_REPORT,
                found_by="安全员", found_at=now - timedelta(hours=i % 500), state=state,
                severity=HazardSeverity.MAJOR if i % 50 == 0 else HazardSeverity.GENERAL,
                interim_measures="设置警示", rectification_plan="清理", responsible_person="校长",
                deadline=today + timedelta(days=(i % 20) - 10),
                closed_at=now if state == HazardState.CLOSED else None,
            ))  # fmt: skip
            if len(rows) == BATCH:
                Hazard.objects.bulk_create(rows)
                rows = []
        Hazard.objects.bulk_create(rows)

    def _incidents(self, schools, count):
        now = timezone.now()
        Incident.objects.bulk_create(
            (Incident(school=schools[i % len(schools)], category="injury", severity="general",
                      occurred_at=now - timedelta(hours=i % 200), summary=f"规模测试事件{i}",
                      reported_at=now - timedelta(hours=i % 200) + timedelta(minutes=i % 60),
                      first_due_at=now - timedelta(hours=i % 200) + timedelta(minutes=30),
                      written_due_at=now - timedelta(hours=i % 200) + timedelta(hours=24),
                      written_at=None if i % 3 else now)
             for i in range(count)),
            batch_size=BATCH,
        )  # fmt: skip
