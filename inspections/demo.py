"""Demo inspections: the principal's self-inspection, the bureau's team, and unannounced visits."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from schools.enums import Role
from schools.models import Membership

from . import services
from .enums import InspectionKind, ItemResult
from .models import Inspection


@transaction.atomic
def seed(*, campaign, admin):
    """Returns the failed items, for the hazards demo to turn into hazards."""
    services.templates_install_defaults(bureau=campaign.bureau)
    if Inspection.objects.filter(campaign=campaign).exists():
        return []
    today = timezone.localdate()
    schools = {s.code: s for s in campaign.schools.filter(code__in=["S005", "S007", "S009", "S010"])}
    principal = Membership.objects.get(school=schools["S005"], role=Role.PRINCIPAL).user
    failed = []
    self_check = services.inspection_start(
        school=schools["S005"],
        by=principal,
        kind=InspectionKind.SELF,
        date=today - timedelta(days=6),
        areas=["fire", "food", "electrical"],
        leader=principal,
        team="李副校长、赵科长、张安全",
        campaign=campaign,
    )
    failed += _walk(self_check, fail_every=5, summary="总体良好，发现3处问题，已建立台账。")
    team = services.inspection_start(
        school=schools["S007"],
        by=admin,
        kind=InspectionKind.BUREAU,
        date=today - timedelta(days=2),
        areas=["lab_chemicals", "gate_security"],
        leader_name="赵督查",
        team="教育局专项督查组",
        campaign=campaign,
    )
    failed += _walk(team, fail_every=4, summary="危化品管理和门卫登记需加强。")
    published = services.inspection_start(
        school=schools["S009"],
        by=admin,
        kind=InspectionKind.UNANNOUNCED,
        date=today - timedelta(days=1),
        areas=["gate_security"],
        leader_name="暗访组",
        campaign=campaign,
    )
    failed += _walk(published, fail_every=3, summary="上课期间校门未落实封闭管理。")
    services.inspection_publish(inspection=published, by=admin)
    services.inspection_start(  # planned, not yet visited: the school must not see it
        school=schools["S010"],
        by=admin,
        kind=InspectionKind.UNANNOUNCED,
        date=today + timedelta(days=2),
        areas=["gate_security", "food"],
        leader_name="暗访组",
        campaign=campaign,
    )
    return failed


def _walk(inspection, *, fail_every, summary):
    items = list(inspection.items.all())
    results = {}
    for index, item in enumerate(items, start=1):
        fails = index % fail_every == 0
        results[item.pk] = (ItemResult.FAIL, "现场检查发现问题") if fails else (ItemResult.PASS, "")
    services.inspection_record(inspection=inspection, results=results)
    services.inspection_finish(inspection=inspection, by=inspection.created_by, summary=summary)
    return [item for item in items if results[item.pk][0] == ItemResult.FAIL]
