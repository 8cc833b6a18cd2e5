"""The incident list (R8.3): who sees what, the filters and counts, the Excel export, the query count.

The clock stands at 2026-05-22 12:00 Beijing time.
"""

from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from duty import services
from duty.enums import WrittenStatus
from schools.enums import Role
from tests.factories import BureauFactory, SchoolFactory, member

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 5, 22, 12, 0, tzinfo=SHANGHAI)
LIST = reverse("duty:incident_list")
EXPORT = reverse("duty:incident_export")


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def reported(school, *, hours_ago=1, minutes_to_call=10, severity="general", category="injury", **fields):
    occurred_at = NOW - timedelta(hours=hours_ago)
    reported_at = occurred_at + timedelta(minutes=minutes_to_call)
    return services.incident_report_first(
        school=school, by=None, category=category, severity=severity, occurred_at=occurred_at,
        summary=fields.pop("summary", "学生受伤"), reported_at=reported_at, **fields,
    )  # fmt: skip


def written(incident):
    return services.incident_write(
        incident=incident, by=None, cause="设施老化", casualties="无", measures="已处置", follow_up=""
    )


class Incidents:
    """Five incidents of `school` and one of charlie's school, each in a state the list can filter on."""

    def __init__(self, school, other):
        # Happened 1h ago, phoned within 10 minutes; general, so written report due tomorrow.
        self.fine = reported(school, summary="操场擦伤")
        # Phoned 45 minutes after it happened: first report late.
        self.late_call = reported(school, minutes_to_call=45, category="fire", summary="实验室起火")
        # Major, happened 3 hours ago, nothing written: overdue since 11:00.
        self.overdue = reported(school, hours_ago=3, severity="major", summary="食堂中毒")
        # The bureau learned of it from the news.
        self.unreported = reported(
            school, severity="serious", category="drowning", unreported=True, unreported_note="新闻报道",
            summary="学生溺水",
        )  # fmt: skip
        # Written and acknowledged.
        self.done = written(reported(school, hours_ago=5, category="traffic", summary="校门口车祸"))
        services.incident_acknowledge(incident=self.done, by=None)
        self.elsewhere = reported(other, summary="另一所学校的事")


@pytest.fixture
def incidents(school, charlie):
    return Incidents(school, charlie.membership.school)


def _summaries(response):
    return {incident.summary for incident in response.context["page"]}


def test_the_bureau_sees_every_school_of_its_bureau(client, bob, incidents):
    client.force_login(bob)
    assert _summaries(client.get(LIST)) == {
        "操场擦伤", "实验室起火", "食堂中毒", "学生溺水", "校门口车祸", "另一所学校的事",
    }  # fmt: skip


def test_a_school_user_sees_only_its_own_school(client, alice, charlie, incidents):
    client.force_login(alice)
    response = client.get(LIST)
    assert "另一所学校的事" not in _summaries(response)
    assert len(response.context["page"]) == 5
    assert response.context["schools"] == []  # no school filter for a school user
    assert response.context["counts"]["total"] == 5
    client.force_login(charlie)
    assert _summaries(client.get(LIST)) == {"另一所学校的事"}


def test_a_school_user_cannot_filter_their_way_into_another_school(client, charlie, school, incidents):
    client.force_login(charlie)
    response = client.get(LIST, {"school": school.pk})
    assert response.context["filters"]["school"] == ""
    assert _summaries(response) == {"另一所学校的事"}


def test_another_bureau_sees_none_of_it(client, incidents):
    stranger = member(Role.BUREAU_ADMIN, BureauFactory())
    client.force_login(stranger)
    response = client.get(LIST)
    assert len(response.context["page"]) == 0
    assert response.context["counts"]["total"] == 0


def test_each_row_says_where_the_written_report_stands(client, bob, incidents):
    client.force_login(bob)
    rows = {incident.summary: incident.written_status for incident in client.get(LIST).context["page"]}
    assert rows["操场擦伤"] == WrittenStatus.DUE
    assert rows["食堂中毒"] == WrittenStatus.OVERDUE
    assert rows["校门口车祸"] == WrittenStatus.ON_TIME


def test_the_counts(client, bob, incidents):
    client.force_login(bob)
    counts = client.get(LIST).context["counts"]
    assert counts == {
        "total": 6,
        "first_late": 2,  # the late call and the unreported one
        "written_overdue": 1,
        "unreported": 1,
        "unacknowledged": 5,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"timeliness": "first_late"}, {"实验室起火", "学生溺水"}),
        ({"timeliness": "written_overdue"}, {"食堂中毒"}),
        ({"timeliness": "unreported"}, {"学生溺水"}),
        ({"timeliness": "written_late"}, set()),
        ({"unacknowledged": "1", "severity": "general"}, {"操场擦伤", "实验室起火", "另一所学校的事"}),
        ({"category": "fire"}, {"实验室起火"}),
        ({"severity": "major"}, {"食堂中毒"}),
    ],
)
def test_the_filters(client, bob, incidents, params, expected):
    client.force_login(bob)
    assert _summaries(client.get(LIST, params)) == expected


def test_the_school_filter_and_the_counts_follow_it(client, bob, charlie, incidents):
    client.force_login(bob)
    response = client.get(LIST, {"school": charlie.membership.school_id})
    assert _summaries(response) == {"另一所学校的事"}
    assert response.context["counts"]["total"] == 1


def test_the_counts_ignore_the_timeliness_filter_so_each_links_to_its_list(client, bob, school, incidents):
    client.force_login(bob)
    response = client.get(LIST, {"timeliness": "written_overdue", "school": school.pk})
    assert response.context["counts"]["total"] == 5
    cards = {query: selected for _label, _n, query, selected, _alarm in response.context["count_cards"]}
    assert cards[f"school={school.pk}&timeliness=written_overdue"] is True
    assert cards[f"school={school.pk}&unacknowledged=1"] is False


def test_unknown_filters_are_ignored(client, bob, incidents):
    client.force_login(bob)
    response = client.get(LIST, {"school": "999999", "category": "meteor", "timeliness": "soon", "page": "x"})
    assert response.status_code == 200
    assert set(response.context["filters"].values()) == {""}
    assert len(response.context["page"]) == 6


def test_a_phone_sees_the_main_columns_only(client, bob, incidents):
    client.force_login(bob)
    page = client.get(LIST).content.decode()
    # school (shown under the time instead), category, first report, acknowledged, link
    assert page.count('<th class="d-none d-md-table-cell">') == 5


def test_the_list_is_paginated(client, bob, school):
    for _ in range(51):
        reported(school)
    client.force_login(bob)
    assert len(client.get(LIST).context["page"]) == 50
    assert len(client.get(LIST, {"page": 2}).context["page"]) == 1


def _many(school, n):
    """n incidents of every kind, written or not, acknowledged or not, spread over the bureau."""
    schools = [school, SchoolFactory(bureau=school.bureau)]
    for i in range(n):
        incident = reported(
            schools[i % 2], hours_ago=1 + i % 30, severity=["general", "major", "serious"][i % 3],
            unreported=i % 7 == 0, unreported_note="",
        )  # fmt: skip
        if i % 2:
            written(incident)
        if i % 3:
            services.incident_acknowledge(incident=incident, by=None)


@pytest.mark.parametrize("n", [5, 50])
def test_the_list_costs_the_same_queries_for_5_or_50_incidents(
    client, bob, alice, school, django_assert_max_num_queries, n
):  # fmt: skip
    _many(school, n)
    for user in (bob, alice):
        client.force_login(user)
        # session, user, membership, schools for the filter (bureau only), count, page, figures
        with django_assert_max_num_queries(8):
            response = client.get(LIST, {"severity": "major"})
        assert response.status_code == 200


# --- The Excel export -----------------------------------------------------------------------------


def _workbook(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(response.content)).active


def test_the_export_has_a_row_per_incident_with_real_dates(client, bob, school, incidents):
    client.force_login(bob)
    sheet = _workbook(client.get(EXPORT))
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 6
    by_summary = {row[12].value: row for row in rows}
    overdue = by_summary["食堂中毒"]
    assert overdue[0].value == school.code
    assert overdue[1].value == school.name
    assert overdue[4].value == datetime(2026, 5, 22, 9, 0)  # happened, Beijing wall-clock time
    assert overdue[4].is_date
    assert overdue[5].value == datetime(2026, 5, 22, 9, 10)
    assert overdue[7].value == datetime(2026, 5, 22, 11, 0)  # written report due
    assert overdue[8].value is None  # not written
    assert overdue[10].value is None  # not acknowledged
    done = by_summary["校门口车祸"]
    assert done[8].value == datetime(2026, 5, 22, 12, 0)
    assert done[10].value == datetime(2026, 5, 22, 12, 0)
    assert done[13].value == "设施老化"
    # Yes/No in the user's language (Django's own catalogue says 是/否).
    unreported = by_summary["学生溺水"]
    assert (unreported[6].value, unreported[11].value) == ("是", "是")
    assert (overdue[6].value, overdue[11].value) == ("否", "否")
    assert by_summary["实验室起火"][6].value == "是"  # phoned 45 minutes after
    assert sheet.max_column == 14


def test_the_export_follows_the_filters(client, bob, incidents):
    client.force_login(bob)
    sheet = _workbook(client.get(EXPORT, {"timeliness": "first_late"}))
    assert {row[12].value for row in sheet.iter_rows(min_row=2)} == {"实验室起火", "学生溺水"}


def test_a_summary_that_looks_like_a_formula_stays_text(client, bob, school):
    reported(school, summary='=HYPERLINK("http://evil.example","点我")')
    client.force_login(bob)
    sheet = _workbook(client.get(EXPORT))
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    summary = next(row[12] for row in sheet.iter_rows(min_row=2))
    assert summary.value == '=HYPERLINK("http://evil.example","点我")'
    assert summary.data_type == "s"


def test_the_export_is_named_for_the_day(client, bob, incidents):
    client.force_login(bob)
    response = client.get(EXPORT)
    assert 'filename="incidents-20260522.xlsx"' in response["Content-Disposition"]


def test_a_school_user_cannot_export(client, alice, incidents):
    client.force_login(alice)
    assert client.get(EXPORT).status_code == 403


@pytest.mark.parametrize("n", [5, 50])
def test_the_export_costs_the_same_queries_for_5_or_50_incidents(
    client, bob, school, django_assert_max_num_queries, n
):  # fmt: skip
    _many(school, n)
    client.force_login(bob)
    # session, user, membership, schools for the filter, the incidents
    with django_assert_max_num_queries(5):
        response = client.get(EXPORT)
    assert len(list(_workbook(response).iter_rows(min_row=2))) == n
