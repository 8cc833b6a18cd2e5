"""On a phone, a safety officer records a session with a photo and the drill due today as done, and the
bureau sees which schools still miss a required topic."""

import re
from io import BytesIO

from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from activities import demo as activities_demo
from activities.models import Drill, EducationSession
from plans.demo import DEMO_NAME
from plans.models import Campaign
from schools.models import Membership
from tests.e2e.conftest import screenshot


def _seed():
    campaign = Campaign.objects.get(name=DEMO_NAME)
    admin = Membership.objects.get(user__username="admin").user
    activities_demo.seed(campaign=campaign, admin=admin)
    return campaign


def _photo(tmp_path):
    path = tmp_path / "session.jpg"
    stream = BytesIO()
    Image.new("RGB", (320, 240), "orange").save(stream, "JPEG")
    path.write_bytes(stream.getvalue())
    return str(path)


def test_a_safety_officer_records_a_session_and_a_drill_on_a_phone(live_server, demo, login, page, tmp_path):
    _seed()
    page.set_viewport_size({"width": 390, "height": 844})
    login("officer")
    page.goto(f"{live_server.url}/education/new/")
    page.locator("label[for=id_form_0]").click()  # class meeting
    page.locator("input[name=topics][value=drowning] + label").click()
    page.locator("input[name=topics][value=law] + label").click()
    page.fill("#id_title", "暑期防溺水主题班会")
    page.fill("#id_audience", "四年级各班")
    page.fill("#id_participants", "186")
    page.set_input_files("#id_photos", _photo(tmp_path))
    screenshot(page, "activities-session-form-phone")
    page.locator("form button.btn-lg").click()
    page.wait_for_url(re.compile(r"/education/\d+/$"))
    recorded = EducationSession.objects.get(title="暑期防溺水主题班会")
    assert sorted(recorded.topics.values_list("topic", flat=True)) == ["drowning", "law"]
    expect(page.locator("img[src*='/education-photos/']")).to_have_count(1)
    screenshot(page, "activities-session-detail-phone")

    today = Drill.objects.get(school__code="S005", state="planned", planned_date=timezone.localdate())
    page.goto(f"{live_server.url}/drills/{today.pk}/")
    page.locator(f"a[href='/drills/{today.pk}/done/']").click()
    page.fill("#id_participants", "1200")
    page.fill("#id_duration_minutes", "15")
    page.fill("#id_evacuation_minutes", "2")
    page.fill("#id_evacuation_seconds", "45")
    page.fill("#id_problems", "二楼楼梯口拥堵")
    page.fill("#id_evaluation", "错峰下楼有序，二楼楼梯口需增派教师。")
    page.locator("form button.btn-lg").click()
    page.wait_for_url(re.compile(rf"/drills/{today.pk}/$"))
    today.refresh_from_db()
    assert (today.state, today.evacuation_time) == ("done", "2:45")
    expect(page.get_by_text("二楼楼梯口拥堵")).to_be_visible()
    screenshot(page, "activities-drill-detail-phone")


def test_the_bureau_sees_the_schools_missing_a_required_topic(live_server, demo, login, page):
    campaign = _seed()
    login("viewer")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/education/?missing=1")
    rows = page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() < campaign.schools.count()
    screenshot(page, "activities-campaign-schools")
    page.goto(f"{live_server.url}/drills/?campaign={campaign.pk}&state=overdue")
    expect(page.locator("tbody tr .badge.text-bg-danger").first).to_be_visible()
    screenshot(page, "activities-drill-list")
