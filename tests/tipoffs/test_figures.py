"""What the tip-offs give the campaign dashboard, a school's campaign page and the campaign workbook,
and the demo data. The clock stands at 2026-05-20 10:00 Beijing time, inside the campaign."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from common.xlsx import write_workbook
from hazards.enums import HazardState
from plans.models import Campaign
from schools.demo import seed as seed_schools
from schools.enums import Role
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, member
from tipoffs import demo, selectors, services
from tipoffs.enums import TipOffState
from tipoffs.exporters import campaign_sheets
from tipoffs.models import TipOff

from .conftest import file_tip_off

SHANGHAI = ZoneInfo("Asia/Shanghai")
DETAILS = {
    "campaign": None,
    "area": "fire",
    "description": "灭火器过期",
    "location": "食堂",
    "severity": "general",
}


@pytest.fixture
def campaign(school, charlie, time_machine):
    """Covers `school` and charlie's school; 2026-05-15 until a week after 05-28."""
    campaign = CampaignFactory(bureau=school.bureau, covers=[school, charlie.membership.school])
    time_machine.move_to(datetime(2026, 5, 20, 10, tzinfo=SHANGHAI), tick=False)
    return campaign


@pytest.fixture
def spread(campaign, school, charlie, inspector, time_machine):
    """Tip-offs in every state, one before the campaign and one about a school it does not cover."""
    other = charlie.membership.school
    waiting = [file_tip_off(school).tip_off, file_tip_off(school).tip_off, file_tip_off(other).tip_off]
    services.tipoff_dismiss(tip_off=file_tip_off(other).tip_off, by=inspector, reason="重复")
    services.tipoff_make_hazard(tip_off=file_tip_off(school).tip_off, by=inspector, details=DETAILS)
    file_tip_off(SchoolFactory(bureau=school.bureau))  # not covered by the campaign
    time_machine.move_to(datetime(2026, 5, 14, 23, 59, tzinfo=SHANGHAI), tick=False)
    file_tip_off(school)  # the day before it started
    time_machine.move_to(datetime(2026, 5, 20, 10, tzinfo=SHANGHAI), tick=False)
    return waiting


def test_the_dashboard_counts_the_campaigns_tip_offs_in_three_queries(
    bob, campaign, spread, school, charlie, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        figures = selectors.campaign_figures(user=bob, campaign=campaign)
    assert figures == {
        "campaign_id": campaign.pk,
        "received": 5,
        "awaiting": 3,
        "hazards": 1,
        "dismissed": 1,
        "per_school": {school.pk: 2, charlie.membership.school_id: 1},
    }


def test_the_dashboard_shows_another_bureau_nothing(campaign, spread):
    stranger = member(Role.BUREAU_ADMIN, BureauFactory())
    figures = selectors.campaign_figures(user=stranger, campaign=campaign)
    assert (figures["received"], figures["per_school"]) == (0, {})


def test_the_dashboard_card_links_to_the_list_it_counts(bob, campaign, spread):
    figures = selectors.campaign_figures(user=bob, campaign=campaign)
    html = render_to_string("tipoffs/_dashboard_card.html", {"figures": figures, "campaign": campaign})
    assert 'class="card h-100"' in html
    assert f"{reverse('tipoffs:list')}?campaign={campaign.pk}&amp;state=received" in html


def test_the_bureau_sees_the_schools_tip_offs_on_its_campaign_page(bob, campaign, spread, school):
    section = selectors.school_campaign_figures(user=bob, campaign=campaign, school=school)
    assert section["tip_offs"] == {"total": 3, "awaiting": 2, "hazards": 1, "dismissed": 0}
    assert section["can_print_poster"] is True
    assert section["hazards_from_tip_offs"] == 0  # the demo hazard was entered without the campaign


def test_the_workbook_sheet_lists_the_campaigns_tip_offs_in_two_queries(
    bob, campaign, spread, django_assert_num_queries
):
    stream = BytesIO()
    with django_assert_num_queries(3):  # the membership, the count, the rows
        ((sheet, expected),) = campaign_sheets(user=bob, campaign=campaign, now=None)
        write_workbook(stream, [sheet])
    rows = list(load_workbook(stream, read_only=True).active.iter_rows(values_only=True))
    assert expected == 5 and len(rows) == 1 + 5
    states = {row[7] for row in rows[1:]}
    assert states == {
        str(TipOffState.RECEIVED.label),
        str(TipOffState.DISMISSED.label),
        str(TipOffState.HAZARD.label),
    }


def test_the_demo_covers_every_state_and_seeds_once(bob, db):
    bureau, accounts = seed_schools(password="Demo@2026")
    admin = next(user for user, role, _unit in accounts if role == "bureau_admin")
    campaign = Campaign.objects.create(
        bureau=bureau, name="演示", start_date="2026-05-01", opening_date="2026-05-10",
        closing_date="2026-05-20", inspection_start="2026-05-01", inspection_end="2026-05-30", scope="all",
    )  # fmt: skip
    campaign.schools.set(bureau.schools.all())
    demo.seed(campaign=campaign, admin=admin)
    demo.seed(campaign=campaign, admin=admin)
    tip_offs = TipOff.objects.select_related("hazard")
    assert tip_offs.count() == len(demo.STORIES)
    assert {t.state for t in tip_offs} == set(TipOffState.values)
    assert {t.hazard.state for t in tip_offs if t.hazard} == {
        HazardState.REPORTED,
        HazardState.RECTIFYING,
        HazardState.CLOSED,
    }
    assert tip_offs.filter(reporter_name="").exists() and tip_offs.exclude(reporter_name="").exists()
    assert selectors.tipoff_for_key("DEM0-0000-0000-0008").hazard.state == HazardState.CLOSED
