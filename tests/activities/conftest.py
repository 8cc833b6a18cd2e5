"""The clock stands at 2026-05-20 10:00 Beijing time, in the campaign (5月15日 – 5月28日, records until
6月4日)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from activities import services
from tests.factories import CampaignFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)
TODAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def campaign(school, charlie):
    """Covers `school` and charlie's school."""
    return CampaignFactory(bureau=school.bureau)


def session(
    school, *, by=None, topics=("epidemic",), campaign=None, day=TODAY, form="class_meeting", **extra
):
    """A session recorded through the service."""
    values = {"title": "珍爱生命 预防溺水", "audience": "三年级", "participants": 120} | extra
    return services.session_record(
        school=school, by=by, date=day, form=form, topics=list(topics), campaign=campaign, **values
    )


def drill(school, *, by=None, kind="fire", day=TODAY, campaign=None, **extra):
    """A planned drill."""
    return services.drill_plan(school=school, by=by, kind=kind, planned_date=day, campaign=campaign, **extra)


def done(planned, *, by=None, problems=(), **extra):
    """`planned` recorded as done on its planned day."""
    values = {"participants": 500, "duration_minutes": 20, "evaluation": "有序"} | extra
    return services.drill_record_done(
        drill=planned, by=by, held_on=planned.planned_date, problems=list(problems), **values
    )
