"""Demo rosters and incidents for the demo campaign, in varied states."""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from plans import demo as plans_demo
from plans import services as plan_services
from plans.enums import DeliverableKind

from . import coverage, services
from .models import Incident

# School code → roster story. Unlisted schools have no roster: nobody on duty there.
ROSTER_STORY = {
    "S005": "accepted", "S006": "gap", "S007": "on_time", "S008": "on_time", "S009": "on_time",
    "S010": "on_time", "S011": "late", "S012": "on_time", "S013": "on_time", "S014": "gap",
}  # fmt: skip
STAFF = [("刘值班", "13900000006"), ("周保安", "13911112222"), ("吴老师", "13933334444")]


def _days(roster, *, with_gap):
    days = []
    for index, date in enumerate(roster.dates()):
        day_person, night_person = STAFF[index % 3], STAFF[(index + 1) % 3]
        night_end = time(6) if with_gap and index == 2 else time(8)
        shifts = [
            coverage.Shift(*day_person, time(8), time(20)),
            coverage.Shift(*night_person, time(20), night_end),
        ]
        days.append(coverage.Day(date, "王校长" if index % 2 == 0 else "李副校长", "13900000004", shifts))
    return days


@transaction.atomic
def seed(*, campaign, admin):
    deliverable = campaign.deliverables.get(kind=DeliverableKind.DUTY_ROSTER)
    if not deliverable.submissions.exists():
        for school in campaign.schools.filter(code__in=ROSTER_STORY):
            _roster(deliverable, school, ROSTER_STORY[school.code], admin)
    if not Incident.objects.filter(school__bureau=campaign.bureau).exists():
        _incidents(campaign, admin)


def _roster(deliverable, school, story, admin):
    submission = plan_services.submission_open(deliverable=deliverable, school=school)
    roster = submission.duty_roster
    services.roster_save(
        roster=roster, start_date=roster.start_date, end_date=roster.end_date,
        days=_days(roster, with_gap=story == "gap"),
    )  # fmt: skip
    if story == "gap":
        return
    plan_services.submission_submit(submission=submission, by=admin)
    plans_demo.backdate(submission, late=story == "late")
    if story == "accepted":
        plan_services.submission_accept(submission=submission, by=admin)


def _incidents(campaign, admin):
    now = timezone.now()
    schools = {s.code: s for s in campaign.schools.filter(code__in=["S005", "S007", "S008", "S009", "S011"])}

    def first(code, category, severity, hours_ago, minutes_to_report, summary, **extra):
        occurred = now - timedelta(hours=hours_ago)
        reported = occurred + timedelta(minutes=minutes_to_report) if minutes_to_report is not None else None
        return services.incident_report_first(
            school=schools[code], by=admin, category=category, severity=severity, occurred_at=occurred,
            summary=summary, reported_at=reported, reported_by_name="张安全", received_by_name="赵督查",
            **extra,
        )  # fmt: skip

    done = first("S005", "injury", "general", 50, 10, "课间操时一名学生扭伤脚踝，已送校医室处理。")
    _write(done, admin, hours_after=5)
    services.incident_acknowledge(incident=done, by=admin)
    first("S007", "food_poisoning", "major", 20, 20, "午餐后3名学生出现腹痛呕吐，已送医观察。")
    first("S009", "traffic", "general", 3, 50, "放学时校门口发生两车剐蹭，无人员受伤。")
    late = first("S008", "fire", "general", 60, 15, "实验室插线板冒烟，已断电处置，无人员受伤。")
    _write(late, admin, hours_after=30)
    first("S011", "violence", "serious", 26, None, "校外人员在校门口与家长发生冲突。",
          unreported=True, unreported_note="辖区派出所通报，学校未报告。")  # fmt: skip


def _write(incident, admin, *, hours_after):
    services.incident_write(
        incident=incident, by=admin, cause="设施老化、学生活动中不慎。", casualties="无人员伤亡。",
        measures="已现场处置并通知家长。", follow_up="组织一次专项安全检查。",
    )  # fmt: skip
    Incident.objects.filter(pk=incident.pk).update(
        written_at=incident.occurred_at + timedelta(hours=hours_after)
    )
