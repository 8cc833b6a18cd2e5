"""A member of the public files a tip-off on a phone from the school's QR poster, the bureau turns it
into a hazard, and the reporter follows the case with the key; the school never learns who it was."""

import re
from io import BytesIO

from captcha.models import CaptchaStore
from PIL import Image
from playwright.sync_api import expect

from schools.models import School
from tests.e2e.conftest import screenshot
from tipoffs.models import TipOff

PHONE = {"width": 390, "height": 844}


def _photo(tmp_path):
    path = tmp_path / "现场.jpg"
    stream = BytesIO()
    Image.new("RGB", (800, 600), (180, 60, 40)).save(stream, "JPEG")
    path.write_bytes(stream.getvalue())
    return path


def _solve_the_sum(page):
    """Read the answer of the drawn sum where simple-captcha keeps it: its CaptchaStore row."""
    key = page.locator("input[name=captcha_0]").input_value()
    page.fill("input[name=captcha_1]", CaptchaStore.objects.get(hashkey=key).response)


def test_the_public_reports_the_bureau_makes_a_hazard_and_the_reporter_follows_it(
    live_server, demo, login, page, tmp_path
):
    page.set_viewport_size(PHONE)
    school = School.objects.get(code="S005")

    # The principal opens the school's poster; its QR code leads to the public page.
    login("principal")
    page.goto(f"{live_server.url}/schools/{school.pk}/tip-off-poster/")
    expect(page.locator(".tipoff-qr svg")).to_be_visible()
    screenshot(page, "tipoff-poster-phone")
    form_url = page.locator("[data-tipoff-url]").get_attribute("href")
    assert re.search(r"/tip-off/[\w-]{20,}/$", form_url) and f"/{school.pk}/" not in form_url
    page.context.clear_cookies()

    # A parent, not logged in, reports on a phone with a photo and solves the sum.
    page.goto(form_url)
    expect(page.get_by_text(school.name).first).to_be_visible()
    page.locator("label[for=id_kind_0]").click()
    page.fill("#id_description", "实验楼二楼男厕所电线裸露，插座已经烧黑了")
    page.fill("#id_location", "实验楼二楼")
    page.set_input_files("#id_photos", str(_photo(tmp_path)))
    page.fill("#id_reporter_name", "周家长")
    page.fill("#id_reporter_phone", "13811112222")
    first_sum = page.locator("input[name=captcha_0]").input_value()
    page.locator("[data-captcha-refresh]").click()  # a sum too hard to read: ask for another
    expect(page.locator("input[name=captcha_0]")).not_to_have_value(first_sum)
    _solve_the_sum(page)
    screenshot(page, "tipoff-form-phone")
    page.locator("[data-tipoff-send]").click()
    key = page.locator("[data-key]").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", key)
    screenshot(page, "tipoff-key-phone")
    tip_off = TipOff.objects.latest("pk")
    assert tip_off.reporter_name == "周家长" and tip_off.photos.count() == 1

    # The bureau's inspector turns it into a hazard for the school.
    login("inspector")
    page.goto(f"{live_server.url}/tip-offs/")
    screenshot(page, "tipoff-list-phone")
    page.locator(f"a[href='/tip-offs/{tip_off.pk}/']").first.click()
    expect(page.get_by_text("13811112222")).to_be_visible()
    page.select_option("#id_area", "electrical")
    page.fill("#id_description", "实验楼二楼男厕所电线裸露、插座烧黑，存在触电和火灾风险")
    screenshot(page, "tipoff-triage-phone")
    page.locator("[data-make-hazard]").click()
    expect(page.locator("[data-hazard-link]")).to_be_visible()
    screenshot(page, "tipoff-made-hazard-phone")
    tip_off.refresh_from_db()
    assert tip_off.state == "hazard" and tip_off.hazard.found_by == "群众举报"

    # The school's safety officer sees the hazard, not who reported it.
    page.context.clear_cookies()
    login("officer")
    page.goto(f"{live_server.url}/hazards/{tip_off.hazard_id}/")
    expect(page.get_by_text("群众举报").first).to_be_visible()
    content = page.content()
    assert "周家长" not in content and "13811112222" not in content
    page.context.clear_cookies()

    # The parent follows the case with the key and sees it being rectified.
    page.goto(f"{live_server.url}/tip-off/follow/")
    page.fill("#id_key", key.lower())
    page.locator("[data-follow]").click()
    progress = page.locator("[data-progress]")
    expect(progress).to_have_attribute("data-progress", "hazard")
    expect(progress).to_have_attribute("data-hazard-state", "reported")
    screenshot(page, "tipoff-follow-phone")
