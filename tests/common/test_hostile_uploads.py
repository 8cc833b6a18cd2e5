"""Hostile files sent through the real upload forms (issue 9.4): each is refused with a message that
says why, nothing is stored, and everything else the user typed is still on the page."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from duty import services as duty_services
from hazards.models import Hazard
from plans.enums import DeliverableKind
from tests.factories import CampaignFactory, jpeg_upload, open_submission

NOW = datetime(2026, 5, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TYPED = "教学楼东侧疏散通道堆放桌椅"  # what the user typed, to find again on the refused page


def _jpeg():
    stream = BytesIO()
    Image.new("RGB", (64, 48), "red").save(stream, "JPEG")
    return stream.getvalue()


HOSTILE = {
    "polyglot": ("photo.jpg", _jpeg() + b"<script>fetch('/accounts/')</script>", "hidden_content"),
    "oversize": ("big.jpg", b"\xff\xd8\xff" + b"\x00" * (11 * 1024 * 1024), "too_large"),
    "executable": ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200 + b"This program cannot run", "bad_type"),
    "svg_script": ("photo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
                   "bad_type"),
}  # fmt: skip
MESSAGES = {"hidden_content": "", "too_large": "10 MB", "bad_type": ""}


@pytest.fixture(autouse=True)
def _clock(time_machine, settings):
    time_machine.move_to(NOW, tick=False)


def _upload(kind):
    name, data, _code = HOSTILE[kind]
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _error_codes(form, field):
    return {error.code for error in form.errors.as_data()[field]}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_it_refuses_a_hostile_hazard_photo_and_keeps_the_form(client, alice, kind):
    client.force_login(alice)
    data = {
        "area": "fire", "description": TYPED, "location": "教学楼一层", "source": "self_report",
        "found_by": "张安全", "found_at": "2026-05-20T09:30", "severity": "general", "outcome": "plan",
        "interim_measures": "设置警示标志", "rectification_plan": "清理", "responsible_person": "李副校长",
        "deadline": "2026-05-25", "found_photos": [jpeg_upload(), _upload(kind)],
    }  # fmt: skip

    response = client.post(reverse("hazards:create"), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert _error_codes(form, "found_photos") == {HOSTILE[kind][2]}
    message = " ".join(form.errors["found_photos"])
    assert HOSTILE[kind][0] in message  # the refusal names the file to leave out
    assert MESSAGES[HOSTILE[kind][2]] in message
    assert TYPED in response.content.decode()
    assert not Hazard.objects.exists()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_it_refuses_a_hostile_work_plan_attachment_and_keeps_the_form(client, alice, kind):
    campaign = CampaignFactory(covers=[alice.membership.school])
    submission = open_submission(campaign, alice.membership.school, DeliverableKind.WORK_PLAN)
    client.force_login(alice)

    response = client.post(
        reverse("plans:work_plan_edit", args=[submission.pk]),
        {"meeting_chair": "王校长", "meeting_decisions": TYPED, "attachment": _upload(kind),
         "responsibilities-TOTAL_FORMS": "0", "responsibilities-INITIAL_FORMS": "0"},
    )  # fmt: skip

    assert response.status_code == 200
    assert _error_codes(response.context["form"], "attachment") == {HOSTILE[kind][2]}
    assert TYPED in response.content.decode()
    submission.work_plan.refresh_from_db()
    assert not submission.work_plan.attachment


@pytest.mark.parametrize(
    "name, data",
    [
        ("report.pdf", b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF"),
        ("report.pdf", b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF"),
        ("report.pdf", b"%PDF-1.4\n1 0 obj << /Type /Action /S /Launch /F (cmd.exe) >>\n%%EOF"),
    ],
)
def test_it_refuses_an_incident_attachment_with_active_content(client, alice, name, data):
    incident = duty_services.incident_report_first(
        school=alice.membership.school, by=alice, category="injury", severity="general",
        occurred_at=NOW, summary="学生摔伤",
    )  # fmt: skip
    client.force_login(alice)

    response = client.post(
        reverse("duty:incident_write", args=[incident.pk]),
        {
            "cause": TYPED,
            "casualties": "无",
            "measures": "送医",
            "attachments": [SimpleUploadedFile(name, data, content_type="application/pdf")],
        },
    )

    assert response.status_code == 200
    assert _error_codes(response.context["form"], "attachments") == {"hidden_content"}
    assert TYPED in response.content.decode()
    assert not incident.attachments.exists()


def test_it_refuses_more_photos_than_a_field_allows_and_keeps_the_form(client, alice):
    client.force_login(alice)
    data = {
        "area": "fire", "description": TYPED, "location": "教学楼一层", "source": "self_report",
        "found_by": "张安全", "found_at": "2026-05-20T09:30", "severity": "general", "outcome": "plan",
        "interim_measures": "设置警示标志", "rectification_plan": "清理", "responsible_person": "李副校长",
        "deadline": "2026-05-25", "found_photos": [jpeg_upload(f"{n}.jpg") for n in range(10)],
    }  # fmt: skip

    response = client.post(reverse("hazards:create"), data)

    assert response.status_code == 200
    assert _error_codes(response.context["form"], "found_photos") == {"too_many"}
    assert TYPED in response.content.decode()


def test_it_answers_a_request_with_too_many_files_with_a_page_that_says_so(client, alice, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    client.force_login(alice)

    response = client.post(reverse("hazards:create"), {"found_photos": [jpeg_upload() for _ in range(4)]})

    assert response.status_code == 400
    assert "文件太多" in response.content.decode()
