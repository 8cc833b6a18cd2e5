import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from schools.enums import Role
from tests.factories import SchoolFactory, member

User = get_user_model()


def _create(client, **overrides):
    password = "Xy7#safety-2026"
    data = {"username": "newofficer", "full_name": "新安全员", "phone": "13812345678",
            "role": Role.SAFETY_OFFICER, "password1": password, "password2": password}  # fmt: skip
    data.update(overrides)
    return client.post(reverse("schools:member_create"), data)


def test_bureau_admin_creates_a_school_account(client, bob, school):
    client.force_login(bob)
    response = _create(client, school=school.pk)
    assert response.status_code == 302
    user = User.objects.get(username="newofficer")
    assert user.membership.school == school and user.membership.role == Role.SAFETY_OFFICER
    assert user.check_password("Xy7#safety-2026")


def test_a_school_role_needs_a_school_and_a_bureau_role_none(client, bob, school):
    client.force_login(bob)
    assert "school" in _create(client).context["form"].errors
    errors = _create(client, role=Role.BUREAU_INSPECTOR, school=school.pk).context["form"].errors
    assert "school" in errors
    assert not User.objects.filter(username="newofficer").exists()


def test_weak_or_mismatched_passwords_are_refused(client, bob, school):
    client.force_login(bob)
    weak = _create(client, school=school.pk, password1="12345678", password2="12345678")
    assert "password1" in weak.context["form"].errors
    assert "password2" in _create(client, school=school.pk, password2="other").context["form"].errors


def test_admin_cannot_give_an_account_a_school_of_another_bureau(client, bob):
    foreign = SchoolFactory()
    client.force_login(bob)
    response = _create(client, school=foreign.pk)
    assert "school" in response.context["form"].errors


def test_admin_deactivates_an_account(client, bob, alice):
    client.force_login(bob)
    response = client.post(
        reverse("schools:member_update", args=[alice.membership.pk]),
        {"full_name": "张安全", "role": Role.SAFETY_OFFICER, "school": alice.membership.school_id},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.is_active is False


def test_admin_cannot_demote_themselves(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("schools:member_update", args=[bob.membership.pk]),
        {"full_name": "李安办", "role": Role.BUREAU_VIEWER, "is_active": "on"},
    )
    assert response.status_code == 200
    bob.membership.refresh_from_db()
    assert bob.membership.role == Role.BUREAU_ADMIN


def test_admin_sets_a_new_password(client, bob, alice):
    client.force_login(bob)
    client.post(
        reverse("schools:member_password", args=[alice.membership.pk]),
        {"new_password1": "New#pass-2026x", "new_password2": "New#pass-2026x"},
    )
    alice.refresh_from_db()
    assert alice.check_password("New#pass-2026x")


@pytest.mark.parametrize("count", [3, 30])
def test_account_list_costs_the_same_queries_at_any_size(
    client, bob, school, count, django_assert_max_num_queries
):
    for _ in range(count):
        member(Role.DUTY_STAFF, school)
    client.force_login(bob)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("schools:members"))
    assert response.context["page"].paginator.count == count + 1
