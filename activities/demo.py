"""Demo education sessions and drills across the demo schools, in every state the pages show.

Two topics are required (防疫, 防溺水). Most schools have held sessions; some still miss a required
topic and a few have held none. S005 (the demo principal's and officer's school) has a drill done with
problems — one already in the hazard register — a drill due today, one coming and one overdue.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from common.demo_photos import after_photo
from hazards.enums import HazardSeverity
from schools.enums import Role
from schools.models import Membership

from . import services
from .enums import DrillKind, SessionForm, Topic
from .models import Drill, EducationSession

REQUIRED = {Topic.EPIDEMIC: 1, Topic.DROWNING: 1}

# (form, title, topics, audience, participants, presenter)
SESSIONS = [
    (SessionForm.CLASS_MEETING, "珍爱生命 预防溺水", [Topic.DROWNING], "全校各班", 620, "各班班主任"),
    (
        SessionForm.LECTURE,
        "春季传染病防控知识讲座",
        [Topic.EPIDEMIC],
        "全体师生",
        680,
        "社区卫生服务中心刘医生",
    ),
    (SessionForm.BLACKBOARD, "安全用电 从我做起", [Topic.ELECTRICITY, Topic.FIRE], "三至六年级", 410, ""),
    (
        SessionForm.CLASS_MEETING,
        "文明出行 安全回家",
        [Topic.TRAVEL, Topic.LAW],
        "一、二年级",
        230,
        "各班班主任",
    ),
    (SessionForm.LECTURE, "法治进校园：远离校园欺凌", [Topic.LAW], "七、八年级", 520, "派出所王警官"),
    (
        SessionForm.CLASS_MEETING,
        "地震来了怎么办",
        [Topic.EARTHQUAKE, Topic.FIRE],
        "全校各班",
        600,
        "各班班主任",
    ),
]
ONLINE = [
    ("居家防疫 健康生活（网课）", [Topic.EPIDEMIC, Topic.ELECTRICITY], "全园幼儿及家长", 180),
    ("远离水塘 安全过春天（网课）", [Topic.DROWNING, Topic.TRAVEL], "大班、中班", 120),
]
EVALUATION = "各班按预定路线有序疏散，总体组织有序，师生熟悉逃生路线；个别楼梯口出现短暂拥堵，需加强引导。"


def _recorders(bureau):
    """{school_id: user}: the demo principal or safety officer of each school that has one."""
    members = Membership.objects.filter(school__bureau=bureau, role__in=(Role.SAFETY_OFFICER, Role.PRINCIPAL))
    return {m.school_id: m.user for m in members.select_related("user").order_by("-role")}


@transaction.atomic
def seed(*, campaign, admin):
    bureau = campaign.bureau
    if (
        EducationSession.objects.filter(school__bureau=bureau).exists()
        or Drill.objects.filter(school__bureau=bureau).exists()
    ):
        return
    services.required_topics_save(campaign=campaign, minimums=REQUIRED)
    recorders = _recorders(bureau)
    today = timezone.localdate()
    for index, school in enumerate(campaign.schools.order_by("code")):
        by = recorders.get(school.pk, admin)
        _sessions(campaign, school, by, index, today)
        _drills(campaign, school, by, index, today)
    _story_of_s005(campaign, recorders, admin, today)


def _sessions(campaign, school, by, index, today):
    """Schools from S025 on have held none; every third (S005, S008, …) misses 防疫, every fourth 防溺水."""
    if index >= 24:
        return
    first = max(campaign.start_date, today - timedelta(days=9))
    if not school.reopened:
        for offset, (title, topics, audience, people) in enumerate(ONLINE):
            services.session_record(
                school=school, by=by, campaign=campaign, date=first + timedelta(days=2 + offset * 3),
                form=SessionForm.ONLINE, topics=topics, title=title, audience=audience, participants=people,
            )  # fmt: skip
        return
    chosen = [SESSIONS[(index + step) % len(SESSIONS)] for step in range(1 + index % 3)]
    if index % 3 != 1 and SESSIONS[1] not in chosen:
        chosen.append(SESSIONS[1])  # 防疫
    if index % 4 != 3 and SESSIONS[0] not in chosen:
        chosen.append(SESSIONS[0])  # 防溺水
    if index % 3 == 1:
        chosen = [s for s in chosen if Topic.EPIDEMIC not in s[2]]
    if index % 4 == 3:
        chosen = [s for s in chosen if Topic.DROWNING not in s[2]]
    for offset, (form, title, topics, audience, people, presenter) in enumerate(chosen):
        services.session_record(
            school=school, by=by, campaign=campaign,
            date=min(first + timedelta(days=offset * 2 + index % 2), today),
            form=form, topics=topics, title=title, audience=audience, participants=people - index * 5,
            presenter=presenter, content=f"围绕“{title}”开展教育，结合案例讲解，学生积极参与讨论。",
            photos=[after_photo((70, 130, 180))] if index % 6 == 0 else [],
        )  # fmt: skip


def _drills(campaign, school, by, index, today):
    """Done, overdue, coming and cancelled drills spread over the schools (S005 has its own story)."""
    if school.code == "S005" or not school.reopened:
        return
    kinds = [DrillKind.FIRE, DrillKind.EARTHQUAKE, DrillKind.STAMPEDE, DrillKind.EPIDEMIC]
    kind = kinds[index % len(kinds)]
    story = index % 5
    planned_date = today + timedelta(days=4) if story == 2 else today - timedelta(days=1 + index % 4)
    drill = services.drill_plan(
        school=school, by=by, kind=kind, planned_date=max(planned_date, campaign.start_date),
        campaign=campaign, organiser="分管安全副校长",
        scenario="模拟教学楼突发情况，全体师生按预定路线疏散至操场集合。",
    )  # fmt: skip
    if story in (0, 3):
        services.drill_record_done(
            drill=drill, by=by, held_on=drill.planned_date, participants=500 + index * 7, duration_minutes=25,
            evacuation_seconds=150 + index * 3, evaluation=EVALUATION,
            problems=["三楼东侧楼梯口疏散时短暂拥堵"] if story == 0 else [],
        )  # fmt: skip
    elif story == 4 and index % 2 == 0:
        services.drill_cancel(drill=drill, by=by, reason="当天区里统一安排防汛检查，改期另行安排。")
    # story 1 (and odd 4): still planned, its day passed — overdue; story 2: coming.


def _story_of_s005(campaign, recorders, admin, today):
    school = campaign.schools.filter(code="S005").first()
    if school is None:
        return
    by = recorders.get(school.pk, admin)
    common = {"school": school, "by": by, "campaign": campaign, "organiser": "王校长"}
    fire = services.drill_plan(
        **common, kind=DrillKind.FIRE, title="春季消防疏散演练", planned_date=today - timedelta(days=3),
        scenario="模拟实验楼二层起火，各班沿东、西两侧楼梯疏散至操场，义务消防队使用灭火器灭火。",
    )  # fmt: skip
    services.drill_record_done(
        drill=fire, by=by, held_on=today - timedelta(days=3), participants=1260, duration_minutes=30,
        evacuation_seconds=3 * 60 + 20, evaluation=EVALUATION,
        problems=["实验楼二层安全出口指示灯不亮", "部分学生疏散时捂口鼻动作不规范"],
        photos=[after_photo((200, 80, 60)), after_photo((220, 140, 60))],
    )  # fmt: skip
    problem = fire.problems.order_by("pk").first()
    services.drill_problem_to_hazard(
        problem=problem, by=by, area="fire", location="实验楼二层东侧走廊", severity=HazardSeverity.GENERAL
    )
    services.drill_plan(
        **common, kind=DrillKind.STAMPEDE, title="课间操防踩踏演练", planned_date=today,
        scenario="课间操结束后各班按楼层错峰下楼，楼梯口安排教师值守。",
    )  # fmt: skip
    services.drill_plan(**common, kind=DrillKind.EARTHQUAKE, planned_date=today + timedelta(days=5))
    services.drill_plan(**common, kind=DrillKind.EPIDEMIC, title="发热学生应急处置演练",
                        planned_date=today - timedelta(days=2))  # fmt: skip
