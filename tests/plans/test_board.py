"""The bureau's submission board (R10.1) and its Excel export.

The campaign's work plan and duty roster are due 5月20日 23:59:59 and its summary 6月4日 (Beijing
time). Most tests look at the board on 5月25日, when the first two are past due and the summary is not.
"""

import datetime
from io import BytesIO
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.translation import override
from openpyxl import load_workbook

from plans import services
from plans.enums import BoardStatus, DeliverableKind
from plans.enums import SubmissionState as State
from plans.models import Submission
from schools.enums import Role, SchoolKind
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, member, open_submission
from tests.plans.conftest import complete_work_plan

SHANGHAI = ZoneInfo("Asia/Shanghai")
BEFORE_DUE = datetime.datetime(2026, 5, 19, 14, 2, tzinfo=SHANGHAI)
AFTER_DUE = datetime.datetime(2026, 5, 25, 12, 0, tzinfo=SHANGHAI)
LATE = datetime.datetime(2026, 5, 21, 9, 30, tzinfo=SHANGHAI)

WORK_PLAN, ROSTER, SUMMARY = DeliverableKind.WORK_PLAN, DeliverableKind.DUTY_ROSTER, DeliverableKind.SUMMARY


def _file(campaign, school, kind, *, state, submitted_at=None, late=False):
    """Put the school's submission straight into `state`; the workflow itself is tested elsewhere."""
    submission = open_submission(campaign, school, kind)
    Submission.objects.filter(pk=submission.pk).update(state=state, submitted_at=submitted_at, late=late)
    return submission


def _in_english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


class EveryStatus:
    """Six schools whose work plans, on 5月25日, show every status the board knows."""

    def __init__(self, bureau):
        def school(code, name, kind=SchoolKind.PRIMARY):
            return SchoolFactory(bureau=bureau, code=code, name=name, kind=kind)

        self.accepted = school("S01", "验收学校")
        self.on_time = school("S02", "按时学校")
        self.late = school("S03", "逾期提交学校")
        self.returned = school("S04", "退回学校")
        self.draft = school("S05", "草稿学校")
        self.untouched = school("S06", "未动学校", kind=SchoolKind.JUNIOR)
        self.schools = [self.accepted, self.on_time, self.late, self.returned, self.draft, self.untouched]
        self.campaign = CampaignFactory(bureau=bureau, covers=self.schools)
        c = self.campaign
        self.submissions = {
            "accepted": _file(c, self.accepted, WORK_PLAN, state=State.ACCEPTED, submitted_at=BEFORE_DUE),
            "on_time": _file(c, self.on_time, WORK_PLAN, state=State.SUBMITTED, submitted_at=BEFORE_DUE),
            "late": _file(c, self.late, WORK_PLAN, state=State.SUBMITTED, submitted_at=LATE, late=True),
            "returned": _file(c, self.returned, WORK_PLAN, state=State.RETURNED, submitted_at=BEFORE_DUE),
            "overdue": _file(c, self.draft, WORK_PLAN, state=State.DRAFT),
            "draft": _file(c, self.draft, SUMMARY, state=State.DRAFT),
        }


@pytest.fixture
def world(bureau, time_machine):
    time_machine.move_to(AFTER_DUE, tick=False)
    return EveryStatus(bureau)


def _statuses(board, kind):
    """School name → the board status of the deliverable `kind`."""
    index = [d.kind for d in board.deliverables].index(kind)
    return {row.school.name: row.cells[index].status for row in board.rows}


def _counts(board):
    return {d.kind: counts for d, counts in zip(board.deliverables, board.counts, strict=True)}


def _get_board(client, campaign, **params):
    return client.get(reverse("plans:board", args=[campaign.pk]), params)


# --- The page -------------------------------------------------------------------------------------


def test_it_reads_every_status(client, bob, world):
    client.force_login(bob)
    board = _get_board(client, world.campaign).context["board"]
    assert _statuses(board, WORK_PLAN) == {
        "验收学校": BoardStatus.ACCEPTED,
        "按时学校": BoardStatus.ON_TIME,
        "逾期提交学校": BoardStatus.LATE,
        "退回学校": BoardStatus.RETURNED,
        "草稿学校": BoardStatus.OVERDUE,  # a draft past the due moment is as overdue as nothing
        "未动学校": BoardStatus.OVERDUE,
    }
    summary = _statuses(board, SUMMARY)
    assert summary["草稿学校"] == BoardStatus.DRAFT
    assert summary["未动学校"] == BoardStatus.NOT_STARTED


def test_the_page_shows_every_status_in_its_own_colour(client, bob, world):
    client.force_login(_in_english(bob))
    page = _get_board(client, world.campaign).content.decode()
    with override("en"):
        labels = {status: str(status.label) for status in BoardStatus}
    for status, label in labels.items():
        assert f"badge board-status board-status-{status.value}" in page
        assert label in page


def test_a_cell_links_to_the_submission_with_its_time(client, bob, world):
    client.force_login(bob)
    page = _get_board(client, world.campaign).content.decode()
    on_time = world.submissions["on_time"]
    assert reverse("plans:submission_detail", args=[on_time.pk]) in page
    assert "05-19 14:02" in page  # Beijing time, not the UTC 06:02 in the database
    assert "05-21 09:30" in page
    assert "05-20 23:59" in page  # the work plan's due moment, in its column header
    assert reverse("schools:detail", args=[world.untouched.pk]) in page


def test_a_school_that_has_not_started_has_nothing_to_link_to(client, bob, world):
    client.force_login(bob)
    board = _get_board(client, world.campaign).context["board"]
    index = [d.kind for d in board.deliverables].index(SUMMARY)
    untouched = next(row for row in board.rows if row.school == world.untouched)
    assert untouched.cells[index].submission is None


def test_it_counts_each_status_per_deliverable(client, bob, world):
    client.force_login(bob)
    response = _get_board(client, world.campaign)
    counts = _counts(response.context["board"])
    assert counts[WORK_PLAN] == {
        BoardStatus.ACCEPTED: 1, BoardStatus.ON_TIME: 1, BoardStatus.LATE: 1,
        BoardStatus.RETURNED: 1, BoardStatus.OVERDUE: 2,
    }  # fmt: skip
    assert counts[ROSTER] == {BoardStatus.OVERDUE: 6}
    assert counts[SUMMARY] == {BoardStatus.NOT_STARTED: 5, BoardStatus.DRAFT: 1}
    # The summary table lists every status under every column, zeros included.
    table = dict(response.context["status_counts"])
    order = [d.kind for d in response.context["board"].deliverables]
    assert table[BoardStatus.OVERDUE] == [{WORK_PLAN: 2, ROSTER: 6, SUMMARY: 0}[kind] for kind in order]
    assert len(table) == len(BoardStatus)


def test_a_count_links_to_the_board_filtered_by_its_status(client, bob, world):
    client.force_login(bob)
    page = _get_board(client, world.campaign, kind=SchoolKind.PRIMARY).content.decode()
    assert "?kind=primary&amp;status=returned" in page
    assert "?kind=primary&amp;status=not_started" in page


def test_it_filters_by_kind(client, bob, world):
    client.force_login(bob)
    board = _get_board(client, world.campaign, kind=SchoolKind.JUNIOR).context["board"]
    assert [row.school for row in board.rows] == [world.untouched]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (BoardStatus.RETURNED, ["退回学校"]),
        (BoardStatus.LATE, ["逾期提交学校"]),
        (BoardStatus.DRAFT, ["草稿学校"]),
    ],
)
def test_it_shows_the_schools_with_a_cell_in_the_chosen_status(client, bob, world, status, expected):
    client.force_login(bob)
    response = _get_board(client, world.campaign, status=status)
    assert [row.school.name for row in response.context["board"].rows] == expected
    # The counts still describe every school, so the bureau sees what the filter left out.
    assert _counts(response.context["board"])[WORK_PLAN][BoardStatus.OVERDUE] == 2


def test_unknown_filters_are_ignored(client, bob, world):
    client.force_login(bob)
    response = _get_board(client, world.campaign, kind="castle", status="lost")
    assert response.status_code == 200
    assert response.context["filters"] == {"kind": "", "status": ""}
    assert len(response.context["board"].rows) == 6


def test_the_export_button_keeps_the_filters(client, bob, world):
    client.force_login(bob)
    page = _get_board(client, world.campaign, kind="junior", status="overdue").content.decode()
    assert reverse("plans:board_export", args=[world.campaign.pk]) + "?kind=junior&amp;status=overdue" in page


def test_a_plan_submitted_through_the_workflow_is_on_time_then_accepted(
    client, bob, principal, campaign, work_plan_submission, time_machine
):
    time_machine.move_to(BEFORE_DUE, tick=False)
    complete_work_plan(work_plan_submission, signer=principal)
    services.submission_submit(submission=work_plan_submission, by=principal)
    client.force_login(bob)
    assert _statuses(_get_board(client, campaign).context["board"], WORK_PLAN) == {
        "示范区第一小学": BoardStatus.ON_TIME
    }
    services.submission_accept(submission=work_plan_submission, by=bob)
    time_machine.move_to(AFTER_DUE, tick=False)
    client.force_login(bob)  # days later: the session has expired
    assert _statuses(_get_board(client, campaign).context["board"], WORK_PLAN) == {
        "示范区第一小学": BoardStatus.ACCEPTED
    }


def test_a_plan_submitted_after_the_due_moment_is_late(
    client, bob, principal, campaign, work_plan_submission, time_machine
):
    complete_work_plan(work_plan_submission, signer=principal)
    time_machine.move_to(datetime.datetime(2026, 5, 21, 0, 0, tzinfo=SHANGHAI), tick=False)
    services.submission_submit(submission=work_plan_submission, by=principal)
    client.force_login(bob)
    assert _statuses(_get_board(client, campaign).context["board"], WORK_PLAN) == {
        "示范区第一小学": BoardStatus.LATE
    }


# --- Who may see it -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["plans:board", "plans:board_export"])
def test_a_bureau_inspector_and_viewer_may_see_it(client, bureau, inspector, campaign, name):
    viewer = member(Role.BUREAU_VIEWER, bureau, username="qian")
    for user in (inspector, viewer):
        client.force_login(user)
        assert client.get(reverse(name, args=[campaign.pk])).status_code == 200


@pytest.mark.parametrize("name", ["plans:board", "plans:board_export"])
def test_another_bureau_gets_404(client, campaign, name):
    outsider = member(Role.BUREAU_ADMIN, BureauFactory(), username="mallory")
    client.force_login(outsider)
    assert client.get(reverse(name, args=[campaign.pk])).status_code == 404


@pytest.mark.parametrize("name", ["plans:board", "plans:board_export"])
def test_a_school_user_gets_403(client, alice, campaign, name):
    client.force_login(alice)
    assert client.get(reverse(name, args=[campaign.pk])).status_code == 403


# --- Cost -----------------------------------------------------------------------------------------


@pytest.fixture
def sized_campaign(bureau, request, time_machine):
    """A campaign over `request.param` schools, every other one with a submitted work plan."""
    time_machine.move_to(AFTER_DUE, tick=False)
    schools = SchoolFactory.create_batch(request.param, bureau=bureau)
    campaign = CampaignFactory(bureau=bureau, covers=schools)
    for school in schools[::2]:
        _file(campaign, school, WORK_PLAN, state=State.SUBMITTED, submitted_at=BEFORE_DUE)
    return campaign


@pytest.mark.parametrize("sized_campaign", [5, 50], indirect=True)
def test_the_page_costs_the_same_queries_at_any_size(
    client, bob, sized_campaign, django_assert_max_num_queries
):
    client.force_login(bob)
    # Session, user, membership, campaign, unread notices; then deliverables, schools, submissions.
    with django_assert_max_num_queries(8):
        response = _get_board(client, sized_campaign)
    assert len(response.context["board"].rows) == sized_campaign.schools.count()


@pytest.mark.parametrize("sized_campaign", [5, 50], indirect=True)
def test_the_export_costs_the_same_queries_at_any_size(
    client, bob, sized_campaign, django_assert_max_num_queries
):
    client.force_login(bob)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("plans:board_export", args=[sized_campaign.pk]))
    assert _sheet(response).max_row == sized_campaign.schools.count() + 1


# --- The export -----------------------------------------------------------------------------------


def _sheet(response):
    return load_workbook(BytesIO(response.content)).active


def _export(client, campaign, **params):
    return client.get(reverse("plans:board_export", args=[campaign.pk]), params)


def test_the_export_is_an_attachment_named_after_the_campaign(client, bob, world):
    client.force_login(_in_english(bob))
    response = _export(client, world.campaign)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="board-{world.campaign.pk}.xlsx"; ')
    assert f"filename*=UTF-8''{quote(world.campaign.name + '-Submission board.xlsx')}" in disposition


def test_the_export_has_chinese_headers_by_default(client, bob, world):
    client.force_login(bob)
    headers = [cell.value for cell in next(_sheet(_export(client, world.campaign)).iter_rows())]
    assert headers[:3] == ["学校代码", "学校名称", "学段类型"]
    assert len(headers) == 3 + 2 * 3


def test_the_export_has_one_row_per_school_with_status_and_time(client, bob, world):
    client.force_login(_in_english(bob))
    sheet = _sheet(_export(client, world.campaign))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "School code", "School name", "Kind",
        "Work plan status", "Work plan submitted at",
        "Duty roster status", "Duty roster submitted at",
        "Post-campaign summary status", "Post-campaign summary submitted at",
    )  # fmt: skip
    assert [row[:3] for row in rows[1:]] == [
        (school.code, school.name, school.get_kind_display()) for school in world.schools
    ]
    on_time = rows[2]
    assert on_time[3:5] == ("Submitted on time", datetime.datetime(2026, 5, 19, 14, 2))
    assert rows[3][3:5] == ("Submitted late", datetime.datetime(2026, 5, 21, 9, 30))
    assert rows[6][3:5] == ("Overdue", None)
    assert rows[6][7:9] == ("Not started", None)
    submitted_at = sheet.cell(row=3, column=5)
    assert submitted_at.is_date and submitted_at.number_format == "yyyy-mm-dd hh:mm"


def test_the_export_freezes_and_filters_the_header(client, bob, world):
    client.force_login(bob)
    sheet = _sheet(_export(client, world.campaign))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I7"
    assert sheet["A1"].font.b


def test_the_export_follows_the_filters(client, bob, world):
    client.force_login(bob)
    sheet = _sheet(_export(client, world.campaign, kind="junior", status="bogus"))
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["未动学校"]


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "=1+1"])
def test_a_school_name_never_becomes_a_formula(client, bob, bureau, name):
    school = SchoolFactory(bureau=bureau, name=name)
    campaign = CampaignFactory(bureau=bureau, covers=[school])
    client.force_login(bob)
    cell = _sheet(_export(client, campaign))["B2"]
    assert (cell.value, cell.data_type) == (name, "s")


def test_a_control_character_in_a_school_name_is_dropped(client, bob, bureau):
    school = SchoolFactory(bureau=bureau, name="响铃\x07小学")
    campaign = CampaignFactory(bureau=bureau, covers=[school])
    client.force_login(bob)
    cell = _sheet(_export(client, campaign))["B2"]
    assert (cell.value, cell.data_type) == ("响铃小学", "s")
