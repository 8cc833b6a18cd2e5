"""The gate register (R6.1) as the school and the bureau read it: scoping, masking, filters and
figures, the Excel export, the query count, and the bureau's gate rules.

The clock stands at Wednesday 2026-05-20 07:30 Beijing time.
"""

from datetime import time
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from schools.enums import Role
from security import services
from security.enums import EntryState
from security.models import GateRules
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, member
from tests.security.conftest import ID_NUMBER, at, register

LIST = reverse("security:gate_list")
EXPORT = reverse("security:gate_export")
RULES = reverse("security:rules")


class Register:
    """Five entries of `school` in different states, one of another school, one of last month."""

    def __init__(self, school, other):
        self.inside = register(school, visitor_name="甲", id_number=ID_NUMBER, time_in=at(7, 0))
        self.flagged = register(
            school, visitor_name="乙", phone="13900000002", temperature=Decimal("37.6"), fever_reason="送药",
            time_in=at(7, 5),
        )  # fmt: skip
        self.waiting = register(school, visitor_name="丙", phone="13900000003", time_in=at(9, 0, day=19))
        self.refused = register(school, visitor_name="丁", phone="13900000004", time_in=at(10, 0, day=19))
        services.gate_entry_answer(entry=self.refused, by=None, confirmed=False)
        self.left = register(school, visitor_name="戊", phone="13900000005", time_in=at(18, 0, day=19))
        services.gate_entry_out(entry=self.left, by=None)
        self.old = register(school, visitor_name="己", phone="13900000006", time_in=at(18, 0, day=1))
        self.elsewhere = register(other, visitor_name="庚", phone="13900000007", time_in=at(7, 0))


@pytest.fixture
def entries(school, charlie):
    return Register(school, charlie.membership.school)


def _names(response):
    return {entry.visitor_name for entry in response.context["page"]}


def test_the_bureau_sees_every_school_of_its_bureau(client, bob, entries):
    client.force_login(bob)
    assert _names(client.get(LIST)) == set("甲乙丙丁戊己庚")


def test_a_school_sees_only_its_own_entries(client, alice, charlie, entries):
    client.force_login(alice)
    assert _names(client.get(LIST)) == set("甲乙丙丁戊己")
    client.force_login(charlie)
    assert _names(client.get(LIST)) == {"庚"}


def test_another_bureau_sees_none(client, entries):
    client.force_login(member(Role.BUREAU_VIEWER, BureauFactory()))
    response = client.get(LIST)
    assert _names(response) == set()


def test_the_bureau_sees_phone_numbers_masked_and_the_school_in_full(client, alice, bob, entries):
    client.force_login(bob)
    page = client.get(LIST).content.decode()
    assert "139****0002" in page and "13900000002" not in page
    client.force_login(alice)
    page = client.get(LIST).content.decode()
    assert "13900000002" in page


def test_nobody_sees_an_id_number_in_full(client, alice, bob, entries):
    for user in (alice, bob):
        client.force_login(user)
        for url in (LIST, reverse("security:gate_detail", args=[entries.inside.pk])):
            page = client.get(url).content.decode()
            assert "**************002X" in page and ID_NUMBER not in page


def test_the_figures_on_top_link_to_the_lists_they_count(client, alice, entries):
    client.force_login(alice)
    cards = {
        label: (figure, query)
        for label, figure, query, _sel, _alarm in client.get(LIST).context["count_cards"]
    }
    figures = [figure for figure, _query in cards.values()]
    assert figures == [6, 1, 1, 3, 1]  # entries, flagged, awaiting host, inside (one since May 1st), refused
    flagged_query = list(cards.values())[1][1]
    assert _names(client.get(f"{LIST}?{flagged_query}")) == {"乙"}


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"show": "awaiting_host"}, {"丙"}),
        ({"show": "inside"}, {"甲", "乙", "己"}),
        ({"show": "refused"}, {"丁"}),
        ({"day": "2026-05-19"}, {"丙", "丁", "戊"}),
        ({"day": "not-a-day", "show": "nonsense"}, set("甲乙丙丁戊己")),
    ],
)
def test_the_filters(client, alice, entries, query, names):
    client.force_login(alice)
    assert _names(client.get(LIST, query)) == names


def test_the_campaign_filter_keeps_the_campaign_period_and_schools(client, bob, school, entries):
    campaign = CampaignFactory(bureau=school.bureau, covers=[school])  # 5月15日 … a week after 5月28日
    client.force_login(bob)
    assert _names(client.get(LIST, {"campaign": campaign.pk})) == set("甲乙丙丁戊")
    assert _names(client.get(LIST, {"campaign": campaign.pk, "school": school.pk, "show": "flagged"})) == {
        "乙"
    }


def _many(school, n):
    for index in range(n):
        register(school, phone=f"138{index:08d}", time_in=at(7, 0))


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_costs_the_same_queries_for_3_or_30_entries(
    client, bob, alice, school, django_assert_max_num_queries, n
):  # fmt: skip
    _many(school, n)
    for user in (bob, alice):
        client.force_login(user)
        # session, user, membership, schools for the filter (bureau only), campaigns for the filter,
        # count, page, figures, unread notifications
        with django_assert_max_num_queries(9):
            response = client.get(LIST, {"show": "inside"})
        assert len(response.context["page"]) == n


# --- The Excel export -----------------------------------------------------------------------------


def _rows(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_bureaus_export_masks_phone_and_id_numbers(client, bob, entries):
    client.force_login(bob)
    rows = _rows(client.get(EXPORT, {"show": "inside"}))
    _header, *body = rows
    assert {row[4] for row in body} == set("甲乙己庚")  # the visitor column
    first = next(row for row in body if row[4] == "甲")
    assert "138****4567" in first and "**************002X" in first
    assert not any(ID_NUMBER in str(cell) or "13801234567" in str(cell) for row in rows for cell in row)


def test_the_schools_export_has_phone_numbers_but_never_id_numbers(client, alice, entries):
    client.force_login(alice)
    rows = _rows(client.get(EXPORT))
    assert any("13801234567" in row for row in rows)
    assert not any(ID_NUMBER in str(cell) for row in rows for cell in row)
    assert len(rows) == 1 + 6


@pytest.mark.parametrize("n", [3, 30])
def test_the_export_costs_the_same_queries_for_3_or_30_entries(
    client, bob, school, django_assert_max_num_queries, n
):  # fmt: skip
    _many(school, n)
    client.force_login(bob)
    # session, user, membership, schools and campaigns for the filters, the entries
    with django_assert_max_num_queries(6):
        response = client.get(EXPORT)
    assert len(_rows(response)) == 1 + n


# --- The bureau's gate rules ----------------------------------------------------------------------


def test_the_bureau_admin_sets_the_fever_limit_and_class_hours(client, bob, bureau):
    client.force_login(bob)
    response = client.post(
        RULES,
        {"fever_threshold": "37.5", "class_periods": "07:40-11:30\n14:10 – 17:00\n19：00至21:00",
         "class_weekdays": ["0", "1", "2", "3", "4", "5"]},
    )  # fmt: skip
    assert response.status_code == 302
    rules = GateRules.objects.get(bureau=bureau)
    assert rules.fever_threshold == Decimal("37.5")
    assert rules.periods() == [(time(7, 40), time(11, 30)), (time(14, 10), time(17, 0)), (time(19), time(21))]
    assert rules.class_weekdays == [0, 1, 2, 3, 4, 5]


def test_new_rules_apply_from_now_on(client, bob, school):
    earlier = register(school, time_in=at(9, 0))
    assert earlier.state == EntryState.AWAITING_HOST
    client.force_login(bob)
    client.post(RULES, {"fever_threshold": "37.3", "class_periods": "", "class_weekdays": []})
    assert register(school, time_in=at(9, 5)).state == EntryState.INSIDE
    earlier.refresh_from_db()
    assert earlier.state == EntryState.AWAITING_HOST


@pytest.mark.parametrize(
    ("periods", "problem"),
    [("8点到12点", "08:00-11:50"), ("11:50-08:00", "早于开始时间"), ("08:00-11:50\n11:00-12:00", "重叠")],
)
def test_bad_class_periods_are_refused_and_kept(client, bob, periods, problem):
    client.force_login(bob)
    response = client.post(
        RULES, {"fever_threshold": "37.3", "class_periods": periods, "class_weekdays": ["0"]}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert problem in str(form.errors["class_periods"])
    assert form["class_periods"].value() == periods


def test_the_rules_are_the_bureau_admins(client, alice, inspector):
    for user in (alice, inspector):
        client.force_login(user)
        assert client.get(RULES).status_code == 403


def test_each_bureau_has_its_own_rules(client, bob, school):
    other = SchoolFactory()
    services.rules_update(
        rules=services.rules_for(other.bureau), fever_threshold=Decimal("37.0"), class_periods=[],
        class_weekdays=[],
    )  # fmt: skip
    assert register(school, temperature=Decimal("37.1")).temperature_flagged is False
    assert register(other, temperature=Decimal("37.1"), fever_reason="复测").temperature_flagged is True
