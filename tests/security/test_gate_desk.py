"""The guard's desk (R6.1): registering a visitor on one screen, finding today's visitor by phone,
the fever limit, closed management during class, the host's answer and time out.

The clock stands at Wednesday 2026-05-20 07:30 Beijing time, before the first lesson.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from schools.enums import Role
from security import services
from security.enums import EntryAction, EntryState
from security.models import GateEntry
from tests.factories import SchoolFactory, member
from tests.security.conftest import ID_NUMBER, IN_CLASS, at, register

DESK = reverse("security:gate_desk")
LOOKUP = reverse("security:gate_lookup")
VISITOR = {"phone": "13801234567", "visitor_name": "王建国", "temperature": "36.5", "host": "食堂 赵师傅",
           "purpose": "送货"}  # fmt: skip


def test_it_registers_a_visitor_who_is_then_inside(client, guard, school):
    client.force_login(guard)
    response = client.post(DESK, {**VISITOR, "id_number": ID_NUMBER.lower(), "vehicle_plate": "京a·3f821"})
    assert response.status_code == 302 and response.url == DESK
    entry = GateEntry.objects.get()
    assert (entry.school, entry.created_by, entry.state) == (school, guard, EntryState.INSIDE)
    assert (entry.id_number, entry.vehicle_plate, entry.temperature) == (
        ID_NUMBER,
        "京A3F821",
        Decimal("36.5"),
    )
    assert entry.events.get().action == EntryAction.REGISTERED


def test_the_desk_shows_who_is_inside_with_the_id_number_masked(client, guard, school):
    register(school, id_number=ID_NUMBER)
    client.force_login(guard)
    page = client.get(DESK).content.decode()
    assert "王建国" in page and ID_NUMBER not in page
    assert reverse("security:gate_out", args=[GateEntry.objects.get().pk]) in page


def test_a_wrong_entry_is_refused_and_keeps_what_was_typed(client, guard):
    client.force_login(guard)
    response = client.post(DESK, {**VISITOR, "phone": "1380123", "id_number": "110105194912310021"})
    assert response.status_code == 200 and not GateEntry.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"phone", "id_number"}
    assert [error.code for error in form.errors.as_data()["id_number"]] == ["id_number"]  # check character
    assert form["visitor_name"].value() == "王建国" and form["host"].value() == "食堂 赵师傅"


@pytest.mark.parametrize("temperature", ["37.3", "38.6"])
def test_a_fever_is_refused_without_a_reason(client, guard, temperature):
    client.force_login(guard)
    response = client.post(DESK, {**VISITOR, "temperature": temperature})
    assert response.status_code == 200 and not GateEntry.objects.exists()
    form = response.context["form"]
    assert list(form.errors) == ["fever_reason"]
    assert form.shows_fever_reason  # the reason field is shown even without script
    assert "data-fever-part hidden" not in response.content.decode()


def test_a_temperature_just_below_the_limit_is_not_flagged(client, guard):
    client.force_login(guard)
    client.post(DESK, {**VISITOR, "temperature": "37.2", "fever_reason": "不应保存"})
    entry = GateEntry.objects.get()
    assert (entry.temperature_flagged, entry.fever_reason) == (False, "")


def test_a_fever_with_a_reason_is_let_in_and_flagged(client, guard):
    client.force_login(guard)
    client.post(DESK, {**VISITOR, "temperature": "37.8", "fever_reason": "送药至门卫室，未进校"})
    entry = GateEntry.objects.get()
    assert (entry.temperature_flagged, entry.fever_reason) == (True, "送药至门卫室，未进校")


def test_the_service_refuses_a_fever_without_a_reason_too(school):
    from plans.services import TransitionError

    with pytest.raises(TransitionError):
        register(school, temperature=Decimal("37.5"), fever_reason="  ")
    assert not GateEntry.objects.exists()


def test_the_bureau_sets_its_own_fever_limit(client, guard, school):
    services.rules_update(
        rules=services.rules_for(school.bureau), fever_threshold=Decimal("37.5"), class_periods=[],
        class_weekdays=[],
    )  # fmt: skip
    client.force_login(guard)
    client.post(DESK, {**VISITOR, "temperature": "37.4"})
    assert GateEntry.objects.get().temperature_flagged is False


def test_it_refuses_a_temperature_that_cannot_be_a_body_temperature(client, guard):
    client.force_login(guard)
    response = client.post(DESK, {**VISITOR, "temperature": "3.65"})
    assert "temperature" in response.context["form"].errors


# --- Found by phone -------------------------------------------------------------------------------


def test_typing_the_phone_finds_todays_earlier_entry(client, guard, school):
    earlier = register(school, id_number=ID_NUMBER, vehicle_plate="京A3F821", time_in=at(7, 0))
    client.force_login(guard)
    data = client.get(LOOKUP, {"phone": "138 0123 4567"}).json()
    assert data["found"] is True
    assert data["fields"] == {
        "visitor_name": "王建国", "phone": "13801234567", "host": "食堂 赵师傅", "purpose": "送货",
        "vehicle_plate": "京A3F821", "goods": "", "previous": earlier.pk,
    }  # fmt: skip
    assert "**************002X" in data["id_note"] and ID_NUMBER not in str(data)  # never in full


def test_yesterdays_visitor_is_not_found(client, guard, school):
    register(school, time_in=at(16, 0, day=19))
    client.force_login(guard)
    assert client.get(LOOKUP, {"phone": "13801234567"}).json() == {"found": False}


def test_another_schools_visitor_is_not_found(client, guard, school):
    register(SchoolFactory(bureau=school.bureau), time_in=at(7, 0))
    client.force_login(guard)
    assert client.get(LOOKUP, {"phone": "13801234567"}).json() == {"found": False}


def test_without_script_find_fills_the_form_from_todays_entry(client, guard, school):
    earlier = register(school, id_number=ID_NUMBER, time_in=at(7, 0))
    client.force_login(guard)
    response = client.post(DESK, {"phone": "13801234567", "temperature": "36.4", "find": "1"})
    assert response.status_code == 200 and GateEntry.objects.count() == 1
    form = response.context["form"]
    assert not form.is_bound
    assert form["visitor_name"].value() == "王建国" and form["host"].value() == "食堂 赵师傅"
    assert form["temperature"].value() == "36.4"  # what the guard typed stays
    assert form["previous"].value() == earlier.pk
    page = response.content.decode()
    assert "**************002X" in page and ID_NUMBER not in page


def test_the_second_entry_keeps_the_id_number_without_showing_it(client, guard, school):
    earlier = register(school, id_number=ID_NUMBER, time_in=at(7, 0))
    services.gate_entry_out(entry=earlier, by=guard)
    client.force_login(guard)
    client.post(DESK, {**VISITOR, "previous": earlier.pk})
    assert GateEntry.objects.latest("pk").id_number == ID_NUMBER


def test_a_previous_entry_of_another_phone_lends_nothing(client, guard, school):
    other = register(school, phone="13900000000", id_number=ID_NUMBER, time_in=at(7, 0))
    client.force_login(guard)
    client.post(DESK, {**VISITOR, "previous": other.pk})
    assert GateEntry.objects.latest("pk").id_number == ""


# --- Closed management during class ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (at(7, 59), EntryState.INSIDE),
        (at(8, 0), EntryState.AWAITING_HOST),
        (at(11, 49), EntryState.AWAITING_HOST),
        (at(11, 50), EntryState.INSIDE),
        (at(14, 0), EntryState.AWAITING_HOST),
        (at(17, 30), EntryState.INSIDE),
        (at(9, 0, day=23), EntryState.INSIDE),  # a Saturday
    ],
)
def test_during_class_an_entry_waits_for_its_host(time_machine, client, guard, moment, state):
    time_machine.move_to(moment, tick=False)
    client.force_login(guard)
    response = client.post(DESK, VISITOR, follow=True)
    assert GateEntry.objects.get().state == state
    if state == EntryState.AWAITING_HOST:
        assert "食堂 赵师傅" in str(next(iter(response.context["messages"])))


def test_a_school_not_yet_reopened_has_no_closed_management(time_machine, client, db):
    time_machine.move_to(IN_CLASS, tick=False)
    closed = SchoolFactory(reopened=False)
    client.force_login(member(Role.DUTY_STAFF, closed))
    client.post(DESK, VISITOR)
    assert GateEntry.objects.get().state == EntryState.INSIDE


def test_the_desk_says_when_it_is_class_time(time_machine, client, guard):
    client.force_login(guard)
    assert client.get(DESK).context["in_class"] is False
    time_machine.move_to(IN_CLASS, tick=False)
    client.force_login(guard)  # sessions end after 30 idle minutes
    assert client.get(DESK).context["in_class"] is True


def _answer(client, entry, decision, **extra):
    return client.post(reverse("security:gate_answer", args=[entry.pk]), {"decision": decision, **extra})


def test_the_host_confirms_and_the_visitor_is_inside(client, guard, principal, school):
    entry = register(school, time_in=IN_CLASS)
    client.force_login(principal)
    response = _answer(client, entry, "confirm", note="电话确认", next=reverse("security:gate_desk"))
    assert response.url == reverse("security:gate_desk")
    entry.refresh_from_db()
    assert (entry.state, entry.answered_by, entry.answer_note) == (EntryState.INSIDE, principal, "电话确认")
    event = entry.events.last()
    assert (event.action, event.from_state, event.to_state, event.by) == (
        EntryAction.CONFIRMED, EntryState.AWAITING_HOST, EntryState.INSIDE, principal,
    )  # fmt: skip


def test_the_host_refuses_and_the_answer_stands(client, guard, school):
    entry = register(school, time_in=IN_CLASS)
    client.force_login(guard)
    _answer(client, entry, "refuse")
    response = _answer(client, entry, "confirm", next="https://evil.example/")  # a second answer
    assert response.url == reverse("security:gate_detail", args=[entry.pk])  # not off-site
    entry.refresh_from_db()
    assert entry.state == EntryState.REFUSED
    assert entry.events.filter(action__in=[EntryAction.CONFIRMED, EntryAction.REFUSED]).count() == 1


def test_an_answer_needs_a_decision(client, guard, school):
    entry = register(school, time_in=IN_CLASS)
    client.force_login(guard)
    _answer(client, entry, "maybe")
    entry.refresh_from_db()
    assert entry.state == EntryState.AWAITING_HOST


def test_time_out_is_one_tap_and_only_once(time_machine, client, guard, school):
    entry = register(school)
    client.force_login(guard)
    url = reverse("security:gate_out", args=[entry.pk])
    time_machine.move_to(at(7, 45), tick=False)
    assert client.post(url).url == DESK
    client.post(url)
    entry.refresh_from_db()
    assert (entry.state, entry.time_out) == (EntryState.LEFT, at(7, 45))
    assert entry.events.filter(action=EntryAction.LEFT).count() == 1


def test_a_visitor_awaiting_the_host_cannot_be_timed_out(client, guard, school):
    entry = register(school, time_in=IN_CLASS)
    client.force_login(guard)
    client.post(reverse("security:gate_out", args=[entry.pk]))
    entry.refresh_from_db()
    assert (entry.state, entry.time_out) == (EntryState.AWAITING_HOST, None)


def test_the_desk_lists_the_waiting_first_then_those_inside_then_today_done(client, guard, school):
    inside = register(school, visitor_name="甲", time_in=at(7, 0))
    waiting = register(school, visitor_name="乙", time_in=at(9, 0, day=19))
    done = register(school, visitor_name="丙", time_in=at(7, 10))
    services.gate_entry_out(entry=done, by=guard)
    yesterday = register(school, visitor_name="丁", time_in=at(18, 0, day=19))
    services.gate_entry_out(entry=yesterday, by=guard)
    client.force_login(guard)
    context = client.get(DESK).context
    assert context["open_entries"] == [waiting, inside]
    assert context["finished"] == [done]


@pytest.mark.parametrize("n", [3, 30])
def test_the_desk_costs_the_same_queries_for_3_or_30_visitors(
    client, guard, school, django_assert_num_queries, n
):  # fmt: skip
    for index in range(n):
        register(school, phone=f"138{index:08d}", time_in=at(7, 0))
    client.force_login(guard)
    # session, user, membership, gate rules, open entries, today's finished entries, host names,
    # unread notifications (navbar)
    with django_assert_num_queries(8):
        response = client.get(DESK)
    assert len(response.context["open_entries"]) == n


def test_the_desk_is_for_the_school_and_the_register_for_everyone(client, bob):
    client.force_login(bob)
    assert client.get(DESK).status_code == 403
    assert client.get(reverse("security:gate_list")).status_code == 200
