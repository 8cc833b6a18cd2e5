"""Submit → return → resubmit → accept, lateness at the due moment, and refused transitions."""

import pytest
import time_machine
from django.urls import reverse

from plans import services
from plans.enums import BoardStatus, EventAction, SubmissionState
from tests.plans.conftest import complete_work_plan

# The work plan is due 2026-05-20 23:59:59 Beijing time (CampaignFactory).
BEFORE, AT, AFTER = "2026-05-20 23:59:58 +0800", "2026-05-20 23:59:59 +0800", "2026-05-21 00:00:00 +0800"


@pytest.mark.parametrize(("moment", "late"), [(BEFORE, False), (AT, False), (AFTER, True)])
def test_lateness_is_decided_by_the_server_clock_at_the_due_moment(
    work_plan_submission, principal, moment, late
):
    complete_work_plan(work_plan_submission, signer=principal)
    with time_machine.travel(moment, tick=False):
        services.submission_submit(submission=work_plan_submission, by=principal)
    work_plan_submission.refresh_from_db()
    assert work_plan_submission.late is late
    assert work_plan_submission.board_status() == (BoardStatus.LATE if late else BoardStatus.ON_TIME)


@pytest.mark.parametrize(("moment", "status"), [(AT, BoardStatus.DRAFT), (AFTER, BoardStatus.OVERDUE)])
def test_an_unsubmitted_draft_turns_overdue_after_the_due_moment(work_plan_submission, moment, status):
    with time_machine.travel(moment, tick=False):
        assert work_plan_submission.board_status() == status


def test_an_incomplete_plan_is_refused_with_what_is_missing(client, alice, work_plan_submission):
    client.force_login(alice)
    client.post(reverse("plans:submission_submit", args=[work_plan_submission.pk]))
    work_plan_submission.refresh_from_db()
    assert work_plan_submission.state == SubmissionState.DRAFT
    with pytest.raises(services.TransitionError) as refused:
        services.submission_submit(submission=work_plan_submission, by=alice)
    assert len(refused.value.messages) == 8  # six fields, the responsibility table, the sign-off


@time_machine.travel("2026-05-19 10:00 +0800")
def test_the_full_round_trip_keeps_every_step(client, alice, principal, bob, work_plan_submission):
    complete_work_plan(work_plan_submission, signer=principal)
    url = lambda name: reverse(name, args=[work_plan_submission.pk])  # noqa: E731
    client.force_login(alice)
    client.post(url("plans:submission_submit"))
    client.force_login(bob)
    client.post(url("plans:submission_review"), {"decision": "return", "reason": "责任分工不够具体"})
    work_plan_submission.refresh_from_db()
    assert work_plan_submission.state == SubmissionState.RETURNED
    assert work_plan_submission.return_reason == "责任分工不够具体"
    client.force_login(alice)
    assert client.get(url("plans:work_plan_edit")).status_code == 200
    client.post(url("plans:submission_submit"))
    client.force_login(bob)
    client.post(url("plans:submission_review"), {"decision": "accept"})
    work_plan_submission.refresh_from_db()
    assert work_plan_submission.state == SubmissionState.ACCEPTED
    actions = [(e.action, e.by) for e in work_plan_submission.events.all()]
    submitted, returned, accepted = EventAction.SUBMITTED, EventAction.RETURNED, EventAction.ACCEPTED
    assert actions == [(EventAction.SIGNED, principal), (submitted, alice), (returned, bob),
                       (submitted, alice), (accepted, bob)]  # fmt: skip
    assert (
        work_plan_submission.events.filter(action=EventAction.SUBMITTED).last().snapshot["meeting_chair"]
        == "王校长"
    )


def test_returning_needs_a_reason(client, bob, principal, work_plan_submission):
    complete_work_plan(work_plan_submission, signer=principal)
    services.submission_submit(submission=work_plan_submission, by=principal)
    client.force_login(bob)
    client.post(reverse("plans:submission_review", args=[work_plan_submission.pk]), {"decision": "return"})
    work_plan_submission.refresh_from_db()
    assert work_plan_submission.state == SubmissionState.SUBMITTED


def test_a_second_reviewer_cannot_undo_the_first_decision(bob, inspector, principal, work_plan_submission):
    complete_work_plan(work_plan_submission, signer=principal)
    services.submission_submit(submission=work_plan_submission, by=principal)
    stale = type(work_plan_submission).objects.get(pk=work_plan_submission.pk)
    services.submission_accept(submission=work_plan_submission, by=bob)
    with pytest.raises(services.TransitionError):
        services.submission_return(submission=stale, by=inspector, reason="晚了一步")
    stale.refresh_from_db()
    assert stale.state == SubmissionState.ACCEPTED


def test_a_submitted_plan_cannot_be_submitted_twice(principal, work_plan_submission):
    complete_work_plan(work_plan_submission, signer=principal)
    services.submission_submit(submission=work_plan_submission, by=principal)
    with pytest.raises(services.TransitionError):
        services.submission_submit(submission=work_plan_submission, by=principal)
    assert work_plan_submission.events.filter(action=EventAction.SUBMITTED).count() == 1
