"""The roster as a deliverable: what blocks submission, and the submission page's cost."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from duty import coverage
from plans import services as plan_services
from plans.enums import BoardStatus
from tests.duty.conftest import fill_roster, full_days


@pytest.mark.parametrize("days", [3, 14])
def test_the_submission_page_costs_the_same_at_any_length(
    client, alice, roster_submission, days, django_assert_max_num_queries
):
    roster = roster_submission.duty_roster
    roster.end_date = roster.start_date + datetime.timedelta(days=days - 1)
    fill_roster(roster)
    client.force_login(alice)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("plans:submission_detail", args=[roster_submission.pk]))
    assert response.context["missing"] == []


def test_a_roster_with_a_missing_hour_cannot_be_submitted(alice, roster_submission):
    roster = roster_submission.duty_roster
    days = full_days(roster)
    days[1].shifts[1] = coverage.Shift("李值班", "13800138002", datetime.time(21), datetime.time(8))
    fill_roster(roster, days)
    with pytest.raises(plan_services.TransitionError) as refused:
        plan_services.submission_submit(submission=roster_submission, by=alice)
    assert refused.value.messages == ["缺少：5月23日 20:00–21:00 无人值班"]


@time_machine.travel("2026-05-21 00:00 +0800", tick=False)
def test_a_complete_roster_is_submitted_late_after_the_due_moment(alice, roster_submission):
    fill_roster(roster_submission.duty_roster)
    plan_services.submission_submit(submission=roster_submission, by=alice)
    assert roster_submission.board_status() == BoardStatus.LATE
