"""Log-ins, log-outs and failed log-ins: who, from where, with what browser — never the password."""

import json

from django.urls import reverse

from audit.enums import AccessKind
from audit.models import AccessEvent
from tests.factories import DEFAULT_PASSWORD

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148 MicroMessenger/8.0"


def _login(client, username, password, address="10.0.0.7"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=BROWSER,
    )


def test_it_records_a_log_in_with_the_address_and_the_browser(client, alice, school):
    _login(client, "alice", DEFAULT_PASSWORD)

    event = AccessEvent.objects.get()
    assert (event.kind, event.user, event.username) == (AccessKind.LOGIN, alice, "alice")
    assert (event.remote_addr, event.user_agent) == ("10.0.0.7", BROWSER)
    assert event.bureau_id == school.bureau_id


def test_a_failed_log_in_keeps_the_name_typed_and_never_the_password(client, alice, school):
    _login(client, "alice", "Secret-Guess-77")

    event = AccessEvent.objects.get()
    assert (event.kind, event.user, event.username) == (AccessKind.LOGIN_FAILED, alice, "alice")
    assert event.bureau_id == school.bureau_id  # so that alice's bureau sees attempts on her account
    stored = json.dumps(list(AccessEvent.objects.values()), default=str)
    assert "Secret-Guess-77" not in stored


def test_a_failed_log_in_with_an_unknown_name_is_kept_for_no_bureau(client, alice):
    _login(client, "nobody-here", "x")

    event = AccessEvent.objects.get()
    assert (event.kind, event.username, event.user, event.bureau) == (
        AccessKind.LOGIN_FAILED, "nobody-here", None, None
    )  # fmt: skip


def test_it_records_a_log_out(client, alice):
    client.force_login(alice)
    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.0.0.8")

    event = AccessEvent.objects.filter(kind=AccessKind.LOGOUT).get()
    assert (event.user, event.remote_addr) == (alice, "10.0.0.8")


def test_a_log_in_refused_by_a_lock_out_says_so(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice", "wrong-password")

    _login(client, "alice", DEFAULT_PASSWORD)

    last = AccessEvent.objects.order_by("at", "pk").last()
    assert (last.kind, last.username) == (AccessKind.LOCKED_OUT, "alice")
    assert not AccessEvent.objects.filter(kind=AccessKind.LOGIN).exists()
