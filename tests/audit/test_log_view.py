"""The bureau admin's audit pages: only its own bureau's entries, filtered, paged and readable."""

import datetime

import pytest
from django.urls import reverse
from django.utils.text import capfirst

from audit import services
from audit.context import acting
from audit.enums import AccessKind
from hazards import services as hazard_services
from hazards.enums import HazardState
from hazards.models import Hazard
from schools.enums import Role
from tests.factories import BureauFactory, SchoolFactory, hazard, member

LOG = reverse("audit:log")
ACCESS = reverse("audit:access")


def _page(client, user, url=LOG, **filters):
    client.force_login(user)
    response = client.get(url, filters)
    assert response.status_code == 200
    return response


def _shown(response):
    return [entry.object_repr for entry in response.context["page"]]


@pytest.fixture
def verified(alice, bob, school):
    """A hazard alice recorded and bob verified from 10.1.1.1, on 2026-05-20 (Beijing time)."""
    found = hazard(school, by=alice, state="awaiting", description="配电箱未上锁")
    with acting(actor=bob, remote_addr="10.1.1.1"):
        hazard_services.hazard_verify(hazard=found, by=bob, recheck_date=datetime.date(2026, 6, 20))
    return found


def _label(name):
    return capfirst(str(Hazard._meta.get_field(name).verbose_name))


def test_it_shows_what_changed_in_words(client, bob, verified):
    response = _page(client, bob, record_type="hazards.hazard", action=1)

    page = response.content.decode()
    assert "李安办" in page and "10.1.1.1" in page
    entry = response.context["page"][0]
    rows = {change.label: (change.old, change.new) for change in entry.change_rows}
    # The field's name as the forms show it, and the state's label rather than the stored value.
    assert rows[_label("state")] == (HazardState.AWAITING_VERIFICATION.label, HazardState.CLOSED.label)
    assert rows[_label("recheck_date")] == ("—", "2026-06-20")


def test_it_shows_only_its_own_bureaus_entries(client, bob, verified):
    other = BureauFactory()
    outsider_school = SchoolFactory(bureau=other, name="外区学校")
    hazard(outsider_school, description="外区隐患")
    outsider_admin = member(Role.BUREAU_ADMIN, other, username="dave")

    mine = _page(client, bob).content.decode()
    theirs = _page(client, outsider_admin).content.decode()

    assert "配电箱未上锁" in mine and "外区隐患" not in mine
    assert "外区隐患" in theirs and "配电箱未上锁" not in theirs


@pytest.mark.parametrize("role", [Role.BUREAU_INSPECTOR, Role.BUREAU_VIEWER, Role.PRINCIPAL])
def test_only_a_bureau_admin_may_read_it(client, bureau, school, role):
    user = member(role, bureau if role.startswith("bureau") else school, username=f"u-{role}")
    client.force_login(user)
    assert client.get(LOG).status_code == 403
    assert client.get(ACCESS).status_code == 403


def test_it_cannot_be_changed_from_the_portal(client, bob, verified):
    client.force_login(bob)
    assert client.post(LOG, {"action": "delete"}).status_code == 405
    assert client.post(ACCESS).status_code == 405


def test_it_filters_by_person_record_type_action_and_address(client, alice, bob, verified):
    by_bob = _page(client, bob, person="李安办")
    assert {e.actor for e in by_bob.context["page"]} == {bob}

    events = _page(client, bob, record_type="hazards.hazardevent")
    assert {e.content_type.model for e in events.context["page"]} == {"hazardevent"}

    created = _page(client, bob, action=0)
    assert {e.action for e in created.context["page"]} == {0}

    at_address = _page(client, bob, address="10.1.1.1")
    subnet = _page(client, bob, address="10.1.")
    assert _shown(at_address) == _shown(subnet) != []
    assert {e.remote_addr for e in subnet.context["page"]} == {"10.1.1.1"}


def test_it_filters_by_days_in_beijing_time(client, alice, bob, school, time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 19, 23, 30, tzinfo=datetime.UTC))  # 5月20日 07:30
    hazard(school, by=alice, description="五月二十日的隐患")
    time_machine.move_to(datetime.datetime(2026, 5, 20, 16, 30, tzinfo=datetime.UTC))  # 5月21日 00:30
    hazard(school, by=alice, description="五月二十一日的隐患")

    on_the_20th = _page(
        client, bob, date_from="2026-05-20", date_to="2026-05-20", record_type="hazards.hazard"
    )
    from_the_21st = _page(client, bob, date_from="2026-05-21", record_type="hazards.hazard")

    assert [r for r in _shown(on_the_20th) if "隐患" in r] and all("二十日" in r for r in _shown(on_the_20th))
    assert _shown(from_the_21st) and all("二十一日" in r for r in _shown(from_the_21st))


def test_a_filter_it_does_not_know_is_ignored(client, bob, verified):
    everything = _shown(_page(client, bob))
    assert (
        _shown(_page(client, bob, record_type="tipoffs.tipoff", action="9", date_from="someday"))
        == everything
    )


def _make_changes(alice, bob, school, count):
    for number in range(count):
        found = hazard(school, by=alice, state="awaiting", description=f"隐患{number}")
        with acting(actor=bob, remote_addr="10.1.1.1"):
            hazard_services.hazard_verify(hazard=found, by=bob)


@pytest.mark.parametrize("count", [1, 8])
def test_the_log_costs_the_same_queries_however_many_entries(
    client, alice, bob, school, count, django_assert_num_queries
):
    _make_changes(alice, bob, school, count)
    client.force_login(bob)
    # session, user, membership, count, page, unread notices, and one query per kind of record the
    # changes on the page name — for hazards: their schools and the users who recorded them.
    with django_assert_num_queries(8):
        response = client.get(LOG, {"record_type": "hazards.hazard"})
    assert len(response.context["page"]) == 3 * count  # recorded, rectified, verified


def test_a_mixed_page_costs_one_query_per_kind_of_record_named(
    client, alice, bob, school, django_assert_max_num_queries
):
    _make_changes(alice, bob, school, 3)
    client.force_login(bob)
    # The fixed six, and at most one each for bureaus, schools, users, campaigns, submissions, work
    # plans, rosters, inspections, inspection items, hazards — however many entries name them.
    with django_assert_max_num_queries(16):
        client.get(LOG)


# --- Log-ins -----------------------------------------------------------------------------------


def test_the_access_page_lists_its_bureaus_log_ins_and_filters_them(client, alice, bob, charlie):
    outsider = member(Role.SAFETY_OFFICER, SchoolFactory(name="外区学校"), username="outsider-eve")
    services.access_event_record(kind=AccessKind.LOGIN, user=alice)
    services.access_event_record(kind=AccessKind.LOGIN_FAILED, username="charlie")
    services.access_event_record(kind=AccessKind.LOGIN, user=outsider)

    every = _page(client, bob, ACCESS)
    failed = _page(client, bob, ACCESS, kind=AccessKind.LOGIN_FAILED)
    by_name = _page(client, bob, ACCESS, person="张安全")

    assert {e.username for e in every.context["page"]} >= {"alice", "charlie", "bob"}
    assert "outsider-eve" not in every.content.decode()
    assert [e.username for e in failed.context["page"]] == ["charlie"]
    assert {e.username for e in by_name.context["page"]} == {"alice"}


@pytest.mark.parametrize("count", [1, 8])
def test_the_access_page_costs_the_same_queries_however_many_events(
    client, alice, bob, count, django_assert_num_queries
):
    for _ in range(count):
        services.access_event_record(kind=AccessKind.LOGIN, user=alice)
    client.force_login(bob)
    with django_assert_num_queries(6):  # session, user, membership, unread notices, count, page
        response = client.get(ACCESS)
    assert len(response.context["page"]) >= count
