"""The accountability ledger: who sees which entries, the filters and the figures, the Excel export, and
a query count that does not grow with the ledger."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accountability import services
from accountability.models import Entry
from schools.enums import Role
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, member

LIST = reverse("accountability:list")
EXPORT = reverse("accountability:export")


def _record(school, by, kind, text, campaign=None, **evidence):
    return services.entry_record(
        school=school,
        by=by,
        campaign=campaign,
        kind=kind,
        date=datetime.date(2026, 5, 21),
        text=text,
        **evidence,
    )


class Ledger:
    """Five entries against `school` (one withdrawn) and one against charlie's school."""

    def __init__(self, school, other, campaign, bob, records):
        self.notice = _record(
            school, bob, "notice", "A 工作方案逾期报送", campaign, submissions=[records.late_plan]
        )
        self.interview = _record(
            school, bob, "interview", "B 瞒报事故", campaign, incidents=[records.unreported]
        )
        self.warning = _record(school, bob, "warning", "C 隐患超期", hazards=[records.overdue])
        self.exposure = _record(school, bob, "exposure", "D 暗访发现", campaign, inspections=[records.visit])
        self.withdrawn = _record(school, bob, "notice", "E 录错了", campaign)
        services.entry_withdraw(entry=self.withdrawn, by=bob, reason="录入有误")
        self.elsewhere = _record(other, bob, "warning", "F 别校", campaign)


@pytest.fixture
def ledger(school, charlie, campaign, bob, records):
    return Ledger(school, charlie.membership.school, campaign, bob, records)


def _letters(response):
    return {entry.text[0] for entry in response.context["page"]}


def test_the_bureau_sees_every_school_of_its_bureau(client, viewer, ledger):
    client.force_login(viewer)
    assert _letters(client.get(LIST)) == set("ABCDEF")


@pytest.mark.parametrize("role", ["alice", "principal"])
def test_the_principal_and_safety_officer_see_their_own_school(client, request, role, ledger):
    client.force_login(request.getfixturevalue(role))
    response = client.get(LIST)
    assert _letters(response) == set("ABCDE")
    assert response.context["schools"] == []  # no school filter for a school user
    assert response.context["can_record"] is False


def test_the_neighbour_school_sees_only_its_own(client, charlie, ledger):
    client.force_login(charlie)
    assert _letters(client.get(LIST)) == {"F"}


def test_duty_staff_do_not_see_the_ledger(client, duty, ledger):
    client.force_login(duty)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("accountability:detail", args=[ledger.notice.pk])).status_code == 403


def test_another_bureau_sees_none_of_it(client, ledger):
    client.force_login(member(Role.BUREAU_ADMIN, BureauFactory()))
    response = client.get(LIST)
    assert len(response.context["page"]) == 0
    assert response.context["counts"]["total"] == 0
    assert client.get(reverse("accountability:detail", args=[ledger.notice.pk])).status_code == 404


def test_the_figures_on_top(client, bob, ledger):
    client.force_login(bob)
    counts = client.get(LIST).context["counts"]
    assert counts == {"total": 5, "withdrawn": 1, "notice": 1, "interview": 1, "warning": 2, "exposure": 1}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "notice"}, {"A", "E"}),
        ({"kind": "warning"}, {"C", "F"}),
        ({"state": "withdrawn"}, {"E"}),
        ({"state": "in_force", "kind": "notice"}, {"A"}),
        ({"kind": "meteor", "state": "lost", "school": "x", "campaign": "999999"}, set("ABCDEF")),
    ],
)
def test_the_filters(client, bob, ledger, params, expected):
    client.force_login(bob)
    assert _letters(client.get(LIST, params)) == expected


def test_the_school_and_campaign_filters_and_the_figures_follow_them(client, bob, school, campaign, ledger):
    client.force_login(bob)
    response = client.get(LIST, {"school": school.pk, "campaign": campaign.pk, "kind": "exposure"})
    assert _letters(response) == {"D"}
    assert response.context["counts"]["total"] == 3  # A, B, D: C has no campaign, E is withdrawn
    cards = {query: (figure, selected) for _l, figure, query, selected, _a in response.context["count_cards"]}
    assert cards[f"school={school.pk}&campaign={campaign.pk}&kind=exposure&state=in_force"] == (1, False)
    assert cards[f"school={school.pk}&campaign={campaign.pk}&state=withdrawn"] == (1, False)


def test_a_school_user_cannot_filter_their_way_into_another_school(client, charlie, school, ledger):
    client.force_login(charlie)
    response = client.get(LIST, {"school": school.pk})
    assert response.context["filters"]["school"] == ""
    assert _letters(response) == {"F"}


# --- The Excel export -----------------------------------------------------------------------------

COLUMNS = ("id", "school_code", "school", "campaign", "kind", "date", "text", "evidence", "state", "corrects",
           "recorded_by", "recorded_at", "withdrawn_at", "withdrawal_reason")  # fmt: skip
COLUMN = {name: index for index, name in enumerate(COLUMNS)}


def _rows(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_column == len(COLUMNS)
    return {row[COLUMN["text"]].value[0]: row for row in sheet.iter_rows(min_row=2)}


def test_the_export_has_a_row_per_entry_with_its_evidence(client, bob, school, campaign, records, ledger):
    client.force_login(bob)
    rows = _rows(client.get(EXPORT))
    assert set(rows) == set("ABCDEF")
    notice = rows["A"]
    assert notice[COLUMN["school_code"]].value == school.code
    assert notice[COLUMN["campaign"]].value == "两会专项行动"
    assert notice[COLUMN["date"]].value == datetime.datetime(2026, 5, 21)
    assert notice[COLUMN["date"]].is_date
    assert notice[COLUMN["recorded_by"]].value == "李安办"
    assert f"#{records.late_plan.pk}" in notice[COLUMN["evidence"]].value
    assert f"#{records.overdue.pk}" in rows["C"][COLUMN["evidence"]].value
    assert rows["C"][COLUMN["campaign"]].value is None
    assert rows["E"][COLUMN["withdrawal_reason"]].value == "录入有误"
    assert rows["E"][COLUMN["withdrawn_at"]].is_date
    assert rows["F"][COLUMN["evidence"]].value is None


def test_the_export_follows_the_filters_and_the_school(client, bob, alice, ledger):
    client.force_login(bob)
    assert set(_rows(client.get(EXPORT, {"kind": "warning"}))) == {"C", "F"}
    client.force_login(alice)
    assert set(_rows(client.get(EXPORT))) == set("ABCDE")


def test_the_school_export_leaves_out_what_an_unpublished_visit_found(client, alice, records, ledger):
    client.force_login(alice)
    assert _rows(client.get(EXPORT))["D"][COLUMN["evidence"]].value is None


def test_text_that_looks_like_a_formula_stays_text(client, bob, school):
    _record(school, bob, "notice", '=HYPERLINK("http://evil.example","点我")')
    client.force_login(bob)
    sheet = load_workbook(BytesIO(client.get(EXPORT).content)).active
    cell = next(sheet.iter_rows(min_row=2))[COLUMN["text"]]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil.example","点我")', "s")


# --- A fixed number of queries --------------------------------------------------------------------


KINDS = ("notice", "warning")


@pytest.fixture
def many(school, bob, records):
    """n entries over two schools and two campaigns, each with evidence of every kind."""

    def make(n):
        second = SchoolFactory(bureau=school.bureau)
        campaigns = [CampaignFactory(bureau=school.bureau, covers=[school, second]) for _ in range(2)]
        template = _record(
            school, bob, "warning", "模板", hazards=[records.overdue], incidents=[records.unreported],
            submissions=[records.late_plan], inspections=[records.self_check],
        )  # fmt: skip
        entries = Entry.objects.bulk_create(
            Entry(school=(school, second)[i % 2], campaign=campaigns[i % 2], kind=KINDS[i % 2],
                  date=datetime.date(2026, 5, 1 + i % 20), text=f"第{i}条", recorded_by=bob)
            for i in range(n - 1)
        )  # fmt: skip
        for field in ("hazards", "incidents", "submissions", "inspections"):
            through = getattr(Entry, field).through
            target = getattr(template, field).get()
            column = Entry._meta.get_field(field).m2m_reverse_field_name()
            through.objects.bulk_create(through(entry=entry, **{column: target}) for entry in entries)

    return make


@pytest.mark.parametrize("n", [5, 300])
def test_the_ledger_costs_the_same_queries_for_5_or_300_entries(
    client, bob, alice, many, django_assert_num_queries, n
):  # fmt: skip
    many(n)
    for user, expected in ((bob, 9), (alice, 8)):
        client.force_login(user)
        # session, user, membership, schools for the filter (bureau only), campaigns for the filter,
        # the figures, the page's count, the page's rows, the unread notifications in the navigation bar
        with django_assert_num_queries(expected):
            response = client.get(LIST, {"kind": "notice"})
        assert response.status_code == 200


@pytest.mark.parametrize("n", [5, 300])
def test_the_export_costs_the_same_queries_for_5_or_300_entries(
    client, bob, many, django_assert_num_queries, n
):  # fmt: skip
    many(n)
    client.force_login(bob)
    # session, user, membership, schools and campaigns for the filters, evidence of five kinds, the rows
    with django_assert_num_queries(11):
        response = client.get(EXPORT)
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2))
    assert len(rows) == n
    assert all(row[COLUMN["evidence"]].value for row in rows)
