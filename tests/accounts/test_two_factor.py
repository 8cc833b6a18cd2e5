"""Two-step verification (TOTP) for bureau accounts: setting up, logging in with a code, turning off."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import DEFAULT_PASSWORD

START = datetime.datetime(2026, 5, 20, 8, 0, tzinfo=datetime.UTC)
CODE_PAGE = reverse("accounts:login_code")
SETUP_PAGE = reverse("accounts:two_factor")


def code(device):
    """The code the user's app shows now."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device):
    return f"{(int(code(device)) + 1) % 10**device.digits:0{device.digits}d}"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def bob_device(bob):
    return TOTPDevice.objects.create(user=bob, name="authenticator", confirmed=True)


def _password(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": DEFAULT_PASSWORD})


def _form_errors(response):
    return {error.code for error in response.context["form"].errors.as_data().get("code", [])}


def test_a_bureau_user_turns_it_on_by_proving_a_code_from_the_scanned_key(client, bob, clock):
    client.force_login(bob)
    page = client.get(SETUP_PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    pending = TOTPDevice.objects.get(user=bob)
    assert not pending.confirmed
    assert re.search(r"<svg[^>]*class=\"two-factor-qr\"", html)
    secret = " ".join(page.context["secret"])
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret) and secret in html

    refused = client.post(SETUP_PAGE, {"code": wrong_code(pending)})
    assert _form_errors(refused) == {"wrong_code"}
    pending.refresh_from_db()
    assert not pending.confirmed

    clock.shift(2)  # after a wrong code the device waits a second
    response = client.post(SETUP_PAGE, {"code": code(pending)})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.confirmed
    # This session proved the code already: it is not asked again.
    assert client.get(reverse("home")).status_code == 200
    assert client.get(SETUP_PAGE).context["device"] == pending


def test_the_key_stays_the_same_until_it_is_confirmed(client, bob):
    client.force_login(bob)
    first = client.get(SETUP_PAGE).context["secret"]
    assert client.get(SETUP_PAGE).context["secret"] == first
    assert TOTPDevice.objects.filter(user=bob).count() == 1


def test_school_users_never_see_it(client, alice, settings):
    client.force_login(alice)
    assert client.get(SETUP_PAGE).status_code == 403
    assert client.post(reverse("accounts:two_factor_disable"), {"code": "123456"}).status_code == 403
    assert SETUP_PAGE not in client.get(reverse("accounts:password_change")).content.decode()
    settings.OTP_REQUIRED_FOR_BUREAU = True
    assert _password(Client(), alice).url == reverse("home")


def test_bureau_users_find_it_beside_their_password(client, bob):
    client.force_login(bob)
    assert SETUP_PAGE in client.get(reverse("accounts:password_change")).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("hazards:ledger"),
        reverse("hazards:export"),
        reverse("schools:members"),
        reverse("accounts:password_change"),
        reverse("accounts:two_factor"),
        "/django-admin/",
    ],
)
def test_with_an_authenticator_the_password_alone_opens_no_page(client, bob, bob_device, url):
    assert _password(client, bob).url == f"{CODE_PAGE}?next=%2F"
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(f"{CODE_PAGE}?next=")
    assert client.post(url).url.startswith(CODE_PAGE)


def test_the_right_code_completes_the_log_in(client, bob, bob_device, clock):
    _password(client, bob)
    key_before = client.session.session_key
    assert client.get(CODE_PAGE).status_code == 200
    response = client.post(CODE_PAGE, {"code": code(bob_device), "next": reverse("hazards:ledger")})
    assert response.url == reverse("hazards:ledger")
    assert client.get(reverse("hazards:ledger")).status_code == 200
    assert client.session.session_key != key_before


def test_wrong_codes_are_refused_and_slow_down_guessing(client, bob, bob_device, clock):
    _password(client, bob)
    assert _form_errors(client.post(CODE_PAGE, {"code": wrong_code(bob_device)})) == {"wrong_code"}
    # Right away even the right code is refused: the device waits 1 s, then 2, 4, 8…
    assert _form_errors(client.post(CODE_PAGE, {"code": code(bob_device)})) == {"throttled"}
    assert client.get(reverse("home")).status_code == 302
    clock.shift(2)
    assert client.post(CODE_PAGE, {"code": code(bob_device)}).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_code_works_only_once(bob, bob_device, clock):
    first, second = Client(), Client()
    _password(first, bob)
    _password(second, bob)
    used = code(bob_device)
    assert first.post(CODE_PAGE, {"code": used}).status_code == 302
    assert _form_errors(second.post(CODE_PAGE, {"code": used})) == {"wrong_code"}


def test_the_code_page_refuses_an_offsite_next(client, bob, bob_device, clock):
    _password(client, bob)
    response = client.post(CODE_PAGE, {"code": code(bob_device), "next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_turning_it_off_needs_a_current_code(client, bob, bob_device, clock):
    _password(client, bob)
    client.post(CODE_PAGE, {"code": code(bob_device)})
    clock.shift(30)  # the next code: the one used to log in cannot be used again
    disable = reverse("accounts:two_factor_disable")
    refused = client.post(disable, {"code": wrong_code(bob_device)})
    assert _form_errors(refused) == {"wrong_code"}
    assert TOTPDevice.objects.filter(user=bob).exists()

    clock.shift(30)
    assert client.post(disable, {"code": code(bob_device)}).url == SETUP_PAGE
    assert not TOTPDevice.objects.filter(user=bob).exists()
    assert client.get(reverse("home")).status_code == 200
    # The next log-in asks for the password only.
    assert _password(Client(), bob).url == reverse("home")


def test_turned_off_elsewhere_a_waiting_session_is_let_through(client, bob, bob_device):
    _password(client, bob)
    bob_device.delete()
    response = client.get(CODE_PAGE)
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_when_the_bureau_requires_it_a_bureau_user_must_set_it_up(client, bob, settings, clock):
    settings.OTP_REQUIRED_FOR_BUREAU = True
    assert _password(client, bob).url == f"{SETUP_PAGE}?next=%2F"
    assert client.get(reverse("hazards:ledger")).url.startswith(f"{SETUP_PAGE}?next=")
    assert client.get(SETUP_PAGE).context["required"]
    pending = TOTPDevice.objects.get(user=bob)
    response = client.post(SETUP_PAGE, {"code": code(pending), "next": reverse("hazards:ledger")})
    assert response.url == reverse("hazards:ledger")
    assert client.get(reverse("hazards:ledger")).status_code == 200
    # Required means it cannot be turned off either.
    clock.shift(30)
    client.post(reverse("accounts:two_factor_disable"), {"code": code(pending)})
    assert TOTPDevice.objects.filter(user=bob, confirmed=True).exists()
