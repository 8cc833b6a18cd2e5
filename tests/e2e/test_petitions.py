"""Petition cases in a browser: a principal records a case on a phone with two milestones; the safety
officer ticks an overdue milestone off and adds a progress note; the school proposes it resolved; the
bureau sends it back once, then closes it. Duty staff are refused.

Uses the browser fixtures of tests/e2e (Debian's Chromium through Playwright) and the demo data.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from petitions import demo as petitions_demo
from petitions.enums import PetitionState
from petitions.models import PetitionCase
from plans.models import Campaign
from schools.models import Membership
from tests.e2e.conftest import screenshot

CASE_PAGE = re.compile(r"/petitions/(\d+)/$")


@pytest.fixture
def petitions(demo):
    campaign = Campaign.objects.get()
    admin = Membership.objects.get(user__username="admin").user
    petitions_demo.seed(campaign=campaign, admin=admin)


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_a_case_from_record_to_closure_on_a_phone(live_server, petitions, login, page):
    page.set_viewport_size({"width": 390, "height": 844})
    login("principal")
    page.goto(f"{live_server.url}/petitions/")
    expect(page.locator("tbody tr")).to_have_count(2)  # S005's two demo cases, no other school's
    expect(page.get_by_text("138****5678")).to_be_visible()  # masked in the list
    screenshot(page, "petition-list-phone")

    page.locator("a[href$='/petitions/new/']").click()
    today = timezone.localdate()
    page.fill("#id_subject", "家长反映学校食堂收费不透明")
    page.fill("#id_parties", "周某等5名家长")
    page.fill("#id_contact_phone", "13700001111")
    page.fill("#id_leader", "王校长")
    page.fill("#id_plan", "公开食堂收支账目，召开家长座谈会")
    page.fill("#id_milestones-0-title", "公示食堂收支账目")
    page.fill("#id_milestones-0-due_date", (today - timedelta(days=1)).isoformat())
    page.fill("#id_milestones-1-title", "召开家长座谈会")
    page.fill("#id_milestones-1-due_date", (today + timedelta(days=7)).isoformat())
    screenshot(page, "petition-form-phone")
    page.locator("form button.btn-primary").click()
    page.wait_for_url(CASE_PAGE)
    case = PetitionCase.objects.get(subject="家长反映学校食堂收费不透明")
    assert (case.school.code, case.state, case.milestones.count()) == ("S005", PetitionState.OPEN, 2)
    expect(page.locator(".badge.text-bg-danger")).to_be_visible()  # one milestone overdue already

    _switch(page, login, "officer")
    page.goto(f"{live_server.url}/petitions/{case.pk}/")
    overdue = case.milestones.order_by("due_date").first()
    page.locator(f"[data-milestone='{overdue.pk}'] button[name=done]").click()  # one tap
    page.fill("#id_text", "账目已在校务公开栏公示，家长代表到场查看")
    page.locator("form[action$='/notes/'] button").click()
    expect(page.get_by_text("账目已在校务公开栏公示，家长代表到场查看")).to_be_visible()
    page.fill("#id_resolution", "账目公开，家长座谈会后家长表示理解")
    page.locator("form[action$='/resolve/'] button").click()
    screenshot(page, "petition-detail-phone")
    case.refresh_from_db()
    assert case.state == PetitionState.RESOLVED
    assert case.notes.get().by.username == "officer"

    page.set_viewport_size({"width": 1280, "height": 800})
    _switch(page, login, "inspector")
    page.goto(f"{live_server.url}/petitions/{case.pk}/")
    page.fill("#id_reason", "座谈会尚未召开")
    page.locator("form[action$='/reopen/'] button").click()
    expect(page.locator("#id_resolution")).to_be_visible()  # back in progress: it can be resolved again
    _switch(page, login, "principal")
    page.goto(f"{live_server.url}/petitions/{case.pk}/")
    page.fill("#id_resolution", "座谈会已召开，家长无异议")
    page.locator("form[action$='/resolve/'] button").click()
    _switch(page, login, "admin")
    page.goto(f"{live_server.url}/petitions/{case.pk}/")
    page.locator("form[action$='/close/'] button").click()
    expect(page.locator("ol.timeline li")).to_have_count(7)
    screenshot(page, "petition-detail-closed")
    case.refresh_from_db()
    assert case.state == PetitionState.CLOSED


def test_duty_staff_are_refused(live_server, petitions, login, page):
    login("duty")
    response = page.goto(f"{live_server.url}/petitions/")
    assert response.status == 403
