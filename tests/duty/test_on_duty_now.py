from datetime import time

import pytest
import time_machine
from django.urls import reverse

from duty import coverage
from plans.enums import DeliverableKind
from tests.duty.conftest import fill_roster, full_days
from tests.factories import CampaignFactory, SchoolFactory, open_submission


def _rosters(campaign, schools):
    return [open_submission(campaign, school, DeliverableKind.DUTY_ROSTER).duty_roster for school in schools]


@pytest.fixture
def world(bureau):
    schools = SchoolFactory.create_batch(3, bureau=bureau)
    campaign = CampaignFactory(bureau=bureau)
    return campaign, schools, _rosters(campaign, schools)


@time_machine.travel("2026-05-24 03:00 +0800", tick=False)
def test_schools_with_nobody_on_duty_come_first(client, bob, world):
    campaign, schools, rosters = world
    fill_roster(rosters[0])  # 08–20 and 20–08: the night shift of 5月23日 runs now
    day_only = [coverage.Day(d.date, d.leader, d.leader_phone, d.shifts[:1]) for d in full_days(rosters[1])]
    fill_roster(rosters[1], day_only)  # nobody at 03:00
    client.force_login(bob)
    rows = client.get(reverse("duty:on_duty_now", args=[campaign.pk])).context["rows"]
    assert [row.school for row in rows] == [schools[1], schools[2], schools[0]]
    assert [s.person for s in rows[2].shifts] == ["李值班"]  # yesterday's night shift, past midnight
    assert rows[2].leader == "王校长"
    assert rows[0].leader == "王校长" and rows[0].shifts == []  # a leader, but no shift at 03:00


@time_machine.travel("2026-05-24 20:00 +0800", tick=False)
def test_a_shift_that_ends_now_hands_over_to_the_next(client, bob, world):
    campaign, _schools, rosters = world
    fill_roster(rosters[0])
    client.force_login(bob)
    rows = client.get(reverse("duty:on_duty_now", args=[campaign.pk])).context["rows"]
    (row,) = [r for r in rows if r.covered]
    assert [(s.person, s.start) for s in row.shifts] == [("李值班", time(20))]


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_costs_the_same_queries_at_any_size(
    client, bob, bureau, count, django_assert_max_num_queries
):
    schools = SchoolFactory.create_batch(count, bureau=bureau)
    campaign = CampaignFactory(bureau=bureau)
    for roster in _rosters(campaign, schools):
        fill_roster(roster)
    client.force_login(bob)
    with time_machine.travel("2026-05-24 10:00 +0800", tick=False), django_assert_max_num_queries(9):
        response = client.get(reverse("duty:on_duty_now", args=[campaign.pk]))
    assert len(response.context["rows"]) == count
