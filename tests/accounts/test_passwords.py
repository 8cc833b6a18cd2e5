"""Password rules, through the password change page (the same validators guard every password form)."""

import pytest
from django.contrib.auth import password_validation
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD


def _change(client, password):
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": password, "new_password2": password},
    )
    errors = response.context["form"].errors.as_data().get("new_password2", []) if response.context else []
    return response.status_code, {code for error in errors for code in [error.code]}


@pytest.fixture
def logged_in(client, alice):
    client.force_login(alice)
    return client


@pytest.mark.parametrize(
    ("password", "refused_because"),
    [
        ("Ab1$xyz", "password_too_short"),  # 4 kinds, 7 characters
        ("abcdefgh12", "password_too_simple"),  # small letters and digits only
        ("ABCDEFGH!!", "password_too_simple"),  # capitals and symbols only
        ("Password123", "password_too_common"),  # 3 kinds, but one of the most common passwords
        ("Alice@26", "password_too_similar"),  # too like the login name alice
    ],
)
def test_a_weak_password_is_refused_with_the_reason(logged_in, alice, password, refused_because):
    status, reasons = _change(logged_in, password)
    assert status == 200
    assert refused_because in reasons
    alice.refresh_from_db()
    assert alice.check_password(DEFAULT_PASSWORD)


@pytest.mark.parametrize("password", ["Demo@2026", "kxq7-Fenn", "Plum tree 42", "校园Safety7"])
def test_a_password_of_three_kinds_and_eight_characters_is_accepted(logged_in, alice, password):
    assert _change(logged_in, password)[0] == 302
    alice.refresh_from_db()
    assert alice.check_password(password)


def test_the_rules_are_configurable(logged_in, alice, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        },
        {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 4}},
    ]
    assert _change(logged_in, "Demo@2026")[1] == {"password_too_short"}
    assert _change(logged_in, "demo-pass-2026x")[1] == {"password_too_simple"}
    assert _change(logged_in, "Demo-pass-2026x")[0] == 302


def test_the_page_explains_the_rules(logged_in, alice):
    alice.language = "en"
    alice.save()
    page = logged_in.get(reverse("accounts:password_change")).content.decode()
    assert "at least 3 of these kinds of character" in page
    assert "at least 8 characters" in page


@pytest.mark.parametrize(
    "username", ["admin", "inspector", "viewer", "principal", "officer", "duty", "officer2"]
)
def test_the_demo_password_meets_the_default_rules_for_every_demo_login(username, django_user_model):
    password_validation.validate_password(
        "Demo@2026", django_user_model(username=username, full_name="张安全")
    )
