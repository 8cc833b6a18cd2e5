"""The bureau's dashboard, the campaign workbook and the summary PDF in a browser, on the demo data;
and the school home a safety officer sees first."""

import subprocess
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from campus_safety.celery import app
from tests.e2e.conftest import screenshot


@pytest.fixture
def eager_tasks():
    # No worker in a browser test: the export task runs in the request that commits the job.
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def _dashboard(page):
    # The bureau's home lists the campaigns in progress; the name leads to the dashboard.
    page.get_by_role("link", name="全国“两会”期间校园安全防范工作（演示）").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("专项工作数据看板")


def _export(page, live_server, kind):
    page.locator(f"form[action$='/exports/{kind}/'] button").click()
    download = page.locator("#export-download")
    expect(download).to_be_visible(timeout=60_000)
    response = page.request.get(live_server.url + download.get_attribute("href"))
    assert response.ok
    return response.body()


def test_the_bureau_reads_the_dashboard_and_downloads_both_reports(
    live_server, demo, login, page, eager_tasks, tmp_path
):
    login("viewer")
    _dashboard(page)
    expect(page.locator("svg").first).to_be_visible()
    screenshot(page, "dashboard")
    dashboard_url = page.url
    workbook = load_workbook(BytesIO(_export(page, live_server, "workbook")))
    assert len(workbook.sheetnames) == 16  # five of its own, eleven of reports.parts
    page.goto(dashboard_url)
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(_export(page, live_server, "summary"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "示范区教育局" in text and "示范区第一小学" in text
    page.goto(dashboard_url)
    screenshot(page, "dashboard-phone", width=390)


def test_the_safety_officer_sees_deadlines_hazards_and_duty_first(live_server, demo, login, page):
    page.set_viewport_size({"width": 390, "height": 844})
    login("officer")
    body = page.locator("main")
    expect(body).to_contain_text("工作方案")
    expect(body).to_contain_text("刘值班")  # on duty now at the demo school, day or night
    screenshot(page, "school-home-phone")
