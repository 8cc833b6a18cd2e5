from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from notifications import rules

BEIJING = ZoneInfo("Asia/Shanghai")
DUE = datetime(2026, 5, 20, 23, 59, 59, tzinfo=BEIJING)


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("now", "stage"),
    [
        ("2026-05-17 23:59:58", None),
        ("2026-05-17 23:59:59", "before-3d"),
        ("2026-05-19 23:59:58", "before-3d"),
        ("2026-05-19 23:59:59", "before-1d"),
        ("2026-05-20 07:59:59", "before-1d"),
        ("2026-05-20 08:00:00", "due-day"),
        ("2026-05-20 23:59:59", "due-day"),
        ("2026-05-21 00:00:00", None),  # overdue, but the daily notice waits for the morning
        ("2026-05-21 08:00:00", "overdue-2026-05-21"),
        ("2026-05-22 09:30:00", "overdue-2026-05-22"),
    ],
)
def test_deliverable_stages_in_beijing_time(now, stage):
    assert rules.deliverable_stage(DUE, at(now)) == stage


@pytest.mark.parametrize(
    ("now", "stage"),
    [
        ("2026-05-23 08:00:00", None),
        ("2026-05-23 07:59:59", None),
        ("2026-05-24 07:59:59", None),
        ("2026-05-24 08:00:00", "before-2d"),
        ("2026-05-26 08:00:00", "due-day"),
        ("2026-05-26 23:59:59", "due-day"),
        ("2026-05-27 07:59:59", None),
        ("2026-05-27 08:00:00", "overdue-2026-05-27"),
    ],
)
def test_hazard_stages_by_deadline_day(now, stage):
    assert rules.hazard_stage(date(2026, 5, 26), at(now)) == stage


@pytest.mark.parametrize(
    ("now", "stage"),
    [("2026-05-20 11:29:59", None), ("2026-05-20 11:30:00", "before"), ("2026-05-20 12:00:00", "due")],
)
def test_incident_written_report_stages(now, stage):
    assert rules.incident_stage(at("2026-05-20 12:00:00"), at(now)) == stage
