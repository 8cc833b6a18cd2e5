"""The list of inspections: scoped, filtered, with progress and failures, at a fixed query cost."""

import datetime

import pytest
from django.urls import reverse

from inspections import services
from inspections.enums import InspectionKind, InspectionState
from schools.enums import Role
from tests.factories import SchoolFactory, member

LIST = reverse("inspections:list")
DAY = datetime.date(2026, 5, 18)


def start(school, by, kind=InspectionKind.BUREAU, day=DAY, **kwargs):
    return services.inspection_start(
        school=school, by=by, kind=kind, date=day, areas=["fire"], leader_name="赵督查", **kwargs
    )


def self_inspection(school, principal, days_ago=0):
    day = DAY - datetime.timedelta(days=days_ago)
    return start(school, principal, kind=InspectionKind.SELF, leader=principal, day=day)


@pytest.fixture
def checklists(bureau):
    services.templates_install_defaults(bureau=bureau)


def test_it_shows_kind_school_date_leader_progress_and_failures(client, bob, inspector, school, checklists):
    inspection = start(school, inspector)
    items = list(inspection.items.order_by("order"))
    services.inspection_record(
        inspection=inspection,
        results={items[0].pk: ("fail", ""), items[1].pk: ("pass", ""), items[2].pk: ("fail", "")},
    )
    client.force_login(bob)

    response = client.get(LIST)

    row = response.context["page"].object_list[0]
    assert (row.checked, row.total, row.failed) == (3, 6, 2)
    html = response.content.decode()
    assert "示范区第一小学" in html and "赵督查" in html and "2026-05-18" in html
    assert "3 / 6" in html
    assert reverse("inspections:detail", args=[inspection.pk]) in html


def test_it_filters_by_school_kind_and_state(client, bob, inspector, school, charlie, principal, checklists):
    other = charlie.membership.school
    special = start(school, inspector)
    elsewhere = start(other, inspector)
    visit = start(school, inspector, kind=InspectionKind.UNANNOUNCED)
    own = self_inspection(school, principal)
    client.force_login(bob)

    def listed(**params):
        return set(client.get(LIST, params).context["page"].object_list)

    assert listed() == {special, elsewhere, visit, own}
    assert listed(school=school.pk) == {special, visit, own}
    assert listed(kind="unannounced") == {visit}
    assert listed(state=InspectionState.PLANNED) == {visit}
    assert listed(school=other.pk, kind="bureau") == {elsewhere}
    assert listed(kind="nonsense", school="x") == {special, elsewhere, visit, own}


def test_a_school_sees_its_own_inspections_and_no_school_filter(
    client, alice, charlie, inspector, school, checklists
):
    mine = start(school, inspector)
    start(charlie.membership.school, inspector)
    client.force_login(alice)

    response = client.get(LIST, {"school": charlie.membership.school.pk})

    assert list(response.context["page"].object_list) == [mine]
    assert response.context["schools"] is None


@pytest.mark.parametrize(
    ("role", "self_button", "bureau_button"),
    [
        (Role.PRINCIPAL, True, False),
        (Role.SAFETY_OFFICER, True, False),
        (Role.DUTY_STAFF, False, False),
        (Role.BUREAU_ADMIN, False, True),
        (Role.BUREAU_INSPECTOR, False, True),
        (Role.BUREAU_VIEWER, False, False),
    ],
)
def test_the_new_inspection_buttons_follow_the_role(client, school, bureau, role, self_button, bureau_button):
    user = member(role, bureau if role.startswith("bureau") else school)
    client.force_login(user)

    response = client.get(LIST)

    assert response.status_code == 200
    assert (response.context["can_self_inspect"], response.context["can_inspect"]) == (
        self_button,
        bureau_button,
    )
    assert (reverse("inspections:create") in response.content.decode()) == (self_button or bureau_button)


@pytest.mark.parametrize("count", [3, 30])
def test_the_bureau_list_costs_a_fixed_number_of_queries(
    client, bob, inspector, bureau, checklists, count, django_assert_max_num_queries
):
    for number in range(count):
        start(SchoolFactory(bureau=bureau), inspector, day=DAY - datetime.timedelta(days=number))
    client.force_login(bob)

    with django_assert_max_num_queries(7):
        response = client.get(LIST)

    assert len(response.context["page"].object_list) == min(count, 25)


@pytest.mark.parametrize("count", [3, 30])
def test_the_school_list_costs_a_fixed_number_of_queries(
    client, alice, principal, school, checklists, count, django_assert_max_num_queries
):
    for number in range(count):
        self_inspection(school, principal, days_ago=number)
    client.force_login(alice)

    with django_assert_max_num_queries(6):
        response = client.get(LIST)

    assert len(response.context["page"].object_list) == min(count, 25)


def test_the_list_is_newest_first_and_paginated(client, alice, principal, school, checklists):
    made = [self_inspection(school, principal, days_ago=n) for n in range(27)]
    client.force_login(alice)

    first = client.get(LIST).context["page"]
    second = client.get(LIST, {"page": 2}).context["page"]

    assert list(first.object_list) == made[:25]
    assert list(second.object_list) == made[25:]
