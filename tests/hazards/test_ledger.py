"""The hazard ledger (隐患台账, R4.9): who sees what, the filters and the figures, overdue in Beijing time,
the Excel export, and a query count that does not grow with the ledger.

The clock stands at 2026-05-20 10:00 Beijing time.
"""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hazards import services
from hazards.models import Hazard
from schools.enums import Role
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, hazard, member

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)
LEDGER = reverse("hazards:ledger")
EXPORT = reverse("hazards:export")


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


class Ledger:
    """Eight hazards of `school` (one a rebound) and one of charlie's school, each in a state to filter on."""

    def __init__(self, school, other, bureau_admin):
        late, later = date(2026, 5, 19), date(2026, 5, 25)
        self.overdue = hazard(school, deadline=late, description="A 消防通道堵塞")
        self.food = hazard(school, deadline=later, area="food", description="B 食堂冰箱无温度计")
        self.reported = hazard(school, state="reported", description="C 围墙裂缝")
        self.awaiting = hazard(school, state="awaiting", deadline=later, description="D 灭火器过期")
        self.closed = hazard(school, state="closed", deadline=date(2026, 5, 10), description="E 插线板老化")
        self.major = hazard(school, severity="major", area="electrical", description="F 配电房漏水")
        services.hazard_supervise(hazard=self.major, by=bureau_admin, supervisor=bureau_admin)
        self.recurred = hazard(school, state="closed", description="G 楼梯扶手松动")
        self.rebound = services.hazard_recheck(
            hazard=self.recurred, by=bureau_admin, recurred=True, note="R 扶手又松了"
        )
        self.elsewhere = hazard(other, deadline=late, description="H 另一所学校的事")


@pytest.fixture
def ledger(school, charlie, bob):
    return Ledger(school, charlie.membership.school, bob)


def _descriptions(response):
    return {hazard.description[0] for hazard in response.context["page"]}


def test_the_bureau_sees_every_school_of_its_bureau(client, bob, ledger):
    client.force_login(bob)
    assert _descriptions(client.get(LEDGER)) == set("ABCDEFGRH")


def test_a_school_user_sees_only_its_own_school(client, alice, charlie, ledger):
    client.force_login(alice)
    response = client.get(LEDGER)
    assert _descriptions(response) == set("ABCDEFGR")
    assert response.context["schools"] == []  # no school filter for a school user
    client.force_login(charlie)
    assert _descriptions(client.get(LEDGER)) == {"H"}


def test_another_bureau_sees_none_of_it(client, ledger):
    client.force_login(member(Role.BUREAU_ADMIN, BureauFactory()))
    response = client.get(LEDGER)
    assert len(response.context["page"]) == 0
    assert response.context["counts"]["total"] == 0


def test_the_figures_on_top(client, bob, ledger):
    client.force_login(bob)
    counts = client.get(LEDGER).context["counts"]
    assert counts == {
        "total": 9,
        "open": 7,
        "closed": 2,
        "overdue": 2,  # A and H; E is past its deadline but closed
        "major": 1,
        "supervised": 1,
        "awaiting": 1,
        "rebounds": 1,
        "rectification_rate": 22,  # 2 of 9
    }


def test_the_figures_for_a_school(client, alice, ledger):
    client.force_login(alice)
    counts = client.get(LEDGER).context["counts"]
    assert (counts["total"], counts["overdue"], counts["rectification_rate"]) == (8, 1, 25)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "open"}, set("ABCDFRH")),
        ({"state": "closed"}, set("EG")),
        ({"state": "awaiting"}, {"D"}),
        ({"state": "reported"}, {"C", "R"}),
        ({"overdue": "1"}, {"A", "H"}),
        ({"supervised": "1"}, {"F"}),
        ({"severity": "major"}, {"F"}),
        ({"area": "food"}, {"B"}),
        ({"rebound": "1"}, {"R"}),
        ({"area": "fire", "overdue": "1"}, {"A", "H"}),
        ({"area": "fire", "state": "closed"}, set("EG")),
    ],
)
def test_the_filters(client, bob, ledger, params, expected):
    client.force_login(bob)
    assert _descriptions(client.get(LEDGER, params)) == expected


def test_the_school_filter_and_the_figures_follow_it(client, bob, charlie, ledger):
    client.force_login(bob)
    response = client.get(LEDGER, {"school": charlie.membership.school_id})
    assert _descriptions(response) == {"H"}
    assert response.context["counts"]["total"] == 1
    assert response.context["counts"]["overdue"] == 1


def test_the_campaign_filter(client, bob, school, ledger):
    campaign = CampaignFactory(bureau=school.bureau)
    hazard(school, campaign=campaign, description="K 两会期间检查发现")
    client.force_login(bob)
    assert _descriptions(client.get(LEDGER, {"campaign": campaign.pk})) == {"K"}


def test_a_school_user_cannot_filter_their_way_into_another_school(client, charlie, school, ledger):
    client.force_login(charlie)
    response = client.get(LEDGER, {"school": school.pk})
    assert response.context["filters"]["school"] == ""
    assert _descriptions(response) == {"H"}


def test_unknown_filters_are_ignored(client, bob, ledger):
    client.force_login(bob)
    params = {
        "school": "999999",
        "area": "meteor",
        "state": "lost",
        "overdue": "yes",
        "campaign": "x",
        "page": "x",
    }
    response = client.get(LEDGER, params)
    assert response.status_code == 200
    assert set(response.context["filters"].values()) == {""}
    assert len(response.context["page"]) == 9


def test_the_figures_ignore_the_list_filters_so_each_links_to_its_list(client, bob, school, ledger):
    client.force_login(bob)
    response = client.get(LEDGER, {"overdue": "1", "school": school.pk})
    assert response.context["counts"]["total"] == 8
    cards = {
        query: (figure, selected)
        for _label, figure, query, selected, _alarm in response.context["count_cards"]
    }
    assert cards[f"school={school.pk}&overdue=1"] == (1, True)
    assert cards[f"school={school.pk}"] == (8, False)
    assert cards[f"school={school.pk}&state=awaiting"] == (1, False)
    assert cards[f"school={school.pk}&rebound=1"] == (1, False)
    assert cards[f"school={school.pk}&state=closed"] == ("25%", False)


def test_each_row_knows_whether_it_is_overdue(client, bob, ledger):
    client.force_login(bob)
    rows = {hazard.description[0]: hazard.overdue for hazard in client.get(LEDGER).context["page"]}
    assert rows == {**dict.fromkeys("BCDEFGR", False), "A": True, "H": True}


def test_the_ledger_is_paginated(client, alice, school):
    template = hazard(school)
    _copies(template, 60, [school])
    client.force_login(alice)
    assert len(client.get(LEDGER).context["page"]) == 50
    assert len(client.get(LEDGER, {"page": 2}).context["page"]) == 11


def test_a_phone_sees_the_main_columns_only(client, bob, ledger):
    client.force_login(bob)
    page = client.get(LEDGER).content.decode()
    # Found (the school under it), hazard (its area under it) and state (the deadline under it) stay on
    # a phone; school, severity, deadline, responsible person and the two flags wait for a wider screen.
    assert page.count('<th class="d-none d-md-table-cell') == 6


# --- Overdue is read in Beijing time --------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "overdue"),
    [
        (datetime(2026, 5, 25, 23, 59, 59, tzinfo=SHANGHAI), False),
        (datetime(2026, 5, 26, 0, 0, 0, tzinfo=SHANGHAI), True),  # still 5月25日 in UTC
    ],
)
def test_a_deadline_is_overdue_only_once_its_day_is_over(
    client, alice, school, time_machine, moment, overdue
):
    due = hazard(school, deadline=date(2026, 5, 25))
    time_machine.move_to(moment, tick=False)
    client.force_login(alice)
    response = client.get(LEDGER)
    assert response.context["counts"]["overdue"] == int(overdue)
    assert [h.overdue for h in response.context["page"]] == [overdue]
    assert len(client.get(LEDGER, {"overdue": "1"}).context["page"]) == int(overdue)
    sheet = _sheet(client.get(EXPORT))
    assert sheet[2][COLUMN["overdue"]].value == ("是" if overdue else "否")  # Django's own Yes/No
    assert due.is_overdue() is overdue


# --- The Excel export -----------------------------------------------------------------------------

COLUMNS = (
    "school_code", "school", "area", "description", "location", "source", "found_by", "found_at", "severity",
    "state", "on_spot", "interim_measures", "plan", "responsible", "deadline", "overdue", "supervised",
    "supervisor", "closed_at", "recheck_date", "rebound_of",
)  # fmt: skip
COLUMN = {name: index for index, name in enumerate(COLUMNS)}


def _sheet(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(response.content)).active


def _rows(sheet):
    return {row[COLUMN["description"]].value[0]: row for row in sheet.iter_rows(min_row=2)}


def test_the_export_has_a_row_per_hazard_with_real_dates(client, bob, school, ledger):
    client.force_login(bob)
    sheet = _sheet(client.get(EXPORT))
    assert sheet.max_column == len(COLUMN) == 21
    rows = _rows(sheet)
    assert set(rows) == set("ABCDEFGRH")
    overdue = rows["A"]
    assert overdue[COLUMN["school_code"]].value == school.code
    assert overdue[COLUMN["school"]].value == school.name
    assert overdue[COLUMN["location"]].value == "教学楼一层东侧"
    assert overdue[COLUMN["found_by"]].value == "张安全"
    assert overdue[COLUMN["found_at"]].value == datetime(2026, 5, 20, 10, 0)  # Beijing wall-clock time
    assert overdue[COLUMN["found_at"]].is_date
    assert overdue[COLUMN["deadline"]].value == datetime(2026, 5, 19)
    assert overdue[COLUMN["deadline"]].number_format == "yyyy-mm-dd"
    assert overdue[COLUMN["responsible"]].value == "李副校长"
    assert overdue[COLUMN["interim_measures"]].value == "设置警示标志"
    assert overdue[COLUMN["closed_at"]].value is None
    assert overdue[COLUMN["rebound_of"]].value is None
    closed = rows["E"]
    assert closed[COLUMN["closed_at"]].value == datetime(2026, 5, 20, 10, 0)
    assert closed[COLUMN["recheck_date"]].value == datetime(2026, 6, 19)
    assert closed[COLUMN["recheck_date"]].is_date
    assert rows["F"][COLUMN["supervisor"]].value == "李安办"
    assert rows["R"][COLUMN["rebound_of"]].value == ledger.recurred.pk
    # Yes/No in the user's language (Django's own catalogue says 是/否).
    assert (overdue[COLUMN["overdue"]].value, closed[COLUMN["overdue"]].value) == ("是", "否")
    assert (rows["F"][COLUMN["supervised"]].value, overdue[COLUMN["supervised"]].value) == ("是", "否")


def test_the_export_follows_the_filters(client, bob, ledger):
    client.force_login(bob)
    assert set(_rows(_sheet(client.get(EXPORT, {"overdue": "1"})))) == {"A", "H"}
    assert set(_rows(_sheet(client.get(EXPORT, {"state": "open", "area": "fire"})))) == set("ACDRH")


def test_a_school_exports_only_its_own(client, charlie, ledger):
    client.force_login(charlie)
    assert set(_rows(_sheet(client.get(EXPORT)))) == {"H"}


def test_text_that_looks_like_a_formula_stays_text(client, alice, school):
    hazard(school, description='=HYPERLINK("http://evil.example","点我")', location="+1+1", found_by="@王")
    client.force_login(alice)
    sheet = _sheet(client.get(EXPORT))
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    row = next(sheet.iter_rows(min_row=2))
    assert row[COLUMN["description"]].value == '=HYPERLINK("http://evil.example","点我")'
    assert row[COLUMN["description"]].data_type == "s"
    assert row[COLUMN["location"]].value == "+1+1"
    assert row[COLUMN["found_by"]].value == "@王"


def test_the_export_is_named_for_the_day(client, alice, ledger):
    client.force_login(alice)
    assert 'filename="hazards-20260520.xlsx"' in client.get(EXPORT)["Content-Disposition"]


# --- A fixed number of queries --------------------------------------------------------------------


def _copies(template, n, schools, supervisor=None):
    """n hazards copied from `template` in one bulk insert, spread over `schools`, states and flags."""
    fields = [field.attname for field in Hazard._meta.concrete_fields if not field.primary_key]
    copies = []
    for i in range(n):
        copy = Hazard(**{name: getattr(template, name) for name in fields})
        copy.school_id = schools[i % len(schools)].pk
        copy.state = ["reported", "rectifying", "awaiting", "closed"][i % 4]
        copy.severity = "major" if i % 5 == 0 else "general"
        copy.deadline = date(2026, 5, 10 + i % 20)
        copy.supervised, copy.supervisor = (True, supervisor) if i % 5 == 0 and supervisor else (False, None)
        copy.rebound_of = template if i % 7 == 0 else None
        copies.append(copy)
    Hazard.objects.bulk_create(copies)


@pytest.fixture
def many(school, bob):
    def make(n):
        template = hazard(school, by=bob)
        _copies(template, n - 1, [school, SchoolFactory(bureau=school.bureau)], supervisor=bob)

    return make


@pytest.mark.parametrize("n", [5, 500])
def test_the_ledger_costs_the_same_queries_for_5_or_500_hazards(
    client, bob, alice, many, django_assert_max_num_queries, n
):  # fmt: skip
    many(n)
    for user in (bob, alice):
        client.force_login(user)
        # session, user, membership, schools for the filter (bureau only), campaigns for the filter,
        # the figures, the page's count, the page's rows, the unread notices in the navigation bar
        with django_assert_max_num_queries(9):
            response = client.get(LEDGER, {"area": "fire"})
        assert response.status_code == 200
        assert len(response.context["page"]) == min(n if user == bob else (n + 1) // 2, 50)


@pytest.mark.parametrize("n", [5, 500])
def test_the_export_costs_the_same_queries_for_5_or_500_hazards(
    client, bob, many, django_assert_max_num_queries, n
):  # fmt: skip
    many(n)
    client.force_login(bob)
    # session, user, membership, schools and campaigns for the filters, the hazards
    with django_assert_max_num_queries(6):
        response = client.get(EXPORT)
    assert len(list(_sheet(response).iter_rows(min_row=2))) == n
