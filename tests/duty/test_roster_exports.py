"""The printed roster for the gate (R2.4) and the rosters in Excel, one school's and the bureau's."""

import datetime
import re
import subprocess
from datetime import date, time, timedelta
from io import BytesIO
from urllib.parse import unquote

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from duty import coverage, services
from duty.deliverable import roster_days
from duty.exporters import CampaignRostersExporter
from duty.models import DutyRoster
from plans import services as plan_services
from plans.enums import BoardStatus, DeliverableKind
from schools.enums import Role
from tests.duty.conftest import fill_roster, full_days
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, member, open_submission

BEFORE_DUE = datetime.datetime(2026, 5, 18, 10, tzinfo=datetime.timezone(timedelta(hours=8)))
THREE_SHIFTS = (
    ("张值班", "13800138001", time(8), time(16)),
    ("李值班", "13800138002", time(16), time(23)),
    ("欧阳守夜", "010-62345678", time(23), time(8)),
)


def _run(tool, pdf, tmp_path, *args):
    """Run a poppler tool (pdfinfo, pdftotext, pdffonts) on the PDF and return what it prints."""
    path = tmp_path / "roster.pdf"
    path.write_bytes(pdf)
    command = [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])]
    return subprocess.run(command, capture_output=True, check=True).stdout.decode()


def _pages(pdf, tmp_path):
    return int(re.search(r"^Pages:\s+(\d+)$", _run("pdfinfo", pdf, tmp_path), re.M).group(1))


def roster_of(submission):
    return DutyRoster.objects.get(submission=submission)


def fortnight(submission, shifts=THREE_SHIFTS):
    """Fourteen days from 5月22日, three shifts a day, round the clock."""
    roster = roster_of(submission)
    roster.end_date = roster.start_date + timedelta(days=13)
    roster.save()
    return fill_roster(roster, full_days(roster, shifts=shifts))


def pdf_url(submission):
    return reverse("duty:roster_pdf", args=[submission.pk])


def export_url(submission):
    return reverse("duty:roster_export", args=[submission.pk])


def workbook(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(response.content))


# The PDF -------------------------------------------------------------------------------------------


def test_the_gate_copy_is_one_landscape_page_for_fourteen_days_of_three_shifts(
    client, alice, school, roster_submission, tmp_path
):
    school.phone = "010-87654321"
    school.save()
    school.bureau.duty_phone = "010-12345678"
    school.bureau.save()
    roster = fortnight(roster_submission)
    assert coverage.problems(roster_days(roster), roster.start_date, roster.end_date, roster.handover) == []
    client.force_login(alice)

    response = client.get(pdf_url(roster_submission))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'inline; filename="duty-roster-{school.code}.pdf"')
    assert "示范区第一小学" in unquote(disposition)
    assert _pages(response.content, tmp_path) == 1
    info = _run("pdfinfo", response.content, tmp_path)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # landscape
    text = _run("pdftotext", response.content, tmp_path, "-enc", "UTF-8")
    for expected in ("示范区第一小学", "2026年全国两会期间校园安全防范工作", "王校长", "13900000004",
                     "张值班", "13800138001", "欧阳守夜", "010-62345678", "010-12345678", "010-87654321",
                     "5月22日", "6月4日"):  # fmt: skip
        assert expected in text, expected
    assert "wenquanyi" in _run("pdffonts", response.content, tmp_path).lower()


LONG_SHIFTS = (
    ("欧阳守夜人", "0755-12345678-123", time(8), time(16)),
    ("司马值班员", "13800138002", time(16), time(23)),
    ("诸葛夜班员", "0755-87654321-456", time(23), time(8)),
    ("第四值班员", "13800138004", time(12), time(14)),
)


@pytest.mark.parametrize("shifts", [LONG_SHIFTS[:3], LONG_SHIFTS], ids=["3-long", "4-long"])
def test_long_names_and_extensions_still_print_on_one_page(
    client, alice, school, roster_submission, tmp_path, shifts
):
    school.name = "示范区第一实验小学附属幼儿园分园"
    school.phone = "0755-12345678-123"
    school.save()
    fortnight(roster_submission, shifts)
    client.force_login(alice)

    response = client.get(pdf_url(roster_submission))

    assert _pages(response.content, tmp_path) == 1
    assert "诸葛夜班员" in _run("pdftotext", response.content, tmp_path, "-enc", "UTF-8")


def test_every_role_may_print_and_an_outsider_gets_404(client, alice, bob, charlie, roster_submission):
    fill_roster(roster_of(roster_submission))

    for user in (alice, bob):
        client.force_login(user)
        assert client.get(pdf_url(roster_submission)).status_code == 200
    client.force_login(charlie)
    assert client.get(pdf_url(roster_submission)).status_code == 404
    assert client.get(export_url(roster_submission)).status_code == 404


# One school's workbook -----------------------------------------------------------------------------


def test_the_school_export_has_a_row_per_shift_with_real_dates_and_times(client, alice, roster_submission):
    roster = roster_of(roster_submission)
    days = full_days(roster)
    days[0].leader = '=HYPERLINK("http://x")'
    days[1].shifts = []  # a day with a leader and no shift yet still has its row
    fill_roster(roster, days)
    client.force_login(alice)

    response = client.get(export_url(roster_submission))

    assert response.status_code == 200
    assert 'filename="duty-roster-' in response["Content-Disposition"]
    sheet = workbook(response).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 2 + 1 + 5 * 2
    assert len(rows[0]) == 8
    first = rows[1]
    assert first[0] == datetime.datetime(2026, 5, 22)  # a date cell, not text
    assert sheet["A2"].is_date
    assert first[2] == '=HYPERLINK("http://x")'  # text, never a formula
    assert sheet["C2"].data_type == "s"
    assert first[3:] == ("13900000004", time(8), time(20), "张值班", "13800138001")
    assert rows[3][:7] == (
        datetime.datetime(2026, 5, 23),
        rows[3][1],
        "王校长",
        "13900000004",
        None,
        None,
        None,
    )
    assert rows[4][4:6] == (time(8), time(20))


# The bureau's workbook -----------------------------------------------------------------------------


def _covered_schools(bureau, count):
    """`count` schools under one campaign: each with a week of two shifts a day, the first one submitted
    and the last one without a roster at all."""
    schools = [SchoolFactory(bureau=bureau) for _ in range(count)]
    campaign = CampaignFactory(bureau=bureau, covers=schools)
    for school in schools[:-1]:
        submission = open_submission(campaign, school, DeliverableKind.DUTY_ROSTER)
        fill_roster(roster_of(submission))
    first = campaign.deliverables.get(kind=DeliverableKind.DUTY_ROSTER).submissions.get(school=schools[0])
    plan_services.submission_submit(submission=first, by=None)
    return campaign, schools


@time_machine.travel(BEFORE_DUE)
@pytest.mark.parametrize("count", [3, 30])
def test_the_bureau_workbook_has_every_school_in_a_fixed_number_of_queries(
    client, bob, bureau, django_assert_max_num_queries, count
):
    campaign, schools = _covered_schools(bureau, count)
    client.force_login(bob)
    url = reverse("duty:campaign_rosters_export", args=[campaign.pk])

    with django_assert_max_num_queries(9):
        response = client.get(url)

    assert response.status_code == 200
    rows = list(workbook(response).active.iter_rows(values_only=True))
    assert len(rows) == 1 + (count - 1) * 7 * 2 + 1
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])  # by school code
    assert {row[0] for row in rows[1:]} == {school.code for school in schools}
    first, last = rows[1], rows[-1]
    assert first[:2] == (schools[0].code, schools[0].name)
    assert first[3] == datetime.datetime(2026, 5, 22)
    assert first[5:] == ("王校长", "13900000004", time(8), time(20), "张值班", "13800138001")
    assert last[:2] == (schools[-1].code, schools[-1].name)
    assert last[3:] == (None, None, None, None, None, None, None, None)
    states = {row[0]: row[2] for row in rows[1:]}
    assert states[schools[0].code] == BoardStatus.ON_TIME.label
    assert states[schools[1].code] == BoardStatus.DRAFT.label
    assert states[schools[-1].code] == BoardStatus.NOT_STARTED.label


def test_the_bureau_exporter_costs_five_queries(bureau, django_assert_num_queries):
    campaign, _schools = _covered_schools(bureau, 4)

    with django_assert_num_queries(5):
        CampaignRostersExporter(campaign=campaign).write(BytesIO())


def test_the_bureau_workbook_is_for_bureau_users_of_its_own_bureau(client, alice, bureau):
    campaign, _schools = _covered_schools(bureau, 2)
    url = reverse("duty:campaign_rosters_export", args=[campaign.pk])
    outsider = member(Role.BUREAU_ADMIN, BureauFactory(), username="dave")

    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_a_school_roster_saved_with_fewer_days_shows_only_those(client, alice, roster_submission):
    roster = roster_of(roster_submission)
    services.roster_save(roster=roster, start_date=date(2026, 5, 22), end_date=date(2026, 5, 23),
                         days=full_days(roster)[:2])  # fmt: skip
    client.force_login(alice)

    rows = list(workbook(client.get(export_url(roster_submission))).active.iter_rows(values_only=True))

    assert [row[0] for row in rows[1:]] == [datetime.datetime(2026, 5, 22)] * 2 + [
        datetime.datetime(2026, 5, 23)
    ] * 2
