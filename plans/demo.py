"""A live demo campaign around today, with the demo schools' work plans in every state."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from schools.enums import Role
from schools.models import Membership

from . import content_services, services
from .enums import DeliverableKind
from .models import Campaign, Submission

DEMO_NAME = "全国“两会”期间校园安全防范工作（演示）"

# School code → what its work plan has gone through. Unlisted schools have not started.
WORK_PLAN_STORY = {
    "S005": "draft",
    "S006": "accepted",
    "S007": "on_time",
    "S008": "late",
    "S009": "returned",
    "S010": "accepted_late",
    "S011": "draft",
    "S012": "on_time",
}


def _dates(today):
    """Started ten days ago; work plan and roster were due five days ago; sessions close in a week."""
    start = today - timedelta(days=10)
    return {
        "start_date": start,
        "opening_date": today - timedelta(days=3),
        "closing_date": today + timedelta(days=7),
    }


@transaction.atomic
def seed(*, bureau, admin):
    today = timezone.localdate()
    values = services.two_sessions_template(**_dates(today))
    dues = values.pop("dues")
    values["name"] = DEMO_NAME
    campaign = Campaign.objects.filter(bureau=bureau, name=DEMO_NAME).first()
    campaign = services.campaign_save(bureau=bureau, by=admin, data=values, dues=dues, campaign=campaign)
    deliverable = campaign.deliverables.get(kind=DeliverableKind.WORK_PLAN)
    if deliverable.submissions.exists():  # already told; keep what demo users have done since
        return campaign
    principals = {
        m.school_id: m.user for m in Membership.objects.filter(role=Role.PRINCIPAL, school__bureau=bureau)
    }
    for school in campaign.schools.filter(code__in=WORK_PLAN_STORY):
        _tell(deliverable, school, WORK_PLAN_STORY[school.code], principals.get(school.pk) or admin, admin)
    return campaign


def _tell(deliverable, school, story, signer, reviewer):
    submission = services.submission_open(deliverable=deliverable, school=school)
    _fill(submission.work_plan, school)
    if story == "draft":
        return
    content_services.work_plan_sign(work_plan=submission.work_plan, by=signer)
    services.submission_submit(submission=submission, by=signer)
    backdate(submission, late=story in ("late", "accepted_late"))
    if story == "returned":
        services.submission_return(
            submission=submission, by=reviewer, reason="风险研判不够具体，请补充食堂和校门口交通的管控措施。"
        )
    elif story.startswith("accepted"):
        services.submission_accept(submission=submission, by=reviewer)


def backdate(submission, *, late):
    """Move a demo submission to before (or, when `late`, after) its due moment, as if filed then."""
    due = submission.deliverable.due_at
    submitted_at = due + timedelta(hours=30) if late else due - timedelta(days=2)
    Submission.objects.filter(pk=submission.pk).update(submitted_at=submitted_at, late=late)
    submission.events.update(at=submitted_at, late=late)


def _fill(plan, school):
    content_services.work_plan_save(
        work_plan=plan,
        data={
            "meeting_date": timezone.localdate() - timedelta(days=8),
            "meeting_chair": school.principal_name or "校长",
            "meeting_attendees": "校领导班子成员、中层干部、各年级组长、安保负责人",
            "meeting_decisions": "成立“两会”期间安全工作领导小组，校长任组长；落实24小时值班和领导带班制度。",
            "risk_analysis": "1. 校门口上下学时段交通拥堵；2. 食堂食材进货查验；"
            "3. 实验室危险化学品存放；4. 春季防火。",
            "control_measures": "上下学时段安排教师和保安护导；食堂每日晨检和留样；"
            "危化品双人双锁；每周消防巡查。",
        },
        responsibilities=[
            {
                "post": "校长",
                "person": school.principal_name or "校长",
                "duties": "学校安全第一责任人，全面负责",
            },
            {"post": "分管副校长", "person": "李副校长", "duties": "组织安全检查、隐患整改和应急演练"},
            {"post": "保卫科", "person": "赵科长", "duties": "门卫管理、校园巡逻、外来人员登记"},
        ],
    )
