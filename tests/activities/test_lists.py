"""The lists of sessions and drills: who sees what, the filters and figures, the Excel exports, and query
counts that do not grow with the lists."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from schools.enums import Role
from tests.activities.conftest import done, drill, session
from tests.factories import BureauFactory, SchoolFactory, member, photo

SESSIONS = reverse("activities:session_list")
DRILLS = reverse("activities:drill_list")


@pytest.fixture
def records(school, charlie, campaign):
    """Sessions and drills of `school` (in the campaign or not) and one of each at charlie's school."""
    other = charlie.membership.school
    session(school, topics=["epidemic", "fire"], campaign=campaign, title="A 防疫", participants=100)
    session(school, topics=["drowning"], form="blackboard", title="B 防溺水", participants=50)
    session(other, topics=["epidemic"], campaign=campaign, title="C 其他学校", participants=30)
    drill(school, day=date(2026, 5, 19), title="D 逾期", campaign=campaign)
    drill(school, day=date(2026, 5, 20), title="E 今天")
    done(drill(school, day=date(2026, 5, 18), kind="earthquake", title="F 完成"), problems=["x"])
    drill(other, day=date(2026, 5, 15), title="G 其他学校逾期", campaign=campaign)
    cancelled = drill(school, day=date(2026, 5, 21), title="H 取消")
    from activities import services

    services.drill_cancel(drill=cancelled, by=None, reason="改期")


def _titles(response):
    return {row.title[0] for row in response.context["page"]}


def test_a_school_user_sees_its_own_school(client, alice, records):
    client.force_login(alice)
    assert _titles(client.get(SESSIONS)) == {"A", "B"}
    assert _titles(client.get(DRILLS)) == set("DEFH")
    assert client.get(SESSIONS).context["schools"] == []


def test_the_bureau_sees_every_school_and_another_bureau_none(client, bob, records):
    client.force_login(bob)
    assert _titles(client.get(SESSIONS)) == {"A", "B", "C"}
    assert _titles(client.get(DRILLS)) == set("DEFGH")
    client.force_login(member(Role.BUREAU_ADMIN, BureauFactory()))
    assert _titles(client.get(SESSIONS)) == set()
    assert client.get(DRILLS).context["counts"]["total"] == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "epidemic"}, {"A", "C"}),
        ({"topic": "fire"}, {"A"}),
        ({"form": "blackboard"}, {"B"}),
        ({"campaign": "@campaign"}, {"A", "C"}),
        ({"school": "@school"}, {"A", "B"}),
        ({"topic": "unknown"}, {"A", "B", "C"}),  # a value we do not know is ignored
    ],
)
def test_the_session_filters(client, bob, records, campaign, school, params, expected):
    params = {k: {"@campaign": campaign.pk, "@school": school.pk}.get(v, v) for k, v in params.items()}
    client.force_login(bob)
    assert _titles(client.get(SESSIONS, params)) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "overdue"}, {"D", "G"}),  # E is due today: not yet overdue
        ({"state": "planned"}, {"D", "E", "G"}),
        ({"state": "done"}, {"F"}),
        ({"state": "cancelled"}, {"H"}),
        ({"kind": "earthquake"}, {"F"}),
        ({"campaign": "@campaign", "state": "overdue"}, {"D", "G"}),
    ],
)
def test_the_drill_filters(client, bob, records, campaign, params, expected):
    params = {k: {"@campaign": campaign.pk}.get(v, v) for k, v in params.items()}
    client.force_login(bob)
    assert _titles(client.get(DRILLS, params)) == expected


def test_the_figures_on_top(client, bob, records):
    client.force_login(bob)
    response = client.get(SESSIONS, {"topic": "fire"})
    assert response.context["counts"] == {"total": 3, "participants": 180, "schools": 2}
    cards = {query: figure for _label, figure, query, _selected, _alarm in response.context["count_cards"]}
    assert (cards[""], cards["topic=epidemic"], cards["topic=drowning"], cards["topic=law"]) == (3, 2, 1, 0)
    counts = client.get(DRILLS).context["counts"]
    assert counts == {"total": 5, "planned": 3, "overdue": 2, "done": 1, "cancelled": 1}


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_the_session_export_follows_the_filters(client, bob, records, school):
    client.force_login(bob)
    rows = _sheet(client.get(reverse("activities:session_export"), {"school": school.pk}))
    assert len(rows) == 3  # the header and A, B
    titles = {row[5] for row in rows[1:]}
    assert titles == {"A 防疫", "B 防溺水"}
    topics = next(row[6] for row in rows[1:] if row[5] == "A 防疫")
    assert topics.count("、") == 1  # two topics


def test_the_drill_export_marks_overdue_and_lists_problems(client, alice, records):
    client.force_login(alice)
    rows = _sheet(client.get(reverse("activities:drill_export")))
    by_title = {row[4]: row for row in rows[1:]}
    assert set(by_title) == {"D 逾期", "E 今天", "F 完成", "H 取消"}
    assert by_title["D 逾期"][7] != by_title["E 今天"][7]  # Yes / No
    assert by_title["F 完成"][13] == "x"


def test_text_that_looks_like_a_formula_stays_text(client, alice, school):
    session(school, title="=HYPERLINK(1)")
    client.force_login(alice)
    rows = _sheet(client.get(reverse("activities:session_export")))
    assert rows[1][5] == "=HYPERLINK(1)"


def _many(bureau, count):
    for _ in range(count):
        school = SchoolFactory(bureau=bureau)
        session(school, topics=["fire", "law"], photos=[photo()])
        done(drill(school), problems=["a", "b"])
        drill(school, day=date(2026, 5, 1))


@pytest.mark.parametrize("count", [2, 12])
@pytest.mark.parametrize("url", [SESSIONS, DRILLS])
def test_a_list_costs_the_same_queries_at_any_size(client, bob, count, url, django_assert_num_queries):
    _many(bob.membership.bureau, count)
    client.force_login(bob)
    # session, user, membership, schools filter, campaigns filter, page count, counts, (topic counts),
    # unread notifications (navbar), rows, (topics of the rows)
    with django_assert_num_queries(11 if url == SESSIONS else 9):
        response = client.get(url)
    assert len(response.context["page"]) == count * (1 if url == SESSIONS else 2)


@pytest.mark.parametrize("count", [2, 12])
@pytest.mark.parametrize("name", ["activities:session_export", "activities:drill_export"])
def test_an_export_costs_the_same_queries_at_any_size(client, bob, count, name, django_assert_num_queries):
    _many(bob.membership.bureau, count)
    client.force_login(bob)
    with django_assert_num_queries(7):
        response = client.get(reverse(name))
    assert len(_sheet(response)) == 1 + count * (1 if "session" in name else 2)
