"""The campaign journey in a browser: template → draft → sign → submit → return → resubmit → accept."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def _create_campaign_from_template(page, live_server):
    start = timezone.localdate() - timedelta(days=2)
    page.goto(f"{live_server.url}/campaigns/new/")
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_opening_date", (start + timedelta(days=7)).isoformat())
    page.fill("#id_closing_date", (start + timedelta(days=14)).isoformat())
    page.locator("form[method=get] button").click()
    # The plan: due five days after the start, at the end of that day.
    expect(page.locator("#id_work_plan_due")).to_have_value(f"{start + timedelta(days=5)}T23:59")
    page.fill("#id_name", "浏览器测试专项")
    page.locator("#submit-id-submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("浏览器测试专项")


def _draft_work_plan(page):
    page.get_by_role("link", name="专项工作").first.click()
    page.get_by_role("link", name="浏览器测试专项").click()
    page.locator("form[action*='/file/work_plan/'] button").click()
    page.fill("#id_meeting_date", timezone.localdate().isoformat())
    page.fill("#id_meeting_chair", "王校长")
    page.fill("#id_meeting_attendees", "校领导班子、年级组长")
    page.fill("#id_meeting_decisions", "成立安全工作领导小组")
    page.fill("#id_risk_analysis", "校门口交通、食堂")
    page.fill("#id_control_measures", "护导岗、晨检留样")
    page.fill("#id_responsibilities-0-post", "校长")
    page.fill("#id_responsibilities-0-person", "王校长")
    page.fill("#id_responsibilities-0-duties", "全面负责")
    screenshot(page, "work-plan-form-phone", width=390)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="保存草稿").click()


def _submit(page):
    page.locator("form[action$='/submit/'] button").click()
    expect(page.locator(".status").first).to_have_text("按时提交")


def test_a_work_plan_goes_round_the_review_loop(live_server, demo, login, page):
    login("admin")
    _create_campaign_from_template(page, live_server)

    _switch(page, login, "officer")
    _draft_work_plan(page)
    expect(page.locator("form[action$='/submit/'] button")).to_be_disabled()  # not signed off yet
    submission_url = page.url

    _switch(page, login, "principal")
    page.goto(submission_url)
    page.locator("form[action$='/sign/'] button").click()
    _submit(page)

    _switch(page, login, "inspector")
    page.goto(submission_url)
    page.fill("#id_reason", "请补充实验室危化品管控措施")
    page.locator("button[value=return]").click()
    expect(page.locator(".status").first).to_have_text("已退回")

    _switch(page, login, "officer")
    page.goto(submission_url)
    expect(page.get_by_text("请补充实验室危化品管控措施").first).to_be_visible()
    _submit(page)

    _switch(page, login, "admin")
    page.goto(submission_url)
    page.locator("button[value=accept]").click()
    expect(page.locator(".status").first).to_have_text("已通过")
    screenshot(page, "submission-accepted")
    page.get_by_role("link", name="报送情况看板").first.click()
    expect(page.locator(".board-table")).to_contain_text("示范区第一小学")
    screenshot(page, "board")
    screenshot(page, "board-phone", width=390)
