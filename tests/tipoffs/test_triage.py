"""The bureau's triage: the list (fixed queries at any size), a tip-off's page, replies and notes,
dismissal and making a hazard — each a compare-and-set with an event."""

import pytest
from django.urls import reverse

from hazards.enums import HazardSource, HazardState, PhotoKind
from plans.services import TransitionError
from schools.enums import Role
from tests.factories import CampaignFactory, SchoolFactory, member, photo
from tipoffs import services
from tipoffs.enums import TipOffAction, TipOffState
from tipoffs.models import TipOff, TipOffEvent

from .conftest import file_tip_off

LIST = reverse("tipoffs:list")
DETAILS = {"campaign": None, "area": "fire", "description": "食堂操作间灭火器过期", "location": "食堂",
           "severity": "general"}  # fmt: skip


def _hazard_post(**fields):
    return {"area": "fire", "severity": "general", "description": "食堂灭火器过期", "location": "食堂操作间",
            "share_photos": "on", **fields}  # fmt: skip


# --- The list -------------------------------------------------------------------------------------


def test_it_lists_the_tip_offs_of_the_bureau_newest_first(client, bob, school, charlie):
    older = file_tip_off(school, description="甲 旧的").tip_off
    newer = file_tip_off(charlie.membership.school, description="乙 新的").tip_off
    elsewhere = file_tip_off(SchoolFactory(), description="丙 外局的").tip_off
    client.force_login(bob)
    shown = list(client.get(LIST).context["page"])
    assert shown == [newer, older]
    assert elsewhere not in shown


def test_it_filters_by_school_and_state_and_counts_by_state(client, bob, inspector, school, charlie):
    dismissed = file_tip_off(school).tip_off
    services.tipoff_dismiss(tip_off=dismissed, by=inspector, reason="重复举报")
    waiting = file_tip_off(school).tip_off
    file_tip_off(charlie.membership.school)
    client.force_login(bob)
    response = client.get(LIST, {"school": school.pk, "state": "received"})
    assert list(response.context["page"]) == [waiting]
    figures = {label: n for label, n, *_ in response.context["count_cards"]}
    assert list(figures.values()) == [2, 1, 0, 1]  # the school's: all, awaiting, hazards, dismissed


def test_it_filters_by_campaign_period_and_schools(client, bob, school, charlie, time_machine):
    campaign = CampaignFactory(bureau=school.bureau, covers=[school])  # 2026-05-15 … 05-28 (+ a week)
    time_machine.move_to("2026-05-01 10:00+08:00")
    file_tip_off(school, description="活动开始前")
    time_machine.move_to("2026-05-20 10:00+08:00")
    during = file_tip_off(school, description="活动期间").tip_off
    file_tip_off(charlie.membership.school, description="未纳入活动的学校")
    client.force_login(bob)
    assert list(client.get(LIST, {"campaign": campaign.pk}).context["page"]) == [during]


def test_it_ignores_a_filter_value_it_does_not_know(client, bob, school):
    file_tip_off(school)
    client.force_login(bob)
    assert len(client.get(LIST, {"school": "99999", "state": "nonsense"}).context["page"]) == 1


@pytest.mark.parametrize("size", [2, 12])
def test_the_list_costs_the_same_queries_at_any_size(
    client, bob, school, charlie, django_assert_num_queries, size
):
    for index in range(size):
        file_tip_off(
            school if index % 2 else charlie.membership.school, photos=[photo()] if index < 2 else []
        )
    client.force_login(bob)
    client.get(LIST)  # warm the per-process caches (content types, translations)
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert len(response.context["page"]) == size


# --- A tip-off's page -----------------------------------------------------------------------------


def test_the_bureau_sees_who_reported_and_the_photos(client, bob, filed):
    client.force_login(bob)
    page = client.get(reverse("tipoffs:detail", args=[filed.tip_off.pk])).content.decode()
    assert "周举报" in page and "13811112222" in page
    photo_pk = filed.tip_off.photos.get().pk
    assert reverse("tipoffs:photo", args=[photo_pk]) in page
    response = client.get(reverse("tipoffs:photo", args=[photo_pk]), {"thumb": "1"})
    assert response["Content-Type"] == "image/jpeg"


def test_a_viewer_reads_but_has_no_forms(client, filed, bureau):
    viewer = member(Role.BUREAU_VIEWER, bureau)
    client.force_login(viewer)
    context = client.get(reverse("tipoffs:detail", args=[filed.tip_off.pk])).context
    assert (context["note_form"], context["dismiss_form"], context["hazard_form"]) == (None, None, None)


def test_it_saves_a_reply_and_an_internal_note(client, inspector, filed):
    client.force_login(inspector)
    url = reverse("tipoffs:note", args=[filed.tip_off.pk])
    client.post(url, {"text": "已收到", "visibility": "public"})
    client.post(url, {"text": "内部备注", "visibility": "internal"})
    notes = [(note.text, note.public, note.by) for note in filed.tip_off.notes.all()]
    assert notes == [("已收到", True, inspector), ("内部备注", False, inspector)]


def test_it_dismisses_with_a_reason_and_an_event(client, inspector, filed):
    client.force_login(inspector)
    response = client.post(reverse("tipoffs:dismiss", args=[filed.tip_off.pk]), {"reason": "经核实无此情况"})
    assert response.status_code == 302
    tip_off = TipOff.objects.get()
    assert (tip_off.state, tip_off.dismiss_reason, tip_off.triaged_by) == (
        "dismissed",
        "经核实无此情况",
        inspector,
    )
    event = TipOffEvent.objects.get(action=TipOffAction.DISMISSED)
    assert (event.from_state, event.to_state, event.by, event.comment) == ("received", "dismissed", inspector,
                                                                          "经核实无此情况")  # fmt: skip


def test_it_asks_for_a_reason_to_dismiss(client, inspector, filed):
    client.force_login(inspector)
    response = client.post(reverse("tipoffs:dismiss", args=[filed.tip_off.pk]), {"reason": ""}, follow=True)
    assert "Say why the tip-off is dismissed" in response.content.decode()
    assert TipOff.objects.get().state == TipOffState.RECEIVED


def test_it_turns_the_tip_off_into_a_hazard_the_school_owes_a_plan_for(client, inspector, filed):
    client.force_login(inspector)
    response = client.post(reverse("tipoffs:make_hazard", args=[filed.tip_off.pk]), _hazard_post())
    assert response.status_code == 302
    tip_off = TipOff.objects.select_related("hazard").get()
    hazard = tip_off.hazard
    assert tip_off.state == TipOffState.HAZARD and tip_off.triaged_by == inspector
    assert (hazard.school, hazard.state, hazard.source) == (
        filed.tip_off.school,
        HazardState.REPORTED,
        HazardSource.TIP_OFF,
    )
    assert hazard.found_by == services.FOUND_BY and hazard.found_at == filed.tip_off.received_at
    assert hazard.deadline is None and hazard.rectification_plan == ""
    assert [p.kind for p in hazard.photos.all()] == [PhotoKind.FOUND]
    assert TipOffEvent.objects.filter(action=TipOffAction.HAZARD, to_state="hazard", by=inspector).exists()


def test_it_keeps_the_photos_back_when_asked(inspector, filed):
    hazard = services.tipoff_make_hazard(
        tip_off=filed.tip_off, by=inspector, details=DETAILS, share_photos=False
    )
    assert hazard.photos.count() == 0


def test_it_proposes_the_campaign_under_way_when_the_tip_off_came(client, inspector, school, time_machine):
    campaign = CampaignFactory(bureau=school.bureau, covers=[school])
    time_machine.move_to("2026-05-20 10:00+08:00")
    tip_off = file_tip_off(school).tip_off
    client.force_login(inspector)
    form = client.get(reverse("tipoffs:detail", args=[tip_off.pk])).context["hazard_form"]
    assert form.initial["campaign"] == campaign.pk


def test_a_hazard_form_sent_back_keeps_what_was_typed(client, inspector, filed):
    client.force_login(inspector)
    response = client.post(reverse("tipoffs:make_hazard", args=[filed.tip_off.pk]), _hazard_post(area=""))
    assert response.status_code == 200
    assert response.context["hazard_form"]["description"].value() == "食堂灭火器过期"
    assert TipOff.objects.get().state == TipOffState.RECEIVED


def test_only_one_triage_wins(inspector, bob, filed):
    stale = TipOff.objects.get()  # the second inspector's copy, loaded before the first one acts
    services.tipoff_dismiss(tip_off=filed.tip_off, by=bob, reason="重复")
    with pytest.raises(TransitionError):
        services.tipoff_make_hazard(tip_off=stale, by=inspector, details=DETAILS)
    with pytest.raises(TransitionError):
        services.tipoff_dismiss(tip_off=stale, by=inspector, reason="又一次")


def test_a_refused_hazard_leaves_no_hazard_behind(inspector, bob, filed):
    stale = TipOff.objects.get()
    services.tipoff_make_hazard(tip_off=filed.tip_off, by=bob, details=DETAILS)
    stale.state = TipOffState.RECEIVED  # as it was read before the other inspector acted
    with pytest.raises(TransitionError):
        services.tipoff_make_hazard(tip_off=stale, by=inspector, details=DETAILS)
    assert filed.tip_off.school.hazards.count() == 1


def test_a_step_no_longer_possible_comes_back_as_a_message(client, inspector, bob, filed):
    services.tipoff_dismiss(tip_off=filed.tip_off, by=bob, reason="重复")
    client.force_login(inspector)
    response = client.post(
        reverse("tipoffs:make_hazard", args=[filed.tip_off.pk]), _hazard_post(), follow=True
    )
    assert "This tip-off has already been dealt with." in response.content.decode()
