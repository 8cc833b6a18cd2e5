"""The police room's equipment (R6.2): the school's check, its validation and history, an item that
expires by its date, the bureau's overview of schools with missing or expired items.

The clock stands at Wednesday 2026-05-20 07:30 Beijing time.
"""

from datetime import date

import pytest
from django.urls import reverse

from plans.services import TransitionError
from schools.enums import Role
from security import services
from security.enums import ItemStatus
from security.equipment import REQUIRED_ITEMS
from security.models import PoliceRoomChange, PoliceRoomItem
from tests.factories import SchoolFactory, member

OVERVIEW = reverse("security:police_room_overview")
TODAY = date(2026, 5, 20)
EXTINGUISHER = next(index for index, item in enumerate(REQUIRED_ITEMS) if item.name == "灭火器")
FORK = 0  # 防暴钢叉: no expiry date


def edit_url(school):
    return reverse("security:police_room_edit", args=[school.pk])


def all_present(changes=None):
    """The check form's data: every item present (with an expiry date a year away where it has one),
    then `changes` ({index: {field: value}})."""
    data = {}
    for index, item in enumerate(REQUIRED_ITEMS):
        row = {"status": "present", "quantity": str(item.quantity), "note": "", "was": "unchecked"}
        if item.has_expiry:
            row["expiry_date"] = "2027-05-20"
        row |= (changes or {}).get(index, {})
        data |= {f"i{index}-{name}": value for name, value in row.items()}
    return data


def check(school, by=None, **statuses):
    """Record every item present, except `statuses` ({item name: (status, expiry date)})."""
    checks = []
    for item in REQUIRED_ITEMS:
        status, expiry = statuses.get(
            item.name, (ItemStatus.PRESENT, date(2027, 1, 1) if item.has_expiry else None)
        )
        was = (
            PoliceRoomItem.objects.filter(school=school, name=item.name)
            .values_list("status", flat=True)
            .first()
        )
        checks.append(
            services.ItemCheck(name=item.name, status=status, quantity=item.quantity, expiry_date=expiry,
                               was=was or ItemStatus.UNCHECKED)
        )  # fmt: skip
    return services.police_room_save(school=school, by=by, checks=checks)


def test_the_safety_officer_records_the_first_check(client, alice, school):
    client.force_login(alice)
    response = client.post(edit_url(school), all_present({FORK: {"status": "missing", "quantity": "0",
                                                                    "note": "已申请采购"}}))  # fmt: skip
    assert response.url == reverse("security:police_room", args=[school.pk])
    items = {item.name: item for item in school.police_items.all()}
    assert len(items) == len(REQUIRED_ITEMS)
    fork = items[REQUIRED_ITEMS[FORK].name]
    assert (fork.status, fork.quantity, fork.note, fork.checked_by) == (
        ItemStatus.MISSING,
        0,
        "已申请采购",
        alice,
    )
    assert items["灭火器"].expiry_date == date(2027, 5, 20)
    change = PoliceRoomChange.objects.get(item=fork)
    assert (change.from_status, change.to_status, change.by) == (
        ItemStatus.UNCHECKED,
        ItemStatus.MISSING,
        alice,
    )


def test_every_item_needs_a_status_and_nothing_typed_is_lost(client, alice, school):
    client.force_login(alice)
    data = all_present({FORK: {"status": "", "note": "放在值班室"}})
    response = client.post(edit_url(school), data)
    assert response.status_code == 200 and not PoliceRoomItem.objects.exists()
    (_row, form), *_rest = response.context["form"]
    assert "status" in form.errors and form["note"].value() == "放在值班室"


@pytest.mark.parametrize(("expiry", "error"), [("", "expiry"), ("2026-05-19", "已过")])
def test_a_present_item_with_an_expiry_needs_a_date_not_yet_passed(client, alice, school, expiry, error):
    client.force_login(alice)
    response = client.post(edit_url(school), all_present({EXTINGUISHER: {"expiry_date": expiry}}))
    assert response.status_code == 200 and not PoliceRoomItem.objects.exists()
    form = list(response.context["form"])[EXTINGUISHER][1]
    assert error in str(form.errors["expiry_date"])


def test_an_expired_item_may_keep_its_past_date(client, alice, school):
    client.force_login(alice)
    client.post(
        edit_url(school), all_present({EXTINGUISHER: {"status": "expired", "expiry_date": "2026-05-01"}})
    )
    assert school.police_items.get(name="灭火器").status == ItemStatus.EXPIRED


def test_a_present_item_expires_by_its_date_without_anyone_changing_it(client, alice, school, time_machine):
    check(school, **{"灭火器": (ItemStatus.PRESENT, date(2026, 5, 20))})
    client.force_login(alice)
    page = client.get(reverse("security:police_room", args=[school.pk]))
    assert page.context["problems"] == 0
    time_machine.move_to("2026-05-21 07:30 +08:00", tick=False)
    client.force_login(alice)
    page = client.get(reverse("security:police_room", args=[school.pk]))
    assert page.context["problems"] == 1
    assert {row.name for row in page.context["rows"] if row.status == ItemStatus.EXPIRED} == {"灭火器"}


def test_a_check_made_meanwhile_is_not_overwritten(alice, principal, school):
    check(school, alice)
    stale = [
        services.ItemCheck(name=REQUIRED_ITEMS[FORK].name, status=ItemStatus.PRESENT, was=ItemStatus.PRESENT)
    ]
    check(school, principal, **{REQUIRED_ITEMS[FORK].name: (ItemStatus.MISSING, None)})
    with pytest.raises(TransitionError):
        services.police_room_save(school=school, by=alice, checks=stale)
    assert school.police_items.get(name=REQUIRED_ITEMS[FORK].name).status == ItemStatus.MISSING


def test_a_second_first_check_is_refused(alice, school):
    check(school, alice)
    first_again = [services.ItemCheck(name="灭火器", status=ItemStatus.MISSING, was=ItemStatus.UNCHECKED)]
    with pytest.raises(TransitionError):
        services.police_room_save(school=school, by=alice, checks=first_again)


def test_an_item_not_on_the_list_is_refused(alice, school):
    with pytest.raises(TransitionError):
        services.police_room_save(
            school=school, by=alice, checks=[services.ItemCheck(name="大刀", status="present")]
        )


def test_duty_staff_and_the_bureau_read_but_do_not_check(client, guard, bob, school):
    for user in (guard, bob):
        client.force_login(user)
        assert client.get(reverse("security:police_room", args=[school.pk])).status_code == 200
        assert client.get(edit_url(school)).status_code == 403


def test_another_school_cannot_see_or_check_it(client, charlie, school):
    client.force_login(charlie)
    assert client.get(reverse("security:police_room", args=[school.pk])).status_code == 404
    assert client.get(edit_url(school)).status_code == 404


# --- The bureau's overview ------------------------------------------------------------------------


@pytest.fixture
def rooms(school, charlie):
    """`school`: one item missing and one expired by date; charlie's school: in order; a third school
    never checked; a school of another bureau with problems."""
    check(school, **{"对讲机": (ItemStatus.MISSING, None), "急救箱": (ItemStatus.PRESENT, date(2026, 5, 1))})
    check(charlie.membership.school)
    unchecked = SchoolFactory(bureau=school.bureau, name="未检查学校")
    check(SchoolFactory(), **{"对讲机": (ItemStatus.MISSING, None)})
    return unchecked


def test_the_overview_puts_schools_with_problems_first(client, bob, school, charlie, rooms):
    client.force_login(bob)
    schools = client.get(OVERVIEW).context["schools"]
    assert [(row.pk, row.missing, row.expired) for row in schools] == [
        (school.pk, 1, 1), (rooms.pk, 0, 0), (charlie.membership.school.pk, 0, 0),
    ]  # fmt: skip
    assert [row.items_checked for row in schools] == [len(REQUIRED_ITEMS), 0, len(REQUIRED_ITEMS)]


def test_the_overview_shows_only_schools_with_problems_when_asked(client, bob, school, rooms):
    client.force_login(bob)
    response = client.get(OVERVIEW, {"problems": "1"})
    assert [row.pk for row in response.context["schools"]] == [school.pk]


def test_the_overview_is_the_bureaus(client, alice):
    client.force_login(alice)
    assert client.get(OVERVIEW).status_code == 403


@pytest.mark.parametrize("n", [2, 12])
def test_the_overview_costs_the_same_queries_for_2_or_12_schools(
    client, bureau, django_assert_num_queries, n
):  # fmt: skip
    for _index in range(n):
        check(SchoolFactory(bureau=bureau), **{"对讲机": (ItemStatus.MISSING, None)})
    client.force_login(member(Role.BUREAU_VIEWER, bureau))
    # session, user, membership, schools with their counts, unread notifications
    with django_assert_num_queries(5):
        response = client.get(OVERVIEW)
    assert len(response.context["schools"]) == n


@pytest.mark.parametrize("checked", [False, True])
def test_a_schools_checklist_costs_the_same_queries_before_and_after_its_check(
    client, alice, school, django_assert_num_queries, checked
):  # fmt: skip
    if checked:
        check(school, alice)
    client.force_login(alice)
    # session, user, membership, school, items, history, unread notifications
    with django_assert_num_queries(7):
        client.get(reverse("security:police_room", args=[school.pk]))
    with django_assert_num_queries(6):  # session, user, membership, school, items, notifications
        client.get(edit_url(school))


def test_a_later_check_through_the_page_records_only_what_changed(client, alice, school):
    check(school, alice)
    client.force_login(alice)
    form = client.get(edit_url(school)).context["form"]
    data = {}
    for _row, item_form in form:
        data |= {item_form[name].html_name: item_form[name].value() or "" for name in item_form.fields}
    data[f"i{FORK}-status"] = "missing"
    assert client.post(edit_url(school), data).status_code == 302
    changes = PoliceRoomChange.objects.exclude(from_status=ItemStatus.UNCHECKED)
    assert [(c.item.name, c.from_status, c.to_status) for c in changes] == [
        (REQUIRED_ITEMS[FORK].name, ItemStatus.PRESENT, ItemStatus.MISSING)
    ]
