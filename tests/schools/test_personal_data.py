"""Staff phone numbers on a school's page: in full for those who answer for the accounts, masked for
everyone else (schools.personal_data)."""

import pytest
from django.urls import reverse

from schools.enums import Role
from tests.factories import SchoolFactory, member

NUMBER = "13912345678"
MASKED = "139****5678"


@pytest.mark.parametrize(
    "role, shown",
    [
        (Role.BUREAU_ADMIN, NUMBER),
        (Role.PRINCIPAL, NUMBER),
        (Role.BUREAU_INSPECTOR, MASKED),
        (Role.BUREAU_VIEWER, MASKED),
        (Role.SAFETY_OFFICER, MASKED),
        (Role.DUTY_STAFF, MASKED),
    ],
)
def test_it_shows_colleagues_phones_only_to_those_responsible(client, db, role, shown):
    school = SchoolFactory()
    member(Role.SAFETY_OFFICER, school, phone=NUMBER)
    viewer = member(role, school.bureau if role.startswith("bureau") else school, phone="13800000000")
    client.force_login(viewer)

    page = client.get(reverse("schools:detail", args=[school.pk])).content.decode()

    assert shown in page
    if shown == MASKED:
        assert NUMBER not in page
