"""Sessions end on the server: SESSION_IDLE_MINUTES after the last request, SESSION_MAX_HOURS after log-in."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

START = datetime.datetime(2026, 5, 20, 8, 0, tzinfo=datetime.UTC)
LEDGER = reverse("hazards:ledger")


def _at(minutes):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


@pytest.fixture
def logged_in(client, alice):
    alice.language = "en"  # the reason is given in the user's language
    alice.save()
    with _at(0):
        response = client.post(reverse("accounts:login"), {"username": "alice", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_a_session_idle_for_30_minutes_is_logged_out_with_the_reason(logged_in, settings):
    assert settings.SESSION_IDLE_MINUTES == 30
    with _at(30):
        response = logged_in.get(LEDGER)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={LEDGER}"
    assert "_auth_user_id" not in logged_in.session
    with _at(30):
        login_page = logged_in.get(response.url)
    assert any("30 minutes without activity" in text for text in _messages(login_page))


def test_a_session_used_within_the_idle_limit_stays_open(logged_in):
    with _at(29):
        assert logged_in.get(LEDGER).status_code == 200
    with _at(58):  # 29 minutes after the last request, 58 after log-in
        assert logged_in.get(LEDGER).status_code == 200


def test_a_busy_session_still_ends_12_hours_after_log_in(logged_in, settings):
    assert settings.SESSION_MAX_HOURS == 12
    for minutes in range(20, 12 * 60, 20):  # a request every 20 minutes all day
        with _at(minutes):
            assert logged_in.get(LEDGER).status_code == 200
    with _at(12 * 60):
        response = logged_in.get(LEDGER)
    assert response.status_code == 302
    with _at(12 * 60):
        messages = _messages(logged_in.get(response.url))
    assert any("at most 12 hours" in text for text in messages)


def test_the_limits_come_from_the_settings(logged_in, settings):
    settings.SESSION_IDLE_MINUTES = 5
    with _at(4):
        assert logged_in.get(LEDGER).status_code == 200
    with _at(9):
        assert logged_in.get(LEDGER).status_code == 302
    settings.SESSION_IDLE_MINUTES, settings.SESSION_MAX_HOURS = 600, 1
    with _at(10):
        logged_in.post(reverse("accounts:login"), {"username": "alice", "password": DEFAULT_PASSWORD})
    with _at(69):
        assert logged_in.get(LEDGER).status_code == 200
    with _at(70):
        assert logged_in.get(LEDGER).status_code == 302
