from datetime import time

import pytest

from duty import coverage, services
from plans.enums import DeliverableKind
from tests.factories import open_submission

DAY_SHIFT = ("张值班", "13800138001", time(8), time(20))
NIGHT_SHIFT = ("李值班", "13800138002", time(20), time(8))


@pytest.fixture
def campaign(school):
    from tests.factories import CampaignFactory

    return CampaignFactory(bureau=school.bureau)


@pytest.fixture
def roster_submission(campaign, school):
    """The school's duty roster for the campaign: empty, spanning the sessions (5月22日–5月28日)."""
    return open_submission(campaign, school, DeliverableKind.DUTY_ROSTER)


def full_days(roster, *, shifts=(DAY_SHIFT, NIGHT_SHIFT), leader="王校长"):
    """Every day of the roster with a leader and round-the-clock shifts (08–20, 20–08)."""
    return [
        coverage.Day(date=day, leader=leader, leader_phone="13900000004",
                     shifts=[coverage.Shift(*shift) for shift in shifts])
        for day in roster.dates()
    ]  # fmt: skip


def fill_roster(roster, days=None):
    return services.roster_save(
        roster=roster, start_date=roster.start_date, end_date=roster.end_date, days=days or full_days(roster)
    )
