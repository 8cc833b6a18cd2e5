"""Submitted records are never overwritten: with the bureau they cannot be edited, and a returned
one submitted again becomes a new version while every earlier version stays readable."""

import datetime

import pytest
from django.urls import reverse

from duty import coverage
from duty import services as duty_services
from duty.models import DutyDay
from plans import content_services, services
from plans.enums import DeliverableKind
from plans.models import Summary, WorkPlan
from plans.services import TransitionError
from tests.audit.conftest import complete_work_plan
from tests.factories import open_submission

SUMMARY = {"narrative": "两会期间未发生安全事故。", "inspections_held": 4, "hazards_found": 2,
           "hazards_rectified": 2, "education_sessions": 1, "drills_held": 1,
           "incidents_reported": 0}  # fmt: skip


def _days(roster, leader):
    shift = coverage.Shift("张值班", "13800138001", datetime.time(8), datetime.time(8))
    return [
        coverage.Day(date=d, leader=leader, leader_phone="13900000004", shifts=[shift])
        for d in roster.dates()
    ]


def _filled(kind, campaign, school, principal, version="王校长"):
    """A submission of `kind` ready to submit, its content naming `version`."""
    submission = open_submission(campaign, school, kind)
    if kind == DeliverableKind.WORK_PLAN:
        complete_work_plan(submission, signer=principal, chair=version)
    elif kind == DeliverableKind.SUMMARY:
        content_services.summary_save(summary=submission.summary, data={**SUMMARY, "narrative": version})
    else:
        roster = submission.duty_roster
        duty_services.roster_save(
            roster=roster, start_date=roster.start_date, end_date=roster.end_date, days=_days(roster, version)
        )
    return submission


def _edit(submission, principal, version):
    if submission.deliverable.kind == DeliverableKind.WORK_PLAN:
        return complete_work_plan(submission, signer=principal, chair=version)
    if submission.deliverable.kind == DeliverableKind.SUMMARY:
        return content_services.summary_save(
            summary=submission.summary, data={**SUMMARY, "narrative": version}
        )
    roster = submission.duty_roster
    return duty_services.roster_save(
        roster=roster, start_date=roster.start_date, end_date=roster.end_date, days=_days(roster, version)
    )


KINDS = [DeliverableKind.WORK_PLAN, DeliverableKind.SUMMARY, DeliverableKind.DUTY_ROSTER]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("accepted", [False, True])
def test_content_with_the_bureau_cannot_be_edited_in_place(campaign, school, principal, bob, kind, accepted):
    submission = _filled(kind, campaign, school, principal)
    services.submission_submit(submission=submission, by=principal)
    if accepted:
        services.submission_accept(submission=submission, by=bob)

    with pytest.raises(TransitionError):
        _edit(submission, principal, "李副校长")

    assert _stored(submission) == "王校长"


def _stored(submission):
    """What the content says now, read again from the database."""
    kind = submission.deliverable.kind
    if kind == DeliverableKind.WORK_PLAN:
        return WorkPlan.objects.get(submission=submission).meeting_chair
    if kind == DeliverableKind.SUMMARY:
        return Summary.objects.get(submission=submission).narrative
    return DutyDay.objects.filter(roster__submission=submission).first().leader


@pytest.mark.parametrize("kind", KINDS)
def test_a_returned_submission_sent_again_keeps_the_first_version_readable(
    client, campaign, school, principal, alice, bob, kind
):
    submission = _filled(kind, campaign, school, principal, version="第一版王校长")
    services.submission_submit(submission=submission, by=principal)
    services.submission_return(submission=submission, by=bob, reason="请补充")
    _edit(submission, principal, "第二版李副校长")
    services.submission_submit(submission=submission, by=alice)
    client.force_login(bob)

    detail = client.get(reverse("plans:submission_detail", args=[submission.pk])).content.decode()
    response = client.get(reverse("plans:submission_versions", args=[submission.pk]))

    assert reverse("plans:submission_versions", args=[submission.pk]) in detail
    assert "第一版王校长" not in detail  # the page shows the content as it is now
    versions = response.context["versions"]
    assert [v["number"] for v in versions] == [2, 1]
    assert [v["event"].by for v in versions] == [alice, principal]
    page = response.content.decode()
    assert "第一版王校长" in page and "第二版李副校长" in page
    assert page.index("第二版李副校长") < page.index("第一版王校长")  # the latest first


def test_a_draft_has_no_versions_yet(client, alice, campaign, school):
    submission = open_submission(campaign, school, DeliverableKind.WORK_PLAN)
    client.force_login(alice)
    response = client.get(reverse("plans:submission_versions", args=[submission.pk]))
    assert response.status_code == 200 and response.context["versions"] == []


def test_another_school_cannot_read_the_versions(client, charlie, campaign, school, principal):
    submission = _filled(DeliverableKind.WORK_PLAN, campaign, school, principal)
    services.submission_submit(submission=submission, by=principal)
    client.force_login(charlie)
    assert client.get(reverse("plans:submission_versions", args=[submission.pk])).status_code == 404
