"""A petition case's life through its services (R7.1): recorded open, started by the first progress,
proposed as resolved by the school or the bureau, closed or reopened by the bureau; each step a
compare-and-set that refuses a stale or repeated move, and an event row for each.

The clock stands at 2026-05-20 10:00 Beijing time.
"""

from datetime import date

import pytest

from petitions import services
from petitions.enums import PetitionAction, PetitionState
from petitions.models import Milestone, PetitionCase, PetitionEvent
from plans.services import TransitionError
from tests.petitions.conftest import NOW, petition


def _events(case):
    return list(case.events.values_list("action", "from_state", "to_state"))


def _stale(case):
    """Another copy of the case, as a second user's page loaded it before the first one acted."""
    return PetitionCase.objects.get(pk=case.pk)


def test_it_records_an_open_case_with_its_milestones_and_an_event(school, bob):
    case = petition(
        school, by=bob, milestones=[(date(2026, 5, 25), "与家长面谈"), (date(2026, 6, 10), "组织调解")]
    )
    assert case.state == PetitionState.OPEN
    assert case.created_by == bob
    assert list(case.milestones.values_list("title", "due_date", "done_at")) == [
        ("与家长面谈", date(2026, 5, 25), None),
        ("组织调解", date(2026, 6, 10), None),
    ]
    assert _events(case) == [(PetitionAction.RECORDED, "", PetitionState.OPEN)]
    assert case.events.get().by == bob


def test_it_refuses_a_case_without_a_milestone_or_a_leader(school, bob):
    with pytest.raises(TransitionError, match="at least one milestone"):
        petition(school, by=bob, milestones=[])
    with pytest.raises(TransitionError) as refused:
        petition(school, by=bob, leader="", plan="")
    assert len(refused.value.messages) == 2
    assert PetitionCase.objects.count() == 0


def test_it_starts_the_case_with_the_first_progress_note(school, bob, alice):
    case = petition(school, by=bob)
    note = services.note_add(case=case, by=alice, text="已与家长电话沟通", happened_on=date(2026, 5, 19))
    assert (note.by, note.happened_on) == (alice, date(2026, 5, 19))
    assert _stale(case).state == PetitionState.IN_PROGRESS
    assert _events(case)[-1] == (PetitionAction.STARTED, PetitionState.OPEN, PetitionState.IN_PROGRESS)
    services.note_add(case=case, by=alice, text="第二次沟通", happened_on=date(2026, 5, 20))
    assert case.events.filter(action=PetitionAction.STARTED).count() == 1


def test_it_starts_the_case_when_a_milestone_is_done_and_can_take_the_tick_back(school, bob, alice):
    case = petition(school, by=bob)
    milestone = case.milestones.get()
    services.milestone_mark(milestone=milestone, by=alice, done=True)
    milestone.refresh_from_db()
    assert (milestone.done_at, milestone.done_by) == (NOW, alice)
    assert _stale(case).state == PetitionState.IN_PROGRESS
    with pytest.raises(TransitionError, match="already done"):
        services.milestone_mark(milestone=Milestone.objects.get(pk=milestone.pk), by=bob, done=True)
    services.milestone_mark(milestone=milestone, by=alice, done=False)
    assert Milestone.objects.get(pk=milestone.pk).done_at is None
    actions = [action for action, _from, _to in _events(case)]
    assert actions == [
        PetitionAction.RECORDED,
        PetitionAction.MILESTONE_DONE,
        PetitionAction.STARTED,
        PetitionAction.MILESTONE_UNDONE,
    ]


def test_the_school_proposes_it_resolved_and_the_bureau_closes_it(school, bob, alice):
    case = petition(school, by=bob)
    services.note_add(case=case, by=alice, text="调解成功", happened_on=date(2026, 5, 20))
    services.case_resolve(case=_stale(case), by=alice, resolution="双方签订调解协议，息诉罢访")
    case = _stale(case)
    assert (case.state, case.resolved_at, case.resolution) == (
        PetitionState.RESOLVED,
        NOW,
        "双方签订调解协议，息诉罢访",
    )
    services.case_close(case=case, by=bob, comment="同意结案")
    case = _stale(case)
    assert (case.state, case.closed_at) == (PetitionState.CLOSED, NOW)
    assert _events(case)[-2:] == [
        (PetitionAction.RESOLVED, PetitionState.IN_PROGRESS, PetitionState.RESOLVED),
        (PetitionAction.CLOSED, PetitionState.RESOLVED, PetitionState.CLOSED),
    ]
    assert case.events.last().comment == "同意结案"


def test_the_bureau_may_propose_an_open_case_resolved(school, bob):
    case = petition(school, by=bob)
    services.case_resolve(case=case, by=bob, resolution="经核查，诉求已在原单位解决")
    assert _events(case)[-1] == (PetitionAction.RESOLVED, PetitionState.OPEN, PetitionState.RESOLVED)


def test_a_resolution_needs_words(school, bob):
    case = petition(school, by=bob)
    with pytest.raises(TransitionError, match="how the case was resolved"):
        services.case_resolve(case=case, by=bob, resolution="  ")
    assert _stale(case).state == PetitionState.OPEN


def test_only_a_resolved_case_is_closed(school, bob):
    case = petition(school, by=bob)
    with pytest.raises(TransitionError, match="proposed as resolved"):
        services.case_close(case=case, by=bob)
    assert _stale(case).state == PetitionState.OPEN
    assert not case.events.filter(action=PetitionAction.CLOSED).exists()


@pytest.mark.parametrize("closed", [False, True])
def test_the_bureau_reopens_a_resolved_or_closed_case_with_a_reason(school, bob, closed):
    case = petition(school, by=bob)
    services.case_resolve(case=case, by=bob, resolution="已答复")
    if closed:
        services.case_close(case=case, by=bob)
    with pytest.raises(TransitionError, match="why the case is reopened"):
        services.case_reopen(case=case, by=bob, reason="")
    services.case_reopen(case=case, by=bob, reason="家长再次来访，诉求未解决")
    case = _stale(case)
    assert (case.state, case.resolved_at, case.closed_at) == (PetitionState.IN_PROGRESS, None, None)
    event = case.events.last()
    assert (event.action, event.to_state, event.comment) == (
        PetitionAction.REOPENED,
        PetitionState.IN_PROGRESS,
        "家长再次来访，诉求未解决",
    )


def test_two_decisions_at_once_cannot_both_win(school, bob, inspector):
    case = petition(school, by=bob)
    services.case_resolve(case=case, by=bob, resolution="已答复")
    closing, reopening = _stale(case), _stale(case)
    services.case_close(case=closing, by=bob)
    with pytest.raises(TransitionError, match="changed meanwhile"):
        services.case_reopen(case=reopening, by=inspector, reason="未解决")
    assert _stale(case).state == PetitionState.CLOSED
    assert PetitionEvent.objects.filter(case=case, action=PetitionAction.REOPENED).count() == 0


def test_a_stale_resolution_is_refused_after_the_bureau_moved_the_case(school, bob, alice):
    case = petition(school, by=bob)
    page_of_school = _stale(case)
    services.case_resolve(case=case, by=bob, resolution="已答复")
    services.case_close(case=case, by=bob)
    with pytest.raises(TransitionError, match="changed meanwhile"):
        services.case_resolve(case=page_of_school, by=alice, resolution="我们也解决了")
    assert _stale(case).resolution == "已答复"


def test_a_closed_case_takes_no_more_notes_milestones_or_changes(school, bob, alice):
    case = petition(school, by=bob)
    milestone = case.milestones.get()
    services.case_resolve(case=case, by=bob, resolution="已答复")
    services.case_close(case=case, by=bob)
    stale = PetitionCase.objects.get(pk=case.pk)
    stale.state = PetitionState.IN_PROGRESS  # as an old page saw it: the services read the stored state
    with pytest.raises(TransitionError, match="no more progress notes"):
        services.note_add(case=stale, by=alice, text="补记", happened_on=date(2026, 5, 20))
    with pytest.raises(TransitionError, match="open or in progress"):
        services.milestone_add(case=stale, by=alice, title="回访", due_date=date(2026, 6, 1))
    with pytest.raises(TransitionError, match="open or in progress"):
        services.milestone_mark(milestone=milestone, by=alice, done=True)
    with pytest.raises(TransitionError, match="closed case"):
        details = {name: getattr(case, name) for name in services.CASE_FIELDS}
        services.case_update(case=stale, by=bob, details={**details, "subject": "改"})
    assert case.notes.count() == 0 and case.milestones.count() == 1
    assert _stale(case).subject == "家长对处理结果不满多次上访"


def test_a_resolved_case_still_takes_notes_but_no_milestone_ticks(school, bob, alice):
    case = petition(school, by=bob)
    services.case_resolve(case=case, by=alice, resolution="已答复")
    services.note_add(case=case, by=alice, text="回访家长，表示满意", happened_on=date(2026, 5, 20))
    with pytest.raises(TransitionError):
        services.milestone_mark(milestone=case.milestones.get(), by=alice, done=True)
    assert case.notes.count() == 1
    assert _stale(case).state == PetitionState.RESOLVED


def test_a_note_cannot_be_dated_in_the_future(school, bob, alice):
    case = petition(school, by=bob)
    with pytest.raises(TransitionError, match="future"):
        services.note_add(case=case, by=alice, text="明天的事", happened_on=date(2026, 5, 21))
    assert case.notes.count() == 0


def test_a_change_of_details_is_recorded_with_the_fields_changed(school, bob):
    case = petition(school, by=bob)
    details = {name: getattr(case, name) for name in services.CASE_FIELDS}
    services.case_update(case=case, by=bob, details={**details, "leader": "王副局长"})
    assert _stale(case).leader == "王副局长"
    event = case.events.last()
    assert (event.action, event.comment) == (PetitionAction.EDITED, "leader")
    services.case_update(case=case, by=bob, details={**details, "leader": "王副局长"})
    assert case.events.filter(action=PetitionAction.EDITED).count() == 1  # nothing changed the second time


def test_a_milestone_added_later_is_on_the_timeline(school, bob, alice):
    case = petition(school, by=bob)
    milestone = services.milestone_add(case=case, by=alice, title="回访", due_date=date(2026, 6, 1))
    assert list(case.milestones.values_list("title", flat=True)) == ["与家长面谈", "回访"]
    assert case.events.last().comment == f"2026-06-01 {milestone.title}"
