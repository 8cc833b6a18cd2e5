"""What petitions give the campaign pages: the dashboard's figures and card, the school's section, the
campaign workbook's sheets; and the demo cases.

The campaign runs from 2026-05-15 until the sessions close on 2026-05-28; the clock stands at
2026-05-20 10:00 Beijing time.
"""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.template.loader import render_to_string
from openpyxl import load_workbook

from common.xlsx import write_workbook
from petitions import demo, exporters, selectors, services
from petitions.enums import PetitionState
from petitions.models import PetitionCase
from plans import demo as plans_demo
from schools import demo as schools_demo
from schools.enums import Role
from schools.selectors import membership_of
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, member
from tests.petitions.conftest import SHANGHAI, petition

LATE = date(2026, 5, 19)


class Campaign:
    """Cases of two covered schools and of one school the campaign leaves out, open at different times."""

    def __init__(self, bureau, school, bob, time_machine):
        self.second = SchoolFactory(bureau=bureau, name="示范区第二小学")
        self.outside = SchoolFactory(bureau=bureau, name="示范区第三小学")
        self.campaign = CampaignFactory(bureau=bureau, covers=[school, self.second])
        time_machine.move_to(datetime(2026, 5, 10, 9, 0, tzinfo=SHANGHAI), tick=False)
        closed_before = petition(school, by=bob, subject="早已结案", milestones=[(LATE, "x")])
        services.case_resolve(case=closed_before, by=bob, resolution="已答复")
        services.case_close(case=closed_before, by=bob)
        time_machine.move_to(datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI), tick=False)
        self.overdue = petition(school, by=bob, subject="欺凌", milestones=[(LATE, "面谈"), (LATE, "调解")])
        self.on_time = petition(school, by=bob, subject="噪音", milestones=[(date(2026, 6, 1), "公示")])
        self.closed_during = petition(school, by=bob, subject="货款", milestones=[(LATE, "核对")])
        services.case_resolve(case=self.closed_during, by=bob, resolution="已结清")
        services.case_close(case=self.closed_during, by=bob)
        self.second_overdue = petition(self.second, by=bob, subject="校车", milestones=[(LATE, "协调公交")])
        self.resolved = petition(self.second, by=bob, subject="职称", milestones=[(LATE, "复核")])
        services.case_resolve(case=self.resolved, by=bob, resolution="已答复")
        petition(self.second, by=bob, subject="后来的", received_on=date(2026, 5, 29))  # after the campaign
        petition(self.outside, by=bob, subject="不在专项内", milestones=[(LATE, "面谈")])
        petition(SchoolFactory(bureau=BureauFactory()), by=None, subject="外区", milestones=[(LATE, "x")])


@pytest.fixture
def world(bureau, school, bob, time_machine):
    return Campaign(bureau, school, bob, time_machine)


def test_the_dashboard_figures_count_cases_open_during_the_campaign(bob, school, world):
    membership_of(bob)  # the dashboard's request has the membership already
    figures = selectors.campaign_figures(user=bob, campaign=world.campaign)
    assert figures == {
        "visible": True,
        "total": 5,  # not the one closed before, the one received after, the uncovered school's, bureau B's
        "not_closed": 4,
        "resolved": 1,
        "closed": 1,
        "overdue_cases": 2,
        "overdue_milestones": 3,
        "per_school": {school.pk: 1, world.second.pk: 1},
    }


@pytest.mark.parametrize("extra", [0, 30])
def test_the_dashboard_figures_cost_three_queries(bob, school, world, extra, django_assert_num_queries):
    for index in range(extra):
        petition(
            world.second if index % 2 else school, by=bob, subject=f"另{index}", milestones=[(LATE, "x")]
        )
    membership_of(bob)
    with django_assert_num_queries(3):
        figures = selectors.campaign_figures(user=bob, campaign=world.campaign)
    assert figures["overdue_cases"] == 2 + extra


def test_a_school_user_gets_its_own_schools_figures_and_duty_staff_none(alice, duty, world, school):
    assert selectors.campaign_figures(user=alice, campaign=world.campaign)["per_school"] == {school.pk: 1}
    figures = selectors.campaign_figures(user=duty, campaign=world.campaign)
    assert (figures["visible"], figures["total"], figures["per_school"]) == (False, 0, {})


def test_the_figures_follow_the_moment_asked_for(bob, world):
    before = datetime(2026, 5, 19, 12, 0, tzinfo=SHANGHAI)
    assert selectors.campaign_figures(user=bob, campaign=world.campaign, now=before)["overdue_cases"] == 0


def test_the_dashboard_card_links_to_the_list(bob, world):
    figures = selectors.campaign_figures(user=bob, campaign=world.campaign)
    html = render_to_string(
        "petitions/_dashboard_card.html", {"figures": figures, "campaign": world.campaign}
    )
    assert 'class="card h-100"' in html
    assert "/petitions/?overdue=1" in html
    assert "5 cases in all · 3 milestones overdue" in html


def test_the_school_section_lists_the_schools_cases_not_closed_first(principal, school, world,
                                                                     django_assert_num_queries):  # fmt: skip
    membership_of(principal)
    with django_assert_num_queries(1):
        section = selectors.school_campaign_figures(user=principal, campaign=world.campaign, school=school)
    assert [case.subject for case in section["cases"]][-1] == "货款"
    assert (section["total"], section["not_closed"], section["overdue_cases"]) == (3, 2, 1)
    context = {"section": section, "campaign": world.campaign, "school": school}
    html = render_to_string("petitions/_school_section.html", context)
    assert "欺凌" in html and "2 overdue" in html


def test_the_school_section_is_left_out_for_duty_staff(duty, school, world, django_assert_num_queries):
    membership_of(duty)
    with django_assert_num_queries(0):
        section = selectors.school_campaign_figures(user=duty, campaign=world.campaign, school=school)
    html = render_to_string("petitions/_school_section.html", {"section": section, "school": school})
    assert section["visible"] is False and html.strip() == ""


def test_the_neighbour_school_sees_nothing_of_its_neighbours_cases(charlie, school, world):
    section = selectors.school_campaign_figures(user=charlie, campaign=world.campaign, school=school)
    assert section["cases"] == []


def test_the_campaign_sheets_have_the_rows_they_promise(bob, world):
    sheets = exporters.campaign_sheets(
        user=bob, campaign=world.campaign, now=datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)
    )
    assert [expected for _sheet, expected in sheets] == [5, 6]
    stream = BytesIO()
    write_workbook(stream, [sheet for sheet, _expected in sheets])
    workbook = load_workbook(BytesIO(stream.getvalue()), read_only=True)
    rows = [list(sheet.iter_rows(min_row=2, values_only=True)) for sheet in workbook]
    assert [len(sheet_rows) for sheet_rows in rows] == [5, 6]
    assert {row[4] for row in rows[0]} == {"139****5678"}


# --- The demo -------------------------------------------------------------------------------------


def test_the_demo_seeds_every_state_once(db):
    bureau, accounts = schools_demo.seed(password="Demo@2026-test")
    admin = next(user for user, role, _unit in accounts if role == Role.BUREAU_ADMIN)
    campaign = plans_demo.seed(bureau=bureau, admin=admin)
    demo.seed(campaign=campaign, admin=admin)
    count = PetitionCase.objects.count()
    demo.seed(campaign=campaign, admin=admin)
    assert PetitionCase.objects.count() == count == len(demo.CASES)
    assert set(PetitionCase.objects.values_list("state", flat=True)) == set(PetitionState.values)
    assert PetitionCase.objects.filter(school__code="S005").count() == 2
    figures = selectors.campaign_figures(user=admin, campaign=campaign)
    assert figures["overdue_cases"] >= 3
    officer = next(user for user, role, _unit in accounts if role == Role.SAFETY_OFFICER)
    assert selectors.cases_for_user(officer).count() == 2
    guard = member(Role.DUTY_STAFF, campaign.schools.get(code="S005"))
    assert selectors.cases_for_user(guard).count() == 0
