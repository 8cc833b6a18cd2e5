"""The main pages under the real Content-Security-Policy in Chromium, on the demo data: nothing is blocked.

Chromium reports a blocked inline script or style twice: as a console error ("Refused to … because it
violates the following Content Security Policy directive …") and as a `securitypolicyviolation`
event in the page. The watcher below listens for both on every page, and first proves on a canary that
it does hear a violation (so a silent watcher cannot pass the test).
"""

import re

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from duty.models import Incident
from hazards.models import Hazard
from inspections import services as inspection_services
from plans.enums import DeliverableKind
from plans.models import Campaign, Submission
from schools.enums import Role
from schools.models import Membership
from tests.e2e.conftest import screenshot

# Runs in every document before the page's own scripts; Playwright injects it outside the page's CSP.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
      + ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class Watcher:
    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(f"{self.page.url}: {message.text}")

    def visit(self, url):
        response = self.page.goto(url)
        assert response.ok, f"{url}: {response.status}"
        return self.check()

    def check(self):
        """Violations on the current page (events) and since the start (console); then forget them."""
        self.page.wait_for_load_state("load")
        events = self.page.evaluate("window.__cspViolations || []")
        found = [f"{self.page.url}: {event}" for event in events] + self.console
        self.page.evaluate("window.__cspViolations = []")
        self.console.clear()
        return found


@pytest.fixture
def watcher(page):
    return Watcher(page)


def _code(device, *, steps_ahead=0):
    """The code the user's app shows (or will show `steps_ahead` time steps from now)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def test_the_watcher_hears_a_blocked_inline_style_and_script(live_server, watcher, page):
    assert watcher.visit(f"{live_server.url}/accounts/login/") == []
    page.evaluate(
        """() => {
      const div = document.createElement("div");
      div.innerHTML = '<p style="color: red">canary</p><img src="x" onerror="window.canary = 1">';
      document.body.append(div);
    }"""
    )
    page.wait_for_timeout(300)
    found = watcher.check()
    assert any("style-src" in line for line in found), found
    assert any("script-src" in line for line in found), found
    assert page.evaluate("window.canary") is None  # enforced, not just reported


def test_school_pages_break_no_rule_of_the_policy(live_server, demo, login, watcher, page):
    s005 = Membership.objects.get(user__username="principal").school
    principal = Membership.objects.get(school=s005, role=Role.PRINCIPAL).user
    inspection = inspection_services.inspection_start(
        school=s005, by=principal, kind="self", date=timezone.localdate(), areas=["fire"], leader=principal
    )
    hazard = Hazard.objects.filter(school=s005).first()
    incident = Incident.objects.filter(school=s005).first()
    base = live_server.url

    login("officer")
    assert watcher.check() == []
    for path in [
        "/",
        "/hazards/",
        f"/hazards/{hazard.pk}/",
        "/incidents/",
        f"/incidents/{incident.pk}/",
        "/inspections/",
        "/accounts/password/",
    ]:
        assert watcher.visit(base + path) == [], path

    # The self-inspection walk, with its script: a failed item, a note, saved.
    assert watcher.visit(f"{base}/inspections/{inspection.pk}/fill/") == []
    item = inspection.items.first()
    page.locator(f"label[for=id_r{item.pk}_1]").click()
    page.locator("textarea").first.fill("灭火器压力不足\n需更换")
    page.locator("button.inspection-save").click()
    page.wait_for_url(re.compile(r"saved=1"))
    assert watcher.check() == []

    # The duty roster form and its script (another school's officer: S005's roster is accepted).
    page.context.clear_cookies()
    login("officer2")
    roster = Submission.objects.get(school__code="S006", deliverable__kind=DeliverableKind.DUTY_ROSTER)
    assert watcher.visit(f"{base}/rosters/{roster.pk}/edit/") == []
    page.locator("button[value=fill_all]").click()
    page.wait_for_load_state("load")
    assert watcher.check() == []

    # On a phone the menu folds; opening it runs Bootstrap's collapse.
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="菜单").click()
    expect(page.locator("#portal-nav")).to_be_visible()
    assert watcher.check() == []


def test_bureau_pages_and_two_step_verification_break_no_rule(live_server, demo, login, watcher, page):
    campaign = Campaign.objects.get(name__contains="演示")
    hazard = Hazard.objects.filter(school__bureau=campaign.bureau).order_by("-pk").first()
    base = live_server.url

    login("admin")
    assert watcher.check() == []
    for path in [
        "/",
        f"/campaigns/{campaign.pk}/dashboard/",
        "/hazards/",
        f"/hazards/{hazard.pk}/",
        "/incidents/",
        "/accounts/password/",
    ]:
        assert watcher.visit(base + path) == [], path
    page.locator(".navbar .dropdown-toggle").last.click()  # Bootstrap's dropdown
    assert watcher.check() == []

    # Turn two-step verification on: the QR code is inline SVG, drawn without a style attribute.
    assert watcher.visit(f"{base}/accounts/two-factor/") == []
    expect(page.locator("svg.two-factor-qr")).to_be_visible()
    screenshot(page, "two-factor-setup")
    device = TOTPDevice.objects.get(user__username="admin", confirmed=False)
    page.fill("#id_code", _code(device))
    page.locator("main form button.btn-primary").click()
    page.wait_for_load_state("load")
    assert watcher.check() == []
    assert TOTPDevice.objects.get(user__username="admin").confirmed

    # The next log-in asks for a code: that page too.
    page.context.clear_cookies()
    login("admin")
    expect(page).to_have_url(re.compile(r"/accounts/login/code/"))
    screenshot(page, "login-code", width=390)
    assert watcher.check() == []
    # Each code works once: the one that turned it on is spent, the next time step's is accepted.
    page.fill("#id_code", _code(device, steps_ahead=1))
    page.locator("main form button.btn-primary").click()
    page.wait_for_load_state("load")
    assert watcher.check() == []
