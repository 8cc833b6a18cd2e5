"""What the security app gives the bureau's dashboard, a school's campaign page and the campaign
workbook; and its demo data.

The campaign runs from 2026-05-15 until a week after the sessions close on 5月28日: [5月15日 00:00,
6月5日 00:00) Beijing time. The clock stands at Wednesday 2026-05-20 07:30.
"""

from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template.loader import render_to_string
from openpyxl import load_workbook

from common.xlsx import write_workbook
from plans.models import Campaign
from schools.enums import Role
from schools.selectors import membership_of
from security import demo, services
from security.enums import EntryState, ItemStatus
from security.exporters import campaign_sheets
from security.models import GateEntry, Patrol, PoliceRoomItem
from security.selectors import campaign_figures, campaign_period, school_campaign_figures
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, member
from tests.security.conftest import ID_NUMBER, SHANGHAI, at, register
from tests.security.test_police_room import check


@pytest.fixture
def campaign(school):
    return CampaignFactory(bureau=school.bureau, covers=[school])


def test_the_campaign_period_is_the_dashboards():
    campaign = Campaign(start_date=date(2026, 5, 15), closing_date=date(2026, 5, 28))
    start, end = campaign_period(campaign)
    assert (start.isoformat(), end.isoformat()) == ("2026-05-15T00:00:00+08:00", "2026-06-05T00:00:00+08:00")
    assert start.tzinfo.key == SHANGHAI.key


class Security:
    """Gate entries and patrols of `school` at the edges of the campaign period, and its police room."""

    def __init__(self, school, other):
        from datetime import datetime

        def moment(*args):
            return datetime(*args, tzinfo=SHANGHAI)

        register(school, time_in=moment(2026, 5, 14, 23, 59))  # before the campaign
        register(school, time_in=moment(2026, 5, 15, 0, 0), phone="13900000001")
        register(school, time_in=moment(2026, 6, 4, 23, 59), phone="13900000002")
        register(school, time_in=moment(2026, 6, 5, 0, 0), phone="13900000003")  # after it
        register(
            school, time_in=at(7, 0), temperature=Decimal("37.9"), fever_reason="送药", phone="13900000004"
        )
        register(school, time_in=at(9, 0, day=19), phone="13900000005")  # awaiting its host
        register(other, time_in=at(7, 0))  # a school the campaign does not cover
        services.patrol_record(
            school=school, by=None, patrolled_by="周保安", patrolled_at=at(7, 0), route="东门",
            findings=[{"area": "gate_security", "description": "围墙破损"},
                      {"area": "fire", "description": "灭火器"}],
        )  # fmt: skip
        services.patrol_record(
            school=school, by=None, patrolled_by="周保安", patrolled_at=at(7, 0, day=1), route="东门"
        )
        check(
            school,
            **{"对讲机": (ItemStatus.MISSING, None), "灭火器": (ItemStatus.PRESENT, date(2026, 5, 19))},
        )
        check(other, **{"对讲机": (ItemStatus.MISSING, None)})


@pytest.fixture
def security(school, charlie):
    return Security(school, charlie.membership.school)


def test_the_campaign_figures(bob, school, campaign, security):
    figures = campaign_figures(user=bob, campaign=campaign)
    assert figures == {
        "entries": 4, "flagged": 1, "awaiting_host": 1, "patrols": 1, "findings": 2, "missing": 1,
        "expired": 1, "schools": 1, "schools_with_problems": 1, "schools_unchecked": 0,
        "per_school": {school.pk: 2},
    }  # fmt: skip


def test_a_covered_school_never_checked_counts_as_unchecked(bob, school, security):
    fresh = SchoolFactory(bureau=school.bureau)
    campaign = CampaignFactory(bureau=school.bureau, covers=[school, fresh])
    figures = campaign_figures(user=bob, campaign=campaign)
    assert (figures["schools_unchecked"], figures["per_school"]) == (1, {school.pk: 2, fresh.pk: 0})


def test_another_bureau_gets_nothing_of_the_campaign(school, campaign, security):
    outsider = member(Role.BUREAU_ADMIN, BureauFactory())
    figures = campaign_figures(user=outsider, campaign=campaign)
    assert (figures["entries"], figures["schools"], figures["per_school"]) == (0, 0, {})


@pytest.mark.parametrize("n", [1, 6])
def test_the_figures_cost_the_same_queries_for_1_or_6_schools(bureau, django_assert_max_num_queries, n):
    schools = [SchoolFactory(bureau=bureau) for _index in range(n)]
    for school in schools:
        register(school, time_in=at(7, 0))
        check(school, **{"对讲机": (ItemStatus.MISSING, None)})
    campaign = CampaignFactory(bureau=bureau)
    viewer = member(Role.BUREAU_VIEWER, bureau)
    with django_assert_max_num_queries(2):  # the viewer's membership, then the figures
        figures = campaign_figures(user=viewer, campaign=campaign)
    assert (figures["entries"], figures["missing"], len(figures["per_school"])) == (n, n, n)


def test_a_schools_figures_and_its_problem_items(
    alice, school, campaign, security, django_assert_num_queries
):
    membership_of(alice)
    with django_assert_num_queries(2):
        section = school_campaign_figures(user=alice, campaign=campaign, school=school)
    names = ("entries", "flagged", "awaiting_host", "patrols", "missing")
    assert [section[name] for name in names] == [4, 1, 1, 1, 1]
    assert [(item.name, item.current) for item in section["problem_items"]] == [
        ("对讲机", ItemStatus.MISSING), ("灭火器", ItemStatus.EXPIRED),
    ]  # fmt: skip


def test_a_school_user_gets_nothing_of_another_school(charlie, school, campaign, security):
    section = school_campaign_figures(user=charlie, campaign=campaign, school=school)
    assert (section["entries"], section["problem_items"]) == (0, [])


def test_the_dashboard_card_and_the_school_section_render(rf, bob, school, campaign, security):
    figures = campaign_figures(user=bob, campaign=campaign)
    card = render_to_string("security/_dashboard_card.html", {"figures": figures, "campaign": campaign})
    assert f"?campaign={campaign.pk}&amp;show=flagged" in card and 'class="card h-100"' in card
    section = school_campaign_figures(user=bob, campaign=campaign, school=school)
    html = render_to_string(
        "security/_school_section.html", {"section": section, "campaign": campaign, "school": school}
    )
    assert "对讲机" in html and "灭火器" in html


# --- The campaign workbook ------------------------------------------------------------------------


def _workbook(sheets):
    stream = BytesIO()
    write_workbook(stream, [sheet for sheet, _expected in sheets])
    book = load_workbook(BytesIO(stream.getvalue()))
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book}


def test_the_campaign_sheets_mask_phone_and_id_numbers_for_the_bureau(bob, school, campaign, security):
    register(school, time_in=at(7, 10), id_number=ID_NUMBER, phone="13712345678")
    sheets = campaign_sheets(user=bob, campaign=campaign, now=at(7, 30))
    book = _workbook(sheets)
    gate, patrols, police = book.values()
    assert [expected for _sheet, expected in sheets] == [len(gate) - 1, len(patrols) - 1, len(police) - 1]
    assert (len(gate) - 1, len(patrols) - 1, len(police) - 1) == (5, 1, 12)
    cells = [str(cell) for rows in book.values() for row in rows for cell in row]
    assert "137****5678" in cells and "**************002X" in cells
    assert not any(ID_NUMBER in cell or "13712345678" in cell for cell in cells)
    assert "1. 围墙破损\n2. 灭火器" in cells


def test_the_campaign_sheets_show_a_school_never_checked(bob, school, security):
    fresh = SchoolFactory(bureau=school.bureau, code="S9999")
    campaign = CampaignFactory(bureau=school.bureau, covers=[fresh])
    police = list(_workbook(campaign_sheets(user=bob, campaign=campaign, now=at(7, 30))).values())[2]
    assert len(police) == 2 and police[1][0] == "S9999" and police[1][2] is None


@pytest.mark.parametrize("n", [1, 6])
def test_the_campaign_sheets_cost_the_same_queries(bureau, django_assert_max_num_queries, n):
    for _index in range(n):
        school = SchoolFactory(bureau=bureau)
        register(school, time_in=at(7, 0))
        services.patrol_record(school=school, by=None, patrolled_by="周", patrolled_at=at(7, 0), route="东门",
                               findings=[{"area": "fire", "description": "灭火器"}])  # fmt: skip
        check(school)
    campaign = CampaignFactory(bureau=bureau)
    viewer = member(Role.BUREAU_VIEWER, bureau)
    # membership; schools and items of the police room; the two counts; entries; patrols and findings
    with django_assert_max_num_queries(8):
        _workbook(campaign_sheets(user=viewer, campaign=campaign, now=at(7, 30)))


# --- The demo -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_covers_every_state_and_runs_once():
    call_command("seed_demo", password="Demo@2026", stdout=StringIO())
    campaign = Campaign.objects.get()
    admin = get_user_model().objects.get(username="admin")
    demo.seed(campaign=campaign, admin=admin)
    counts = (GateEntry.objects.count(), Patrol.objects.count(), PoliceRoomItem.objects.count())
    demo.seed(campaign=campaign, admin=admin)
    assert (GateEntry.objects.count(), Patrol.objects.count(), PoliceRoomItem.objects.count()) == counts
    assert set(GateEntry.objects.values_list("state", flat=True)) == set(EntryState.values)
    assert GateEntry.objects.filter(temperature_flagged=True).exclude(fever_reason="").exists()
    assert Patrol.objects.filter(findings__hazard__isnull=False).exists()
    assert Patrol.objects.filter(findings__hazard__isnull=True, findings__isnull=False).exists()
    figures = campaign_figures(user=admin, campaign=campaign)
    assert figures["schools_with_problems"] >= 3 and figures["schools_unchecked"] >= 1
    assert figures["missing"] and figures["expired"]
