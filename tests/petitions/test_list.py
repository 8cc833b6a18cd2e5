"""The list of petition cases and its Excel export: who sees what, the filters (school, state, overdue
milestones), the figures on top, masked phone numbers, and a cost in queries that does not grow.

The clock stands at 2026-05-20 10:00 Beijing time.
"""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from petitions import services
from schools.enums import Role
from tests.factories import BureauFactory, SchoolFactory, member
from tests.petitions.conftest import login, petition

LIST = reverse("petitions:list")
EXPORT = reverse("petitions:export")
LATE, LATER = date(2026, 5, 19), date(2026, 6, 1)


class Cases:
    """Five cases of `school`, one in each state (two in progress, one of them with an overdue
    milestone), and one of the neighbour school with an overdue milestone."""

    def __init__(self, school, other, bob):
        self.open = petition(school, by=bob, subject="A 噪音扰民", milestones=[(LATER, "公示施工计划")])
        self.overdue = petition(
            school, by=bob, subject="B 欺凌处理不满", milestones=[(LATE, "面谈"), (LATER, "调解")]
        )
        services.note_add(case=self.overdue, by=bob, text="已沟通", happened_on=date(2026, 5, 10))
        self.working = petition(school, by=bob, subject="C 补缴社保", milestones=[(LATE, "核实年限")])
        services.milestone_mark(milestone=self.working.milestones.get(), by=bob, done=True)
        self.resolved = petition(school, by=bob, subject="D 职称异议", milestones=[(LATE, "复核")])
        services.case_resolve(case=self.resolved, by=bob, resolution="已答复")
        self.closed = petition(school, by=bob, subject="E 货款纠纷", milestones=[(LATE, "核对账目")])
        services.case_resolve(case=self.closed, by=bob, resolution="已结清")
        services.case_close(case=self.closed, by=bob)
        self.elsewhere = petition(other, by=bob, subject="F 邻校的事", milestones=[(LATE, "约谈")])


@pytest.fixture
def cases(school, charlie, bob):
    return Cases(school, charlie.membership.school, bob)


def _subjects(response):
    return {case.subject[0] for case in response.context["page"]}


def test_the_bureau_sees_every_school_of_its_bureau(client, viewer, cases):
    assert _subjects(login(client, viewer).get(LIST)) == set("ABCDEF")


def test_a_school_sees_only_its_own_cases(client, alice, principal, charlie, cases):
    for user in (alice, principal):
        response = login(client, user).get(LIST)
        assert _subjects(response) == set("ABCDE")
        assert response.context["schools"] == []
    assert _subjects(login(client, charlie).get(LIST)) == {"F"}


def test_another_bureau_sees_none(client, cases):
    response = login(client, member(Role.BUREAU_ADMIN, BureauFactory())).get(LIST)
    assert len(response.context["page"]) == 0
    assert response.context["counts"]["total"] == 0


def test_the_figures_on_top(client, bob, cases):
    counts = login(client, bob).get(LIST).context["counts"]
    assert counts == {
        "total": 6,
        "not_closed": 5,
        "open": 2,  # A and F
        "in_progress": 2,  # B and C
        "resolved": 1,
        "closed": 1,
        "overdue": 2,  # B and F; C's milestone is done, D and E are no longer worked on
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "not_closed"}, set("ABCDF")),
        ({"state": "open"}, {"A", "F"}),
        ({"state": "in_progress"}, {"B", "C"}),
        ({"state": "resolved"}, {"D"}),
        ({"state": "closed"}, {"E"}),
        ({"overdue": "1"}, {"B", "F"}),
        ({"overdue": "1", "state": "in_progress"}, {"B"}),
    ],
)
def test_the_filters(client, bob, cases, params, expected):
    assert _subjects(login(client, bob).get(LIST, params)) == expected


def test_the_school_filter_and_the_figures_follow_it(client, bob, charlie, cases):
    response = login(client, bob).get(LIST, {"school": charlie.membership.school_id})
    assert _subjects(response) == {"F"}
    assert (response.context["counts"]["total"], response.context["counts"]["overdue"]) == (1, 1)


def test_a_school_cannot_filter_its_way_into_another_school(client, charlie, school, cases):
    response = login(client, charlie).get(LIST, {"school": school.pk, "state": "lost"})
    assert response.context["filters"] == {"school": "", "state": "", "overdue": ""}
    assert _subjects(response) == {"F"}


def test_each_row_shows_its_milestones_and_overdue_count(client, bob, cases):
    rows = {case.subject[0]: case for case in login(client, bob).get(LIST).context["page"]}
    b = rows["B"]
    assert (b.milestones_done, b.milestones_total, b.overdue_milestones, b.next_due) == (0, 2, 1, LATE)
    assert (rows["C"].milestones_done, rows["C"].overdue_milestones, rows["C"].next_due) == (1, 0, None)
    assert rows["D"].overdue_milestones == 0


def test_the_list_masks_the_parties_phone_numbers(client, bob, cases):
    page = login(client, bob).get(LIST).content.decode()
    assert "139****5678" in page
    assert "13912345678" not in page


def test_the_record_button_shows_for_recorders_only(client, bob, alice, principal, viewer, cases):
    create = reverse("petitions:create")
    shown = {user.username: create in login(client, user).get(LIST).content.decode()
             for user in (bob, alice, principal, viewer)}  # fmt: skip
    assert shown == {"bob": True, "alice": False, "wang": True, "qian": False}


# --- Export ---------------------------------------------------------------------------------------


def _sheets(response):
    workbook = load_workbook(BytesIO(response.content), read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


def test_the_export_follows_the_filters_and_masks_phones(client, bob, cases):
    response = login(client, bob).get(EXPORT, {"overdue": "1"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = _sheets(response)
    cases_sheet, milestones_sheet = sheets["Petition cases"], sheets["Petition milestones"]
    header = cases_sheet[0]
    rows = {row[header.index("Subject")][0]: row for row in cases_sheet[1:]}
    assert set(rows) == {"B", "F"}
    b = dict(zip(header, rows["B"], strict=False))  # the empty cells at the end of a row are not written
    assert b["Contact phone (masked)"] == "139****5678"
    assert (b["Milestones done"], b["Milestones"], b["Overdue milestones"], b["Latest progress"]) == (
        0, 2, 1, "已沟通",
    )  # fmt: skip
    assert not any("13912345678" in str(cell) for row in cases_sheet for cell in row)
    overdue_column = milestones_sheet[0].index("Overdue")
    assert sorted(row[overdue_column] for row in milestones_sheet[1:]) == ["No", "Yes", "Yes"]


def test_a_formula_typed_by_a_user_stays_text(client, bob, school):
    petition(school, by=bob, subject='=HYPERLINK("http://x")')
    workbook = load_workbook(BytesIO(login(client, bob).get(EXPORT).content))
    cell = workbook["Petition cases"]["C2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


# --- What it costs --------------------------------------------------------------------------------


@pytest.fixture
def many(school, bureau, bob):
    def make(n):
        other = SchoolFactory(bureau=bureau)
        for index in range(n):
            target = school if index % 2 == 0 else other
            case = petition(
                target, by=bob, subject=f"信访{index}", milestones=[(LATE, "面谈"), (LATER, "调解")]
            )
            if index % 3 == 0:
                services.note_add(case=case, by=bob, text="进展", happened_on=date(2026, 5, 1))

    return make


@pytest.mark.parametrize("n", [5, 120])
def test_the_list_costs_the_same_queries_for_5_or_120_cases(
    client, bob, alice, many, django_assert_num_queries, n
):  # fmt: skip
    many(n)
    for user, queries in ((bob, 8), (alice, 7)):
        login(client, user)
        # session, user, membership, schools for the filter (bureau only), the figures, the page's
        # count, the page's rows with their milestone figures, the unread notices in the navigation bar
        with django_assert_num_queries(queries):
            response = client.get(LIST, {"state": "not_closed"})
        assert len(response.context["page"]) == min(n if user == bob else (n + 1) // 2, 50)


@pytest.mark.parametrize("n", [5, 120])
def test_the_export_costs_the_same_queries_for_5_or_120_cases(
    client, bob, many, django_assert_num_queries, n
):  # fmt: skip
    many(n)
    login(client, bob)
    # session, user, membership, schools for the filter, the cases, their milestones
    with django_assert_num_queries(6):
        response = client.get(EXPORT)
    sheets = _sheets(response)
    assert (len(sheets["Petition cases"]), len(sheets["Petition milestones"])) == (n + 1, 2 * n + 1)
