"""The campaign workbook (issue 7): a sheet per subject, real dates, and user text that stays text."""

import datetime
from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.utils.translation import override
from openpyxl import load_workbook

from duty import services as duty_services
from inspections import services as inspection_services
from plans.enums import DeliverableKind
from reports.exporters import CampaignWorkbook
from schools.enums import Role
from tests.duty.conftest import fill_roster
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, hazard, member, open_submission

BEIJING = datetime.timezone(timedelta(hours=8))
DURING = datetime.datetime(2026, 5, 26, 10, tzinfo=BEIJING)
# What users might type that a spreadsheet would run, and a bell that Excel cannot hold.
FORMULA_SCHOOL = '=HYPERLINK("http://evil.example","点我")'
TYPED = ["=1+1", "+8613800138000", "-2+3 配电箱", "@SUM(A1:A9)", "响铃\x07报警"]
WRITTEN = ["=1+1", "+8613800138000", "-2+3 配电箱", "@SUM(A1:A9)", "响铃报警"]


@pytest.fixture(autouse=True)
def during():
    with time_machine.travel(DURING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def tricky_school(bureau):
    return SchoolFactory(bureau=bureau, name=FORMULA_SCHOOL, code="S9999")


@pytest.fixture
def campaign(school, tricky_school):
    return CampaignFactory(bureau=school.bureau)


@pytest.fixture
def filled(campaign, school, tricky_school, alice, principal, bob):
    """A campaign with a record of every subject, much of it typed to look like formulas."""
    for text in TYPED:
        hazard(school, by=alice, campaign=campaign, description=text)
    hazard(tricky_school, by=bob, campaign=campaign, description="校门口护栏松动")
    hazard(school, by=alice, description="不属于本次专项工作的隐患")  # no campaign: not in this workbook
    inspection_services.templates_install_defaults(bureau=school.bureau)
    inspection = inspection_services.inspection_start(
        school=school, by=principal, kind="self", date=datetime.date(2026, 5, 20), areas=["fire", "food"],
        leader=principal, campaign=campaign,
    )  # fmt: skip
    items = list(inspection.items.values_list("pk", flat=True))
    results = {pk: ("fail" if pk == items[0] else "pass", "") for pk in items}
    inspection_services.inspection_record(inspection=inspection, results=results)
    inspection_services.inspection_finish(inspection=inspection, by=principal, summary="@一项不合格")
    roster = open_submission(campaign, school, DeliverableKind.DUTY_ROSTER).duty_roster
    fill_roster(roster)
    for summary in ("=cmd|' /C calc'!A0", "学生\x07摔伤"):
        duty_services.incident_report_first(
            school=school, by=alice, category="injury", severity="general",
            occurred_at=DURING - timedelta(hours=2), summary=summary,
        )  # fmt: skip
    duty_services.incident_report_first(  # before the campaign began: not in it
        school=school, by=alice, category="fire", severity="general",
        occurred_at=datetime.datetime(2026, 4, 1, 9, tzinfo=BEIJING), summary="四月的事件",
    )  # fmt: skip
    return campaign


def workbook_of(campaign, user, **kwargs):
    stream = BytesIO()
    CampaignWorkbook(campaign=campaign, user=user, **kwargs).write(stream)
    stream.seek(0)
    return load_workbook(stream)


def column(sheet, header):
    """The values below `header` in `sheet`."""
    headers = [cell.value for cell in sheet[1]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_it_has_a_sheet_per_subject_with_a_frozen_filtered_bold_header(filled, bob):
    with override("en"):
        workbook = workbook_of(filled, bob)

    assert workbook.sheetnames == [
        "Submissions", "Hazard ledger", "Inspections", "Duty roster", "Incidents",
        # The rest of the plan (reports.parts), each app's sheets in turn.
        "Education by school", "Safety education sessions", "Drills", "Gate register", "Patrol log",
        "Police room", "Petition cases", "Petition milestones", "Tip-offs", "Accountability ledger",
        "Notices to schools",
    ]  # fmt: skip
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert all(cell.font.bold for cell in sheet[1])
        if sheet["A1"].value == "School code":
            assert sheet.column_dimensions["A"].width == 12, sheet.title  # the same width everywhere
    assert workbook["Submissions"].column_dimensions["B"].width == 30


def test_the_headers_and_titles_are_in_chinese_by_default(filled, bob):
    workbook = workbook_of(filled, bob)

    assert workbook.sheetnames[1:5] == ["隐患台账", "检查", "值班表", "突发事件"]
    headers = [cell.value for cell in workbook["隐患台账"][1]]
    assert headers[:4] == ["学校代码", "学校", "重点领域", "隐患描述"]


def test_submissions_have_a_row_per_school_and_deliverable(filled, bob, school):
    with override("en"):
        sheet = workbook_of(filled, bob)["Submissions"]

    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2 * 3  # two schools × work plan, duty roster, summary
    roster = next(r for r in rows if r[0] == school.code and r[2] == "Duty roster")
    assert roster[3] == "Overdue"  # opened, never submitted, due 5月20日
    assert roster[6] == "Draft"


def test_dates_are_real_dates(filled, bob):
    with override("en"):
        workbook = workbook_of(filled, bob)

    hazards = workbook["Hazard ledger"]
    found = hazards.cell(2, 8)
    assert found.is_date and found.number_format == "yyyy-mm-dd hh:mm"
    assert found.value == datetime.datetime(2026, 5, 26, 10, 0)  # Beijing time, as the page shows it
    deadline = hazards.cell(2, 15)
    assert deadline.is_date and deadline.number_format == "yyyy-mm-dd"
    inspected = workbook["Inspections"].cell(2, 5)
    assert inspected.is_date and inspected.value == datetime.datetime(2026, 5, 20)
    assert workbook["Duty roster"].cell(2, 4).is_date
    assert workbook["Incidents"].cell(2, 5).is_date


def test_text_typed_by_users_is_written_as_text_never_as_a_formula(filled, bob):
    with override("en"):
        workbook = workbook_of(filled, bob)

    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
    hazards = workbook["Hazard ledger"]
    assert sorted(column(hazards, "Description")) == sorted([*WRITTEN, "校门口护栏松动"])
    assert FORMULA_SCHOOL in column(hazards, "School")
    for sheet in workbook.worksheets:
        names = [cell for cell in sheet["B"][1:] if cell.value == FORMULA_SCHOOL]
        assert all(cell.data_type == "s" and cell.quotePrefix for cell in names), sheet.title
    formula_like = [cell for cell in hazards["D"][1:] if cell.value.startswith(("=", "+", "-", "@"))]
    assert len(formula_like) == 4 and all(cell.quotePrefix for cell in formula_like)
    assert sorted(column(workbook["Incidents"], "What happened")) == ["=cmd|' /C calc'!A0", "学生摔伤"]
    assert column(workbook["Inspections"], "Overall findings") == ["@一项不合格"]


def test_it_holds_only_the_campaign_and_what_the_requester_may_see(filled, bob, school):
    other_bureau = BureauFactory()
    stranger = SchoolFactory(bureau=other_bureau)
    hazard(stranger, description="别的区的隐患")
    with override("en"):
        workbook = workbook_of(filled, bob)

    descriptions = column(workbook["Hazard ledger"], "Description")
    assert "不属于本次专项工作的隐患" not in descriptions and "别的区的隐患" not in descriptions
    assert len(column(workbook["Incidents"], "School code")) == 2  # not April's incident
    inspections = workbook["Inspections"]
    assert [r[:2] for r in inspections.iter_rows(min_row=2, values_only=True)] == [(school.code, school.name)]
    assert column(inspections, "Areas covered") == ["Fire safety、Food hygiene and safety"]
    checked, failed = column(inspections, "Items checked")[0], column(inspections, "Items failed")[0]
    assert checked > 1 and failed == 1
    # The roster sheet: every covered school, the filled-in one with a row per shift.
    roster = workbook["Duty roster"]
    assert set(column(roster, "School code")) == {school.code, "S9999"}


def test_a_bureau_user_of_another_bureau_exports_nothing_of_this_one(filled):
    outsider = member(Role.BUREAU_ADMIN, BureauFactory())

    workbook = workbook_of(filled, outsider)

    assert workbook["隐患台账"].max_row == 1
    assert workbook["突发事件"].max_row == 1


def test_it_reports_progress_per_sheet_up_to_the_end(filled, bob):
    seen = []

    workbook_of(filled, bob, progress=seen.append)

    sheets = 16
    sheets_done = [pytest.approx(done / sheets) for done in range(1, sheets + 1)]
    assert seen == sorted(seen)
    assert [fraction for fraction in seen if fraction in sheets_done] == sheets_done
