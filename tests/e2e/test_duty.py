"""A 14-day roster built and submitted in a phone browser, and an incident's first report."""

import re
import subprocess
from datetime import timedelta

from playwright.sync_api import expect

from plans.enums import DeliverableKind
from plans.models import Submission
from tests.e2e.conftest import screenshot


def _fill_first_day(page, stamp):
    page.fill(f"#id_d{stamp}-leader", "陈校长")
    page.fill(f"#id_d{stamp}-leader_phone", "13912345678")
    for index, (person, phone, start, end) in enumerate(
        [("周保安", "13911112222", "08:00", "20:00"), ("吴老师", "13933334444", "20:00", "08:00")]
    ):
        page.fill(f"#id_s{stamp}-{index}-person", person)
        page.fill(f"#id_s{stamp}-{index}-phone", phone)
        page.fill(f"#id_s{stamp}-{index}-start", start)
        page.fill(f"#id_s{stamp}-{index}-end", end)


def test_a_safety_officer_builds_and_submits_a_fourteen_day_roster_on_a_phone(
    live_server, demo, login, page, tmp_path
):
    page.set_viewport_size({"width": 390, "height": 844})
    login("officer2")
    submission = Submission.objects.get(school__code="S006", deliverable__kind=DeliverableKind.DUTY_ROSTER)
    roster = submission.duty_roster
    page.goto(f"{live_server.url}/rosters/{submission.pk}/edit/")
    last = roster.start_date + timedelta(days=13)
    page.fill("#id_end_date", last.isoformat())
    stamp = roster.start_date.strftime("%Y%m%d")
    _fill_first_day(page, stamp)
    page.locator("button[value=fill_all]").click()
    expect(page.locator(f"#id_d{last:%Y%m%d}-leader")).to_have_value("陈校长")
    screenshot(page, "roster-form-phone")
    page.locator("button[value=save]").click()
    # The demo's roster was due five days ago: the submission is late, and the board says so.
    page.locator("form[action$='/submit/'] button").click()
    expect(page.locator(".status").first).to_have_text("逾期提交")
    roster.refresh_from_db()
    assert (roster.start_date, roster.end_date) == (roster.start_date, last)
    assert roster.days.count() == 14

    pdf = page.request.get(f"{live_server.url}/rosters/{submission.pk}/roster.pdf")
    assert pdf.ok
    (tmp_path / "roster.pdf").write_bytes(pdf.body())
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "roster.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "陈校长" in text and "吴老师" in text and "13933334444" in text
    info = subprocess.run(["pdfinfo", str(tmp_path / "roster.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info


def test_duty_staff_record_a_first_report_from_a_phone(live_server, demo, login, page):
    page.set_viewport_size({"width": 390, "height": 844})
    login("duty")
    page.goto(f"{live_server.url}/incidents/new/")
    page.locator("label[for=id_category_0]").click()
    page.locator("label[for=id_severity_0]").click()
    page.fill("#id_summary", "学生在操场摔倒擦伤膝盖")
    page.fill("#id_received_by_name", "赵督查")
    screenshot(page, "incident-first-report-phone")
    page.locator("button.btn-danger.btn-lg").click()
    expect(page.get_by_text("学生在操场摔倒擦伤膝盖")).to_be_visible()
    assert re.search(r"/incidents/\d+/$", page.url)


def test_the_bureau_sees_who_is_on_duty_now_with_empty_schools_first(live_server, demo, login, page):
    login("viewer")
    page.get_by_role("link", name="专项工作").first.click()
    page.get_by_role("link", name="全国“两会”期间校园安全防范工作（演示）").click()
    page.get_by_role("link", name="当前值班情况").click()
    rows = page.locator("tbody tr")
    expect(rows.first).to_have_class(re.compile("table-danger"))
    expect(rows.last).not_to_have_class(re.compile("table-danger"))
    screenshot(page, "on-duty-now")
