from django.test import Client
from django.urls import reverse

from schools.enums import Role
from tests.factories import DEFAULT_PASSWORD, member


def _login(client, username, password, address="10.0.0.1", **headers):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def test_a_member_logs_in_and_lands_on_home(client, alice):
    response = _login(client, "alice", DEFAULT_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == alice


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice", "wrong-password")
    response = _login(client, "alice", DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_account_is_locked_after_failures_from_many_addresses(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for number in range(3):
        _login(Client(), "alice", "wrong-password", address=f"10.0.1.{number}")
    response = _login(client, "alice", DEFAULT_PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert (response.context["reason"], response.context["minutes"]) == ("account", 30)
    assert "_auth_user_id" not in client.session


def test_an_account_is_not_locked_below_its_limit(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for number in range(2):
        _login(Client(), "alice", "wrong-password", address=f"10.0.1.{number}")
    assert _login(client, "alice", DEFAULT_PASSWORD, address="10.9.9.9").status_code == 302


def test_an_address_spraying_many_accounts_is_locked_for_every_account(client, alice, school, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    for number in range(4):  # one failure per account: no account reaches its own limit
        _login(client, f"teacher{number}", "Spring2026!")
    response = _login(client, "alice", DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert response.context["reason"] == "address"
    # Alice herself is not locked: from another address she gets in.
    assert _login(Client(), "alice", DEFAULT_PASSWORD, address="10.9.9.9").status_code == 302


def test_other_accounts_on_the_same_address_log_in_below_the_address_limit(client, alice, charlie, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice", "wrong-password")
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
    assert _login(client, "charlie", DEFAULT_PASSWORD).status_code == 302


def test_a_sprayer_cannot_clear_its_address_by_logging_in_to_its_own_account(client, alice, school, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    sprayer = member(Role.DUTY_STAFF, school, username="sprayer")
    for number in range(3):
        _login(client, f"teacher{number}", "Spring2026!")
    assert _login(Client(), sprayer.username, DEFAULT_PASSWORD).status_code == 302
    _login(client, "teacher3", "Spring2026!")
    assert _login(client, "alice", DEFAULT_PASSWORD).status_code == 429


def test_a_successful_log_in_clears_the_accounts_own_failures(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        _login(client, "alice", "wrong-password")
    assert _login(Client(), "alice", DEFAULT_PASSWORD).status_code == 302
    for _ in range(2):
        _login(client, "alice", "wrong-password")
    assert _login(Client(), "alice", DEFAULT_PASSWORD).status_code == 302


def test_behind_a_proxy_the_address_comes_from_its_header(client, alice, school, settings):
    settings.LOGIN_IP_META_KEY = "HTTP_X_REAL_IP"
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 2
    for number in range(2):
        _login(client, f"teacher{number}", "Spring2026!", address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    # Another client behind the same proxy is not caught by the sprayer's lock; the sprayer is.
    other = _login(client, "alice", DEFAULT_PASSWORD, address="127.0.0.1", HTTP_X_REAL_IP="198.51.100.2")
    assert other.status_code == 302
    same = _login(Client(), "alice", DEFAULT_PASSWORD, address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    assert same.status_code == 429


def test_logout_needs_post_and_ends_the_session(client, alice):
    client.force_login(alice)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302


def test_a_member_changes_their_password(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "Fresh#Pass-2026",
            "new_password2": "Fresh#Pass-2026",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("Fresh#Pass-2026")
