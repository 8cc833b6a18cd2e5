"""In a browser, on the demo data: an inspector records a warning against a school from a phone, the
bureau publishes a notice, and the demo school's principal reads both on a phone.

Browser tests live beside the app's other tests; the fixtures are the ones of tests/e2e.
"""

import re

import pytest
from playwright.sync_api import expect

from accountability import demo as accountability_demo
from accountability.models import Entry, Notice
from campus_safety.celery import app
from plans.models import Campaign
from tests.e2e.conftest import screenshot

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def seeded(demo):
    """The demo, with its accountability records (`seed_demo` may not call this app's seed yet)."""
    from django.contrib.auth import get_user_model

    campaign = Campaign.objects.get()
    accountability_demo.seed(campaign=campaign, admin=get_user_model().objects.get(username="admin"))
    return campaign


@pytest.fixture
def eager_tasks():
    # No worker in a browser test: a notice's notifications are delivered once the publishing commits.
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_an_inspector_records_a_warning_against_a_school_from_a_phone(live_server, seeded, login, page):
    page.set_viewport_size(PHONE)
    login("inspector")
    page.goto(f"{live_server.url}/accountability/new/")
    page.select_option("#id_school", label="S011 示范区第七小学")
    page.select_option("#id_campaign", str(seeded.pk))
    page.locator("form[method=get] button").click()
    page.locator("label[for=id_kind_2]").click()  # Warning
    page.fill("#id_text", "值班表逾期报送，事故瞒报，予以警示。")
    page.locator("[data-evidence=incidents] input[type=checkbox]").first.check()
    page.locator("[data-evidence=submissions] input[type=checkbox]").first.check()
    screenshot(page, "accountability-record-phone")
    page.locator("button[name=record]").click()
    expect(page.get_by_text("值班表逾期报送，事故瞒报，予以警示。")).to_be_visible()
    assert re.search(r"/accountability/\d+/$", page.url)
    entry = Entry.objects.get(text="值班表逾期报送，事故瞒报，予以警示。")
    assert (entry.school.code, entry.kind, entry.campaign) == ("S011", "warning", seeded)
    assert entry.incidents.exists() and entry.submissions.exists()
    links = page.locator("[data-evidence] a")
    expect(links).to_have_count(2)
    screenshot(page, "accountability-entry-phone")


def test_the_bureau_publishes_a_notice_and_the_principal_reads_it_on_a_phone(
    live_server, seeded, login, page, eager_tasks
):  # fmt: skip
    login("admin")
    page.goto(f"{live_server.url}/notices/new/?campaign={seeded.pk}")
    page.fill("#id_title", "关于校门口交通安全的提示")
    page.fill("#id_body", "各学校：请在上下学时段安排教师护导。")
    page.locator("button.btn-primary.btn-lg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("关于校门口交通安全的提示")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("form[action$='/publish/'] button").click()
    expect(page.locator(".alert-warning")).to_have_count(0)  # no longer a draft
    notice = Notice.objects.get(title="关于校门口交通安全的提示")
    assert notice.state == "published"

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    login("principal")
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text("关于校门口交通安全的提示")).to_be_visible()
    page.goto(f"{live_server.url}/notices/")
    page.get_by_text("关于校门口交通安全的提示").click()
    expect(page.get_by_text("各学校：请在上下学时段安排教师护导。")).to_be_visible()
    screenshot(page, "accountability-notice-phone")
    page.goto(f"{live_server.url}/notices/")
    page.get_by_text("关于近期部分学校安全工作落实不到位情况的通报").click()  # the demo's, with cases
    expect(page.locator("#notice-entries-title + .list-group > .list-group-item")).not_to_have_count(0)
    thumbnail = page.locator("img[src$='?thumb=1']")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.naturalWidth") > 0
    screenshot(page, "accountability-demo-notice-phone")
    page.goto(f"{live_server.url}/accountability/")
    expect(page.locator("tbody tr")).not_to_have_count(0)
    screenshot(page, "accountability-ledger-phone")
