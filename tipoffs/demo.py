"""Demo tip-offs in every state: awaiting triage (anonymous and named, with replies and notes),
dismissed with a reason, and turned into hazards that are reported, being rectified and verified.

Their report keys are fixed so that a demo can follow them on /tip-off/follow/: DEM0-0000-0000-0001
up to …-0009, in the order of `STORIES` and then the tip-off behind hazards.demo's tip-off hazard
(a real key is random and shown only once).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from common.demo_photos import after_photo
from hazards import services as hazard_services
from hazards.enums import HazardSource
from hazards.models import Hazard

from . import keys, services
from .enums import TipOffAction, TipOffKind, TipOffState
from .models import TipOff, TipOffEvent

DEMO_KEY = "DEM00000000000{:02d}"

# (school, kind, hours ago, description, location, name, phone, photo)
STORIES = [
    ("S005", TipOffKind.HAZARD, 5, "教学楼三楼东侧消防栓箱门被锁住了，打开看里面的水带也不见了。",
     "教学楼三楼东侧", "", "", True),
    ("S012", TipOffKind.HAZARD, 20, "放学时校门口有无证小摊贩占道经营，学生只能走到机动车道上，很危险。",
     "校门口", "刘女士", "13800001111", False),
    ("S003", TipOffKind.WRONGDOING, 30, "幼儿园的安全检查记录是期末统一补填的，平时并没有人检查。",
     "", "", "", False),
    ("S008", TipOffKind.HAZARD, 72, "操场边那棵大树有根树枝快断了，下面就是学生排队的地方。",
     "操场西侧", "", "", True),
    ("S010", TipOffKind.HAZARD, 60, "食堂后门的燃气管道有一股味道。", "食堂后门", "", "", False),
    ("S005", TipOffKind.HAZARD, 50, "实验楼二楼男厕所的电线裸露在外，插座已经烧黑了。",
     "实验楼二楼", "王同学家长", "13700002222", True),
    ("S015", TipOffKind.HAZARD, 120, "体育馆的消防通道堆满了体育器材，安全出口的门也打不开。",
     "体育馆北侧安全出口", "", "", False),
    ("S020", TipOffKind.HAZARD, 160, "学校后墙有一段围墙开裂倾斜，下雨后裂缝越来越大。",
     "学校后墙", "", "", True),
]  # fmt: skip

PLAN = {
    "interim_measures": "设置警戒线和警示标志，安排专人看守",
    "rectification_plan": "联系维修单位限期整改",
    "responsible_person": "李副校长",
}


def _file(campaign, index, story):
    code, kind, hours, description, location, name, phone, with_photo = story
    filed = services.tipoff_file(
        school=campaign.schools.get(code=code), kind=kind, description=description, location=location,
        reporter_name=name, reporter_phone=phone, photos=[after_photo((120, 120, 120))] if with_photo else [],
    )  # fmt: skip
    received_at = timezone.now() - timedelta(hours=hours)
    key_hash = keys.key_hash(DEMO_KEY.format(index))
    TipOff.objects.filter(pk=filed.tip_off.pk).update(received_at=received_at, key_hash=key_hash)
    filed.tip_off.received_at = received_at
    return filed.tip_off


def _hazard(tip_off, campaign, admin, area, description):
    details = {"campaign": campaign, "area": area, "description": description,
               "location": tip_off.location, "severity": "general"}  # fmt: skip
    return services.tipoff_make_hazard(tip_off=tip_off, by=admin, details=details)


@transaction.atomic
def seed(*, campaign, admin):
    if TipOff.objects.filter(school__bureau=campaign.bureau).exists():
        return
    today = timezone.localdate()
    tip = [_file(campaign, index, story) for index, story in enumerate(STORIES, start=1)]

    services.tipoff_note(
        tip_off=tip[0], by=admin, public=True, text="您好，举报已收到，我们将尽快派人到校核实。"
    )
    services.tipoff_note(
        tip_off=tip[0], by=admin, public=False, text="已电话请学校安全办先查看消防栓（未提及举报人）。"
    )
    services.tipoff_note(
        tip_off=tip[1], by=admin, public=False, text="涉及校外占道，需联系城管、交警协同处理。"
    )

    services.tipoff_dismiss(
        tip_off=tip[3],
        by=admin,
        reason="经现场核实，该树枝已于上周由园林部门修剪，现无安全隐患。感谢您的关注！",
    )
    services.tipoff_dismiss(
        tip_off=tip[4],
        by=admin,
        reason="经燃气公司上门检测，管道无泄漏，异味来自附近餐馆排烟。感谢您的关注！",
    )

    _hazard(tip[5], campaign, admin, "electrical", "实验楼二楼男厕所电线裸露、插座烧黑，存在触电和火灾风险。")
    services.tipoff_note(
        tip_off=tip[5], by=admin, public=True, text="已责成学校立即整改，整改情况可在此查看。"
    )

    rectifying = _hazard(
        tip[6], campaign, admin, "fire", "体育馆消防通道堆放体育器材，北侧安全出口无法打开。"
    )
    hazard_services.hazard_plan(
        hazard=rectifying, by=admin, plan={**PLAN, "deadline": today + timedelta(days=3)}
    )

    closed = _hazard(tip[7], campaign, admin, "construction", "学校后墙一段围墙开裂倾斜，雨后裂缝扩大。")
    hazard_services.hazard_plan(hazard=closed, by=admin, plan={**PLAN, "deadline": today + timedelta(days=5)})
    hazard_services.hazard_submit_rectification(
        hazard=closed, by=admin, note="已拆除危墙并重新砌筑。", photos=[after_photo()]
    )
    hazard_services.hazard_verify(hazard=closed, by=admin)
    services.tipoff_note(tip_off=tip[7], by=admin, public=True, text="围墙已重新砌筑，经我局复核验收合格。")
    _link_hazards_demo_tip_off(campaign)


def _link_hazards_demo_tip_off(campaign):
    """hazards.demo enters a tip-off hazard of S008 directly; give it the tip-off it came from."""
    hazard = Hazard.objects.filter(
        school__in=campaign.schools.filter(code="S008"), source=HazardSource.TIP_OFF, tip_off__isnull=True
    ).first()
    if hazard is None:
        return
    filed = services.tipoff_file(
        school=hazard.school, kind=TipOffKind.HAZARD, location=hazard.location,
        description="校门口人行横道的标线磨得看不清了，接送孩子的车开得很快。",
    )  # fmt: skip
    TipOff.objects.filter(pk=filed.tip_off.pk).update(
        state=TipOffState.HAZARD, hazard=hazard, received_at=hazard.found_at, triaged_at=hazard.created_at,
        triaged_by=hazard.created_by, key_hash=keys.key_hash(DEMO_KEY.format(len(STORIES) + 1)),
    )  # fmt: skip
    TipOffEvent.objects.create(
        tip_off=filed.tip_off, action=TipOffAction.HAZARD, by=hazard.created_by, at=hazard.created_at,
        from_state=TipOffState.RECEIVED, to_state=TipOffState.HAZARD, comment=f"#{hazard.pk}",
    )  # fmt: skip
