import re
from datetime import datetime, time
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot


def test_a_safety_officer_logs_in_and_sees_the_chinese_school_home(demo, login, page):
    login("officer")
    expect(page.get_by_role("heading", level=1)).to_have_text("示范区第一小学")
    expect(page.get_by_role("link", name="首页")).to_be_visible()
    expect(page.get_by_text("张安全").first).to_be_visible()
    expect(page.get_by_text("王校长").first).to_be_visible()
    screenshot(page, "school-home")
    screenshot(page, "school-home-phone", width=390)
    # On a phone the menu folds behind the toggler and still opens.
    page.get_by_role("button", name="菜单").click()
    expect(page.get_by_role("link", name="本校")).to_be_visible()


def test_a_bureau_admin_sees_its_schools_and_filters_them(demo, login, page):
    login("admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("示范区教育局")
    screenshot(page, "bureau-home")
    page.get_by_role("link", name="未复学").first.click()
    expect(page).to_have_url(re.compile(r"reopened=no"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    screenshot(page, "school-list-phone", width=390)


def test_a_wrong_password_shows_a_chinese_error_and_keeps_the_login_name(live_server, demo, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("登录名").fill("officer")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("请输入一个正确的用户名和密码")).to_be_visible()
    expect(page.get_by_label("登录名")).to_have_value("officer")


def test_reminders_of_the_demo_wait_in_the_officers_notification_centre(live_server, demo, login, page):
    # Overdue reminders leave at 08:00 Beijing time: sweep at 10:00 of today, whatever the hour now.
    today = timezone.localdate()
    with time_machine.travel(timezone.make_aware(datetime.combine(today, time(10))), tick=False):
        call_command("send_reminders", stdout=StringIO())
    login("officer")
    badge = page.locator("a[href='/notifications/'] .badge")
    expect(badge).to_have_text(re.compile(r"^\d+$"))
    page.locator("a[href='/notifications/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("通知")
    expect(page.locator(".list-group-item", has_text="工作方案").first).to_be_visible()
    screenshot(page, "notifications")
