"""The heart of the campaign in a browser: a principal-led self-inspection finds two problems;
one is rectified on the spot, the other is rectified, returned, rectified again and verified; the
re-check finds it back and a rebound is recorded."""

import re
from io import BytesIO

from PIL import Image
from playwright.sync_api import expect

from hazards.enums import HazardState
from hazards.models import Hazard
from inspections.models import Inspection
from tests.e2e.conftest import screenshot

HAZARD_PAGE = re.compile(r"/hazards/\d+/(\?.*)?$")


def _photo(tmp_path, name):
    path = tmp_path / name
    stream = BytesIO()
    Image.new("RGB", (320, 240), "green").save(stream, "JPEG")
    path.write_bytes(stream.getvalue())
    return str(path)


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def _self_inspection_with_two_failures(page, live_server):
    page.goto(f"{live_server.url}/inspections/new/")
    page.locator("input[name=areas][value=fire]").check()
    page.locator("form button.btn-primary").click()
    inspection = Inspection.objects.latest("pk")
    items = list(inspection.items.all())
    for index, item in enumerate(items):
        page.locator(f"label[for=id_r{item.pk}_{1 if index < 2 else 0}]").click()
    screenshot(page, "inspection-fill-phone")
    page.locator("button[value=finish]").click()
    page.wait_for_url(re.compile(r"/inspections/\d+/$"))
    return items[0], items[1]


def _record(page, live_server, item, outcome, tmp_path):
    page.goto(f"{live_server.url}/hazards/new/?item={item.pk}")
    page.fill("#id_location", "教学楼一层")
    page.locator(f"input[name=outcome][value={outcome}] + label").click()
    if outcome == "on_spot":
        page.set_input_files("#id_after_photos", _photo(tmp_path, "after.jpg"))
    else:
        page.fill("#id_interim_measures", "设置警示标志")
        page.fill("#id_rectification_plan", "更换过期灭火器")
        page.fill("#id_responsible_person", "李副校长")
        page.fill("#id_deadline", "2099-12-31")
    page.locator("button.btn-danger.btn-lg").click()
    page.wait_for_url(HAZARD_PAGE)
    return Hazard.objects.get(inspection_item=item)


def _rectify(page, live_server, found, tmp_path):
    page.goto(f"{live_server.url}/hazards/{found.pk}/")
    page.fill("form[action$='/rectify/'] textarea", "已更换全部过期灭火器")
    page.set_input_files("form[action$='/rectify/'] input[type=file]", _photo(tmp_path, "fixed.jpg"))
    page.locator("form[action$='/rectify/'] button").click()
    page.wait_for_url(HAZARD_PAGE)
    expect(page.locator("form[action$='/rectify/']")).to_have_count(0)


def _decide(page, live_server, found, decision, comment=""):
    page.goto(f"{live_server.url}/hazards/{found.pk}/")
    if comment:
        page.fill("form[action$='/verify/'] textarea", comment)
    page.locator(f"form[action$='/verify/'] button[value={decision}]").click()
    page.wait_for_url(HAZARD_PAGE)
    expect(page.locator("form[action$='/verify/']")).to_have_count(0)


def test_from_failed_check_items_to_a_verified_rectification_and_a_rebound(
    live_server, demo, login, page, tmp_path
):
    page.set_viewport_size({"width": 390, "height": 844})
    login("principal")
    first, second = _self_inspection_with_two_failures(page, live_server)
    on_spot = _record(page, live_server, first, "on_spot", tmp_path)
    assert on_spot.state == HazardState.AWAITING_VERIFICATION
    planned = _record(page, live_server, second, "plan", tmp_path)
    assert planned.state == HazardState.RECTIFYING
    _rectify(page, live_server, planned, tmp_path)

    _switch(page, login, "inspector")
    _decide(page, live_server, planned, "return", "灭火器未张贴检查标签")
    planned.refresh_from_db()
    assert planned.state == HazardState.RECTIFYING

    _switch(page, login, "principal")
    _rectify(page, live_server, planned, tmp_path)

    _switch(page, login, "inspector")
    _decide(page, live_server, planned, "verify")
    planned.refresh_from_db()
    assert planned.state == HazardState.CLOSED
    screenshot(page, "hazard-detail-phone")
    page.fill("form[action$='/recheck/'] textarea", "回头看：走廊灭火器再次过期")
    page.locator("form[action$='/recheck/'] button[value='1']").click()
    rebound = Hazard.objects.get(rebound_of=planned)
    expect(page).to_have_url(f"{live_server.url}/hazards/{rebound.pk}/")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/hazards/")
    screenshot(page, "hazard-ledger")
