"""Demo accountability entries (通报、约谈、警示、曝光) resting on the demo's own records, and notices.

Runs after the plans, duty, inspections and hazards demos: each entry points at what those left behind
— a late work plan, deliverables never started, an incident the school did not report, overdue
hazards, an unannounced visit, a self-inspection — so every state and every kind of evidence shows.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from common.demo_photos import after_photo
from duty.models import Incident
from hazards.models import Hazard
from hazards.selectors import overdue_q
from inspections.enums import InspectionKind, InspectionState
from inspections.models import Inspection
from plans.models import Submission
from schools.enums import Role
from schools.models import Membership

from . import services
from .enums import ActionKind
from .models import Entry
from .services import Attachment


@transaction.atomic
def seed(*, campaign, admin):
    if Entry.objects.filter(school__bureau=campaign.bureau).exists():
        return
    inspector = (
        Membership.objects.filter(bureau=campaign.bureau, role=Role.BUREAU_INSPECTOR)
        .select_related("user")
        .first()
    )
    inspector = inspector.user if inspector else admin
    today = timezone.localdate()
    schools = {school.code: school for school in campaign.schools.all()}
    cases = [
        _late_plan(campaign, schools, admin, today),
        _never_started(campaign, schools, admin, today),
        _unreported_incident(campaign, schools, admin, today),
        _exposed_visit(campaign, schools, inspector, today),
    ]
    _overdue_hazards(campaign, schools, inspector, today)
    _perfunctory_self_check(campaign, schools, inspector, today)
    _notices(campaign, admin, [case for case in cases if case is not None])


def _record(campaign, school, by, kind, date, text, **evidence):
    return services.entry_record(
        school=school, by=by, campaign=campaign, kind=kind, date=date, text=text, **evidence
    )


def _late_plan(campaign, schools, admin, today):
    late = Submission.objects.filter(deliverable__campaign=campaign, school=schools.get("S008"), late=True)
    if "S008" not in schools or not late.exists():
        return None
    return _record(
        campaign, schools["S008"], admin, ActionKind.NOTICE, today - timedelta(days=3),
        "学校“两会”期间安全工作方案逾期报送，在全区范围内予以通报，要求学校说明情况并落实整改。",
        submissions=list(late),
    )  # fmt: skip


def _never_started(campaign, schools, admin, today):
    school = schools.get("S015")
    if school is None:
        return None
    missed = list(campaign.deliverables.filter(due_at__lt=timezone.now()).exclude(submissions__school=school))
    if not missed:
        return None
    return _record(
        campaign, school, admin, ActionKind.NOTICE, today - timedelta(days=2),
        "截至报送期限，学校未报送工作方案和值班表，经电话催报仍未报送，予以通报。",
        missed_deliverables=missed,
    )  # fmt: skip


def _unreported_incident(campaign, schools, admin, today):
    school = schools.get("S011")
    incidents = list(Incident.objects.filter(school=school, unreported=True)) if school else []
    if not incidents:
        return None
    return _record(
        campaign, school, admin, ActionKind.INTERVIEW, today - timedelta(days=1),
        "校门口冲突事件学校未按规定报告，由派出所通报后方知。约谈校长，要求严格执行“先口头、后书面”报告制度。",
        incidents=incidents,
    )  # fmt: skip


def _exposed_visit(campaign, schools, inspector, today):
    school = schools.get("S009")
    visits = list(
        Inspection.objects.filter(
            school=school, campaign=campaign, kind=InspectionKind.UNANNOUNCED, state=InspectionState.PUBLISHED
        )
    )
    if not visits:
        return None
    return _record(
        campaign, school, inspector, ActionKind.EXPOSURE, today,
        "暗查暗访发现上课期间校门敞开、外来人员未登记即可进入校园，封闭管理流于形式，予以曝光。",
        inspections=visits,
    )  # fmt: skip


def _overdue_hazards(campaign, schools, inspector, today):
    overdue = Hazard.objects.filter(overdue_q(today), campaign=campaign, school__in=schools.values())
    first = overdue.order_by("school__code", "pk").first()
    if first is None:
        return None
    return _record(
        campaign, first.school, inspector, ActionKind.WARNING, today,
        "多项隐患超过整改期限仍未完成整改，予以警示，限三日内完成整改并报送整改报告。",
        hazards=list(overdue.filter(school=first.school)),
    )  # fmt: skip


def _perfunctory_self_check(campaign, schools, inspector, today):
    """The demo school's own story: an entry recorded against the wrong inspection, then corrected."""
    school = schools.get("S005")
    checks = list(Inspection.objects.filter(school=school, kind=InspectionKind.SELF)) if school else []
    if not checks:
        return None
    first = _record(
        campaign, school, inspector, ActionKind.WARNING, today - timedelta(days=2),
        "学校自查记录与现场情况不符。", inspections=checks,
    )  # fmt: skip
    return services.entry_record(
        school=school, by=inspector, campaign=campaign, kind=ActionKind.INTERVIEW,
        date=today - timedelta(days=2),
        text="学校自查流于形式：自查表所列消防设施均为“合格”，督查组复查发现两处灭火器过期。约谈分管副校长。",
        inspections=checks, corrects=first,
    )  # fmt: skip


def _notices(campaign, admin, cases):
    photo = after_photo(color=(180, 60, 60))
    scene = Attachment(name="暗访现场照片.jpg", file=photo.image, thumbnail=photo.thumbnail)
    published = services.notice_create(
        campaign=campaign, by=admin, title="关于近期部分学校安全工作落实不到位情况的通报",
        body="各学校：\n\n“两会”期间安全防范工作开展以来，区教育局专项督查组对各校工作落实情况进行了督查和暗访。"
        "现将发现的典型问题通报如下，请各校对照检查，举一反三，立即整改。\n\n区教育局安全办",
        entries=cases, attachments=[scene],
    )  # fmt: skip
    services.notice_publish(notice=published, by=admin)
    services.notice_create(
        campaign=campaign, by=admin, title="典型案例：防溺水安全警示教育（草稿）",
        body="近期气温回升，请各校利用班会、家长群开展防溺水专题教育，落实“六不”要求。",
    )  # fmt: skip
