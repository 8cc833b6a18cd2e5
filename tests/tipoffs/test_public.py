"""The public tip-off form (no login): filing, the human check, bad uploads, floods refused with 429,
and what is (and is not) kept."""

import re
from io import BytesIO

import pytest
from captcha.models import CaptchaStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import jpeg_upload
from tipoffs import keys
from tipoffs.enums import TipOffState
from tipoffs.models import TipOff, TipOffEvent, TipOffPhoto

from .conftest import human_check, report

KEY_SHOWN = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


def test_it_shows_the_form_without_a_login(client, school, form_url):
    response = client.get(form_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert school.name in page
    assert 'name="captcha_0"' in page and "/captcha/image/" in page
    assert "no-store" in response["Cache-Control"]


def test_it_does_not_know_a_made_up_token(client, school):
    assert client.get(reverse("tipoffs:file", kwargs={"token": "not-a-real-token-123"})).status_code == 404


def test_it_closes_the_page_of_a_school_no_longer_active(client, school, form_url):
    school.is_active = False
    school.save()
    assert client.get(form_url).status_code == 404


def test_it_files_an_anonymous_tip_off_and_shows_the_key_once(client, school, form_url):
    response = client.post(form_url, report(photos=[jpeg_upload()]))
    assert response.status_code == 200
    tip_off = TipOff.objects.get()
    shown = KEY_SHOWN.search(response.content.decode()).group()
    assert tip_off.school == school and tip_off.state == TipOffState.RECEIVED
    assert tip_off.is_anonymous
    assert tip_off.key_hash == keys.key_hash(shown.replace("-", ""))
    assert shown.replace("-", "") not in str(TipOff.objects.values().get())  # only the hash is stored
    assert tip_off.photos.count() == 1
    assert TipOffEvent.objects.get(tip_off=tip_off).to_state == TipOffState.RECEIVED
    assert "no-store" in response["Cache-Control"]


def test_it_keeps_the_name_and_phone_when_given(client, form_url):
    client.post(form_url, report(reporter_name="周家长", reporter_phone="138 1111 2222"))
    tip_off = TipOff.objects.get()
    assert (tip_off.reporter_name, tip_off.reporter_phone) == ("周家长", "138 1111 2222")


def test_it_keeps_no_address_of_the_reporter(client, form_url):
    client.post(form_url, report(), REMOTE_ADDR="203.0.113.77")
    stored = str(list(TipOff.objects.values())) + str(list(TipOffEvent.objects.values()))
    assert "203.0.113.77" not in stored
    assert not {field.name for field in TipOff._meta.fields} & {"ip", "ip_address", "address", "remote_addr"}


def test_it_strips_the_location_from_the_photos(client, form_url):
    stream = jpeg_upload()
    image = Image.open(stream)
    exif = image.getexif()
    exif[0x8825] = {2: (39.0, 54.0, 0.0)}  # a GPS position
    out = BytesIO()
    image.save(out, "JPEG", exif=exif)
    client.post(form_url, report(photos=[SimpleUploadedFile("gps.jpg", out.getvalue(), "image/jpeg")]))
    stored = TipOffPhoto.objects.get()
    with stored.image.open("rb") as file:
        assert not Image.open(file).getexif()


def test_it_refuses_a_wrong_answer_and_keeps_the_text(client, form_url):
    data = report(description="围墙有裂缝")
    data["captcha_1"] = "999"
    response = client.post(form_url, data)
    assert response.status_code == 200
    assert TipOff.objects.count() == 0
    page = response.content.decode()
    assert "That is not the answer to the sum" in page
    assert "围墙有裂缝" in page
    # A new sum is drawn, and the old one cannot be tried again.
    assert data["captcha_0"] not in page
    assert not CaptchaStore.objects.filter(hashkey=data["captcha_0"]).exists()


def test_it_refuses_a_missing_answer(client, form_url):
    data = report()
    data["captcha_1"] = ""
    response = client.post(form_url, data)
    assert "Work out the sum in the picture" in response.content.decode()
    assert TipOff.objects.count() == 0


def test_it_refuses_a_file_that_is_not_a_photo_with_a_clear_message(client, form_url):
    fake = SimpleUploadedFile(
        "现场.jpg", b"MZ\x90\x00 this is a program, not a photo", content_type="image/jpeg"
    )
    response = client.post(
        form_url, report(description="配电箱没有上锁", reporter_name="周家长", photos=[fake])
    )
    assert response.status_code == 200
    assert TipOff.objects.count() == 0
    page = response.content.decode()
    assert "现场.jpg: Only JPEG, PNG or HEIC photos can be added." in page
    assert "choose the photos again" in page
    assert "配电箱没有上锁" in page and 'value="周家长"' in page


def test_it_refuses_too_many_photos(client, form_url):
    response = client.post(form_url, report(photos=[jpeg_upload(f"{n}.jpg") for n in range(7)]))
    assert "Add at most 6 photos." in response.content.decode()
    assert TipOff.objects.count() == 0


def test_it_refuses_a_photo_too_large(client, form_url, settings):
    big = SimpleUploadedFile("big.jpg", jpeg_upload().read() + b"\0" * (10 * 1024 * 1024), "image/jpeg")
    response = client.post(form_url, report(photos=[big]))
    assert "at most 10 MB is allowed" in response.content.decode()
    assert TipOff.objects.count() == 0


def test_it_refuses_a_phone_that_is_not_a_number(client, form_url):
    response = client.post(form_url, report(reporter_phone="call me maybe"))
    assert "Enter a phone number in digits" in response.content.decode()
    assert TipOff.objects.count() == 0


def test_it_asks_for_what_was_seen(client, form_url):
    response = client.post(form_url, report(description="  "))
    assert "Say what you saw." in response.content.decode()


# --- Floods ---------------------------------------------------------------------------------------


@pytest.fixture
def low_limits(settings):
    settings.RATELIMIT_TIPOFF_FILE = "2/h"
    settings.RATELIMIT_TIPOFF_FORM = "3/h"
    settings.RATELIMIT_TIPOFF_FOLLOW = "2/h"


def test_it_refuses_a_flood_of_tip_offs_with_429_and_keeps_nothing(client, form_url, low_limits):
    for _ in range(2):
        assert client.post(form_url, report()).status_code == 200
    photos_before = TipOffPhoto.objects.count()
    response = client.post(form_url, report(photos=[jpeg_upload()]))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many reports or report keys have come from your network" in response.content.decode()
    assert TipOff.objects.count() == 2 and TipOffPhoto.objects.count() == photos_before


def test_it_counts_each_address_on_its_own(client, form_url, low_limits):
    for _ in range(2):
        client.post(form_url, report(), REMOTE_ADDR="198.51.100.1")
    assert client.post(form_url, report(), REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.post(form_url, report(), REMOTE_ADDR="198.51.100.2").status_code == 200


def test_it_counts_failed_attempts_too(client, form_url, low_limits):
    for _ in range(2):
        client.post(form_url, {**report(), "captcha_1": "wrong"})
    assert client.post(form_url, report()).status_code == 429
    assert TipOff.objects.count() == 0


def test_it_limits_drawing_new_sums(client, form_url, low_limits):
    for _ in range(3):
        assert client.get(form_url).status_code == 200
    sums = CaptchaStore.objects.count()
    assert client.get(form_url).status_code == 429
    assert CaptchaStore.objects.count() == sums


def test_it_limits_tries_at_report_keys(client, db, low_limits):
    follow = reverse("tipoffs:follow")
    for _ in range(2):
        assert client.post(follow, {"key": keys.grouped(keys.new_key())}).status_code == 200
    assert client.post(follow, {"key": keys.grouped(keys.new_key())}).status_code == 429


def test_the_human_check_comes_from_our_own_server(client, form_url):
    page = client.get(form_url).content.decode()
    image_url = re.search(r'src="(/captcha/image/[0-9a-f]+/)"', page).group(1)
    response = client.get(image_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "http://" not in page.split("<main")[1] and "https://" not in page.split("<main")[1]
    assert human_check()["captcha_1"].lstrip("-").isdigit()  # a sum, not letters
