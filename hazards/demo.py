"""Demo hazards in every state: from failed inspection items, self-reports and a tip-off."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from common.demo_photos import after_photo

from . import services
from .enums import HazardSeverity, HazardSource, WatchKind
from .models import Hazard

PLAN = {
    "interim_measures": "设置警示标志和临时围挡，安排专人看守",
    "rectification_plan": "联系维修单位，限期整改",
    "responsible_person": "李副校长",
}


@transaction.atomic
def seed(*, campaign, admin, failed_items):
    if Hazard.objects.filter(school__bureau=campaign.bureau).exists():
        return
    today = timezone.localdate()
    for index, item in enumerate(failed_items):
        inspection = item.inspection
        details = {
            "campaign": campaign,
            "area": item.area,
            "description": f"{item.text}：未达标",
            "location": "教学楼",
            "source": HazardSource.INSPECTION,
            "found_by": inspection.leader_name,
            "found_at": timezone.now() - timedelta(days=3),
        }
        plan = {**PLAN, "deadline": today + timedelta(days=5 - 4 * (index % 3))}  # some already overdue
        hazard = services.hazard_record(
            school=inspection.school, by=admin, details=details, plan=plan, inspection_item=item
        )
        _advance(hazard, index, admin)
    _major_supervised(campaign, admin, today)


def _advance(hazard, index, admin):
    """Spread the demo hazards over the workflow's states."""
    stage = index % 5
    if stage >= 2:
        services.hazard_submit_rectification(
            hazard=hazard, by=admin, note="已按计划完成整改。", photos=[after_photo()]
        )
    if stage >= 3:
        services.hazard_verify(hazard=hazard, by=admin, recheck_date=timezone.localdate() - timedelta(days=1))
    if stage == 4:
        services.hazard_recheck(
            hazard=hazard, by=admin, recurred=True, note=f"回头看发现问题反弹：{hazard.description}"
        )


def _major_supervised(campaign, admin, today):
    school = campaign.schools.get(code="S005")
    details = {
        "campaign": campaign,
        "area": "construction",
        "description": "教学楼外墙瓷砖空鼓、有脱落危险",
        "location": "教学楼北侧外墙",
        "source": HazardSource.SELF_REPORT,
        "found_by": "张安全",
        "found_at": timezone.now() - timedelta(days=4),
        "severity": HazardSeverity.MAJOR,
    }
    major = services.hazard_record(
        school=school, by=admin, details=details, plan={**PLAN, "deadline": today + timedelta(days=10)}
    )
    services.hazard_supervise(hazard=major, by=admin, supervisor=admin)
    services.watch_record_add(
        hazard=major,
        by=admin,
        kind=WatchKind.PATROL,
        watcher="赵科长",
        watched_at=timezone.now() - timedelta(hours=5),
        observation="围挡完好，无人员靠近。",
    )
    services.extension_request(
        hazard=major, by=admin, requested_deadline=today + timedelta(days=20), reason="需等待专业施工队进场"
    )
    tip = {
        "campaign": campaign,
        "area": "traffic",
        "description": "家长举报：校门口人行横道标线磨损看不清",
        "location": "校门口",
        "source": HazardSource.TIP_OFF,
        "found_by": "匿名举报",
        "found_at": timezone.now() - timedelta(hours=20),
    }
    services.hazard_record(school=campaign.schools.get(code="S008"), by=admin, details=tip)
