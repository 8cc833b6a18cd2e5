from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from schools.enums import Role
from security import services
from tests.factories import member

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Wednesday 20 May 2026 in Beijing: before the first lesson (08:00), and during it.
BEFORE_CLASS = datetime(2026, 5, 20, 7, 30, tzinfo=SHANGHAI)
IN_CLASS = datetime(2026, 5, 20, 9, 15, tzinfo=SHANGHAI)
ID_NUMBER = "11010519491231002X"  # a valid check character


def at(hour, minute=0, day=20):
    return datetime(2026, 5, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(BEFORE_CLASS, tick=False)


@pytest.fixture
def guard(school):
    """Zhou is on gate duty at `school`."""
    return member(Role.DUTY_STAFF, school, username="zhou", full_name="周保安")


def register(school, by=None, **fields):
    values = {
        "visitor_name": "王建国", "phone": "13801234567", "temperature": Decimal("36.5"),
        "purpose": "送货", "host": "食堂 赵师傅",
    } | fields  # fmt: skip
    return services.gate_entry_register(school=school, by=by, **values)
