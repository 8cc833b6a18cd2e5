"""Who may reach the security URLs, and which records of school A1 they point at."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from schools.enums import BUREAU_ROLES, Role
from security import services
from security.enums import ItemStatus
from security.equipment import REQUIRED_ITEMS
from security.permissions import ESCALATORS, GATE_KEEPERS, PATROLLERS, POLICE_ROOM_KEEPERS
from tests.tenancy import ADMIN, SECRET, Route

# A Wednesday morning lesson: an entry then waits for its host.
DURING_CLASS = datetime(2026, 5, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

ROUTES = {
    "security:gate_desk": Route(roles=GATE_KEEPERS),
    "security:gate_lookup": Route(roles=GATE_KEEPERS),
    "security:rules": Route(roles=ADMIN),
    "security:gate_list": Route(),
    "security:gate_export": Route(),
    "security:gate_detail": Route(target="gate_entry"),
    "security:gate_answer": Route(roles=GATE_KEEPERS, target="gate_entry", method="post", ok=302),
    "security:gate_out": Route(roles=GATE_KEEPERS, target="gate_entry_inside", method="post", ok=302),
    "security:patrol_list": Route(),
    "security:patrol_create": Route(roles=PATROLLERS),
    "security:patrol_detail": Route(target="patrol"),
    "security:finding_create": Route(roles=PATROLLERS, target="patrol"),
    "security:finding_hazard": Route(roles=ESCALATORS, target="finding", method="post", ok=302),
    "security:police_room_overview": Route(roles=BUREAU_ROLES),
    "security:police_room": Route(target="school"),
    "security:police_room_edit": Route(roles=POLICE_ROOM_KEEPERS, target="school"),
}


def _entry(world, **fields):
    values = {"visitor_name": f"{SECRET}访客", "phone": "13812345678", "temperature": 36.5,
              "purpose": f"{SECRET}送货", "host": "李老师", "id_number": "110101199003071234"}  # fmt: skip
    return services.gate_entry_register(
        school=world.school_a1, by=world.insiders[Role.DUTY_STAFF], **(values | fields)
    )


def targets(world):
    officer = world.insiders[Role.SAFETY_OFFICER]
    waiting = _entry(world, time_in=DURING_CLASS)
    inside = _entry(world, phone="13912345678", time_in=timezone.now())
    patrol = services.patrol_record(
        school=world.school_a1, by=officer, patrolled_by="周保安", patrolled_at=timezone.now(),
        route=f"{SECRET}东门—操场—教学楼",
        findings=[{"area": "gate_security", "description": f"{SECRET}围墙破损", "location": "北侧围墙"}],
    )  # fmt: skip
    required = REQUIRED_ITEMS[0]
    services.police_room_save(
        school=world.school_a1, by=officer,
        checks=[services.ItemCheck(name=required.name, status=ItemStatus.MISSING, note=f"{SECRET}已报修")],
    )  # fmt: skip
    return {
        "gate_entry": waiting.pk,
        "gate_entry_inside": inside.pk,
        "patrol": patrol.pk,
        "finding": patrol.findings.get().pk,
    }
