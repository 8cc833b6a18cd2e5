"""A hazard's life through the views (R4.6–R4.8): plan, rectify, return, verify, re-check and rebound;
extensions; supervision and watch records; the timeline.

The clock stands at 2026-05-20 10:00 Beijing time.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from hazards import selectors
from hazards.enums import ExtensionState, HazardAction, HazardState, PhotoKind, WatchKind
from hazards.models import ExtensionRequest, Hazard
from schools.enums import Role
from tests.factories import BureauFactory, hazard, jpeg_upload, member

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def url(name, obj):
    return reverse(f"hazards:{name}", args=[obj.pk])


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _reload(obj):
    obj.refresh_from_db()
    return obj


def _as(client, user):
    client.force_login(user)
    return client


PLAN = {
    "interim_measures": "设置围挡和警示标志",
    "rectification_plan": "更换老化线路",
    "responsible_person": "李副校长",
    "deadline": "2026-05-25",
}


# --- The whole way ---------------------------------------------------------------------------------


def test_the_whole_workflow_through_the_views(client, alice, bob, school):
    # The bureau found it on a visit and leaves the plan to the school.
    found = hazard(school, by=bob, state="reported", area="electrical", description="配电箱未上锁")

    response = _as(client, alice).post(url("plan", found), PLAN)
    assert response.url == url("detail", found)
    assert _reload(found).state == HazardState.RECTIFYING
    assert found.deadline == date(2026, 5, 25)

    response = client.post(url("rectify", found), {"note": "已加锁并更换线路", "photos": [jpeg_upload()]})
    assert response.status_code == 302
    assert _reload(found).state == HazardState.AWAITING_VERIFICATION
    assert found.rectification_note == "已加锁并更换线路"

    response = _as(client, bob).post(url("verify", found), {"decision": "return", "comment": "锁具不合格"})
    assert response.status_code == 302
    assert _reload(found).state == HazardState.RECTIFYING

    _as(client, alice).post(
        url("rectify", found), {"note": "更换合格锁具", "photos": [jpeg_upload(color="green")]}
    )
    assert _reload(found).state == HazardState.AWAITING_VERIFICATION

    _as(client, bob).post(
        url("verify", found), {"decision": "verify", "comment": "", "recheck_date": "2026-06-20"}
    )
    assert _reload(found).state == HazardState.CLOSED
    assert found.recheck_date == date(2026, 6, 20)
    assert found.closed_at == NOW

    response = client.post(url("recheck", found), {"recurred": "1", "note": "配电箱又未上锁"})
    rebound = Hazard.objects.get(rebound_of=found)
    assert response.url == url("detail", rebound)
    assert _reload(found).rechecked_at == NOW
    assert (rebound.state, rebound.school, rebound.area) == (HazardState.REPORTED, school, "electrical")
    assert rebound.description == "配电箱又未上锁"
    assert selectors.ledger_counts(selectors.hazards_for_user(bob))["rebounds"] == 1

    # The original's page links to its rebound, the rebound's page to the original.
    assert client.get(url("detail", found)).context["rebounds"] == [rebound]
    assert client.get(url("detail", rebound)).context["hazard"].rebound_of == found

    # Two after photos, one per submission, and the timeline in order with its states.
    assert found.photos.filter(kind=PhotoKind.AFTER).count() == 2
    timeline = client.get(url("detail", found)).context["timeline"]
    assert [(e.action, e.from_state, e.to_state, e.by) for e in timeline] == [
        (HazardAction.REPORTED, "", HazardState.REPORTED, bob),
        (HazardAction.PLANNED, HazardState.REPORTED, HazardState.RECTIFYING, alice),
        (HazardAction.SUBMITTED, HazardState.RECTIFYING, HazardState.AWAITING_VERIFICATION, alice),
        (HazardAction.RETURNED, HazardState.AWAITING_VERIFICATION, HazardState.RECTIFYING, bob),
        (HazardAction.SUBMITTED, HazardState.RECTIFYING, HazardState.AWAITING_VERIFICATION, alice),
        (HazardAction.VERIFIED, HazardState.AWAITING_VERIFICATION, HazardState.CLOSED, bob),
        (HazardAction.REBOUND, "", "", bob),
    ]
    assert timeline[3].comment == "锁具不合格"
    assert timeline[1].from_label == HazardState.REPORTED.label
    assert timeline[1].to_label == HazardState.RECTIFYING.label


def test_the_page_shows_the_timeline_with_its_states(client, alice, school):
    found = hazard(school, by=alice, state="awaiting")
    page = _as(client, alice).get(url("detail", found)).content.decode()
    # Default language: the state labels are the catalogue's, so compare with what the enum says.
    for label in (HazardState.RECTIFYING.label, HazardState.AWAITING_VERIFICATION.label):
        assert str(label) in page
    assert "已清理" in page  # the rectification's note as the event's comment


def test_verify_without_a_recheck_date_sets_thirty_days(client, bob, school):
    found = hazard(school, state="awaiting")
    _as(client, bob).post(url("verify", found), {"decision": "verify"})
    assert _reload(found).recheck_date == date(2026, 6, 19)


def test_recheck_without_recurrence_closes_the_loop(client, bob, school):
    found = hazard(school, state="closed")
    response = _as(client, bob).post(url("recheck", found), {"recurred": "0", "note": ""})
    assert response.url == url("detail", found)
    assert _reload(found).rechecked_at == NOW
    assert not Hazard.objects.filter(rebound_of=found).exists()
    # Only once.
    client.post(url("recheck", found), {"recurred": "1", "note": "又出现"})
    assert not Hazard.objects.filter(rebound_of=found).exists()


def test_the_recheck_is_prominent_once_its_day_has_come(client, bob, school, time_machine):
    found = hazard(school, state="closed")  # re-check date 2026-06-19
    assert _as(client, bob).get(url("detail", found)).context["recheck_due"] is False
    time_machine.move_to(datetime(2026, 6, 19, 8, 0, tzinfo=SHANGHAI), tick=False)
    assert _as(client, bob).get(url("detail", found)).context["recheck_due"] is True


# --- Refusals keep what was typed -----------------------------------------------------------------


def test_a_return_without_a_reason_comes_back_with_the_form(client, bob, school):
    found = hazard(school, state="awaiting")
    response = _as(client, bob).post(
        url("verify", found), {"decision": "return", "comment": "  ", "recheck_date": "2026-06-30"}
    )
    assert response.status_code == 200
    form = response.context["verify_form"]
    assert list(form.errors) == ["comment"]
    assert form["recheck_date"].value() == "2026-06-30"
    assert _messages(response)
    assert _reload(found).state == HazardState.AWAITING_VERIFICATION


def test_an_empty_post_just_goes_back(client, bob, school):
    found = hazard(school, state="awaiting")
    response = _as(client, bob).post(url("verify", found), {})
    assert response.status_code == 302
    assert response.url == url("detail", found)
    assert _messages(response)
    assert _reload(found).state == HazardState.AWAITING_VERIFICATION


def test_a_rectification_without_a_photo_keeps_the_note(client, alice, school):
    found = hazard(school, state="rectifying")
    response = _as(client, alice).post(url("rectify", found), {"note": "已清理完毕"})
    assert response.status_code == 200
    form = response.context["rectify_form"]
    assert list(form.errors) == ["photos"]
    assert form["note"].value() == "已清理完毕"
    assert _reload(found).state == HazardState.RECTIFYING


def test_a_rectification_with_a_bad_photo_is_refused(client, alice, school):
    from django.core.files.uploadedfile import SimpleUploadedFile

    found = hazard(school, state="rectifying")
    bad = SimpleUploadedFile("after.jpg", b"MZ" + b"\x00" * 64, content_type="image/jpeg")
    response = _as(client, alice).post(url("rectify", found), {"note": "已清理", "photos": [bad]})
    assert response.status_code == 200
    assert response.context["rectify_form"].errors.as_data()["photos"][0].code == "bad_type"
    assert response.context["photos_lost"] is True
    assert _reload(found).state == HazardState.RECTIFYING


def test_a_recurrence_needs_a_note(client, bob, school):
    found = hazard(school, state="closed")
    response = _as(client, bob).post(url("recheck", found), {"recurred": "1", "note": ""})
    assert response.status_code == 200
    assert list(response.context["recheck_form"].errors) == ["note"]
    assert _reload(found).rechecked_at is None


def test_a_step_the_state_does_not_allow_is_refused_with_a_message(client, bob, school):
    found = hazard(school, state="rectifying")
    response = _as(client, bob).post(url("verify", found), {"decision": "verify"})
    assert response.status_code == 302
    assert _messages(response)
    assert _reload(found).state == HazardState.RECTIFYING


def test_the_plan_form_keeps_what_was_typed(client, alice, school):
    found = hazard(school, state="reported")
    response = _as(client, alice).post(url("plan", found), {**PLAN, "responsible_person": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["responsible_person"]
    assert form["rectification_plan"].value() == "更换老化线路"
    assert _reload(found).state == HazardState.REPORTED


def test_the_plan_page_of_a_planned_hazard_goes_back(client, alice, school):
    found = hazard(school, state="rectifying")
    response = _as(client, alice).get(url("plan", found))
    assert response.url == url("detail", found)


# --- Extensions -----------------------------------------------------------------------------------


def _ask(client, found, deadline="2026-06-01", reason="材料未到"):
    return client.post(url("extension", found), {"requested_deadline": deadline, "reason": reason})


def test_a_granted_extension_moves_the_deadline(client, alice, bob, school):
    found = hazard(school, state="rectifying")
    assert _ask(_as(client, alice), found).status_code == 302
    request = ExtensionRequest.objects.get()
    assert (request.state, request.requested_by) == (ExtensionState.PENDING, alice)
    detail = _as(client, bob).get(url("detail", found))
    assert detail.context["pending_extension"] == request
    assert detail.context["decide_form"] is not None
    client.post(url("extension_decide", request), {"decision": "grant", "note": "同意"})
    assert _reload(request).state == ExtensionState.GRANTED
    assert (request.decided_by, request.decision_note) == (bob, "同意")
    assert _reload(found).deadline == date(2026, 6, 1)
    actions = [event.action for event in found.events.all()]
    assert actions[-2:] == [HazardAction.EXTENSION_REQUESTED, HazardAction.EXTENSION_GRANTED]


def test_a_refused_extension_keeps_the_deadline(client, alice, bob, school):
    found = hazard(school, state="rectifying")
    _ask(_as(client, alice), found)
    _as(client, bob).post(url("extension_decide", ExtensionRequest.objects.get()), {"decision": "refuse"})
    assert ExtensionRequest.objects.get().state == ExtensionState.REFUSED
    assert _reload(found).deadline == date(2026, 5, 25)
    # Refused, the school may ask again.
    _ask(_as(client, alice), found, deadline="2026-05-28")
    assert ExtensionRequest.objects.filter(state=ExtensionState.PENDING).count() == 1


def test_a_second_pending_request_is_refused(client, alice, school):
    found = hazard(school, state="rectifying")
    _ask(_as(client, alice), found)
    page = client.get(url("extension", found))
    assert page.status_code == 200
    assert page.context["pending"] == ExtensionRequest.objects.get()
    response = _ask(client, found, deadline="2026-06-10", reason="再延期")
    assert response.url == url("detail", found)
    assert _messages(response)
    assert ExtensionRequest.objects.count() == 1


def test_a_request_must_move_the_deadline_later(client, alice, school):
    found = hazard(school, state="rectifying")
    response = _ask(_as(client, alice), found, deadline="2026-05-25", reason="")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"requested_deadline", "reason"}
    assert not ExtensionRequest.objects.exists()


def test_a_decided_request_is_not_decided_again(client, alice, bob, school):
    found = hazard(school, state="rectifying")
    _ask(_as(client, alice), found)
    request = ExtensionRequest.objects.get()
    _as(client, bob).post(url("extension_decide", request), {"decision": "refuse"})
    response = client.post(url("extension_decide", request), {"decision": "grant"})
    assert response.status_code == 302
    assert _reload(request).state == ExtensionState.REFUSED
    assert _reload(found).deadline == date(2026, 5, 25)


def test_no_extension_once_the_rectification_is_submitted(client, alice, school):
    found = hazard(school, state="awaiting")
    response = _as(client, alice).get(url("extension", found))
    assert response.url == url("detail", found)


# --- Supervision and watch records ------------------------------------------------------------------


def test_the_bureau_supervises_a_major_hazard(client, bob, inspector, alice, school):
    found = hazard(school, state="rectifying", severity="major")
    page = _as(client, bob).get(url("detail", found))
    officials = set(page.context["supervise_form"].fields["supervisor"].queryset)
    assert officials == {bob, inspector}  # the bureau's admin and inspectors, no school staff
    client.post(url("supervise", found), {"supervisor": inspector.pk})
    assert _reload(found).supervised is True
    assert found.supervisor == inspector
    assert found.events.last().action == HazardAction.SUPERVISED
    assert client.get(url("detail", found)).context["supervise_form"] is None  # once is enough


def test_a_general_hazard_is_not_supervised(client, bob, school):
    found = hazard(school, state="rectifying")
    response = _as(client, bob).post(url("supervise", found), {"supervisor": bob.pk})
    assert response.status_code == 302
    assert _messages(response)
    assert _reload(found).supervised is False


def test_the_supervisor_must_be_of_the_bureau(client, bob, alice, school):
    found = hazard(school, state="rectifying", severity="major")
    stranger = member(Role.BUREAU_INSPECTOR, BureauFactory())
    for candidate in (alice, stranger):
        response = _as(client, bob).post(url("supervise", found), {"supervisor": candidate.pk})
        assert response.status_code == 200  # the form comes back with the choice refused
        assert list(response.context["supervise_form"].errors) == ["supervisor"]
    assert _reload(found).supervised is False


def test_watch_records_on_a_supervised_hazard(client, alice, bob, school):
    found = hazard(school, state="rectifying", severity="major")
    _as(client, bob).post(url("supervise", found), {"supervisor": bob.pk})
    record = {
        "kind": "guard",
        "watcher": "保安队长",
        "watched_at": "2026-05-20T09:00",
        "observation": "围挡完好",
    }
    _as(client, alice).post(url("watch", found), record)
    watched = found.watch_records.get()
    assert (watched.kind, watched.watcher, watched.recorded_by) == (WatchKind.GUARD, "保安队长", alice)
    assert watched.watched_at == datetime(2026, 5, 20, 9, 0, tzinfo=SHANGHAI)
    assert client.get(url("detail", found)).context["watch_records"] == [watched]


def test_a_watch_record_without_what_was_seen_keeps_the_rest(client, alice, bob, school):
    found = hazard(school, state="rectifying", severity="major")
    _as(client, bob).post(url("supervise", found), {"supervisor": bob.pk})
    record = {"kind": "patrol", "watcher": "保安", "watched_at": "2026-05-20T09:00", "observation": ""}
    response = _as(client, alice).post(url("watch", found), record)
    assert response.status_code == 200
    assert list(response.context["watch_form"].errors) == ["observation"]
    assert response.context["watch_form"]["watcher"].value() == "保安"
    assert not found.watch_records.exists()


def test_no_watch_records_on_an_unsupervised_hazard(client, alice, school):
    found = hazard(school, state="rectifying", severity="major")
    record = {"kind": "patrol", "watcher": "保安", "watched_at": "2026-05-20T09:00", "observation": "正常"}
    response = _as(client, alice).post(url("watch", found), record)
    assert response.status_code == 302
    assert not found.watch_records.exists()


# --- What each role sees on the page ---------------------------------------------------------------

ACTIONS = ("can_plan", "can_rectify", "can_extend", "can_verify", "can_supervise", "can_watch", "can_decide",
           "can_recheck")  # fmt: skip


@pytest.mark.parametrize(
    ("state", "school_can", "bureau_can"),
    [
        ("reported", {"can_plan"}, {"can_supervise"}),
        ("rectifying", {"can_rectify", "can_extend"}, {"can_supervise"}),
        ("awaiting", set(), {"can_verify", "can_supervise"}),
        ("closed", set(), {"can_recheck"}),
    ],
)
def test_the_actions_follow_the_role_and_the_state(client, alice, bob, school, state, school_can, bureau_can):
    found = hazard(school, state=state, severity="major")

    def offered(user):
        context = _as(client, user).get(url("detail", found)).context
        return {name for name in ACTIONS if context[name]}

    assert offered(alice) == school_can
    assert offered(bob) == bureau_can
    viewer = member(Role.BUREAU_VIEWER, school.bureau)
    assert offered(viewer) == set()


def test_the_detail_page_shows_the_photos_by_kind(client, alice, school):
    found = hazard(school, state="awaiting")
    page = _as(client, alice).get(url("detail", found))
    after = page.context["after_photos"]
    assert page.context["found_photos"] == []
    assert len(after) == 1
    html = page.content.decode()
    assert f"{reverse('hazards:photo', args=[after[0].pk])}?thumb=1" in html


def test_the_detail_page_says_when_it_is_overdue(client, alice, school, time_machine):
    found = hazard(school, state="rectifying", deadline=date(2026, 5, 20))
    assert _as(client, alice).get(url("detail", found)).context["overdue"] is False
    time_machine.move_to(NOW + timedelta(days=1), tick=False)
    assert _as(client, alice).get(url("detail", found)).context["overdue"] is True
