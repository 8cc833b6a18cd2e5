"""When a milestone is overdue: from the first moment of the day after its due date, Beijing time, while
it is not done and its case is open or in progress — on the model, in the list, on the case's page.
"""

from datetime import date, datetime

import pytest
from django.urls import reverse

from petitions import selectors, services
from petitions.models import Milestone
from tests.petitions.conftest import SHANGHAI, login, petition

DUE = date(2026, 5, 20)
LIST = reverse("petitions:list")


def _overdue_in_list(client, user):
    return {case.subject for case in login(client, user).get(LIST, {"overdue": "1"}).context["page"]}


@pytest.mark.parametrize(
    ("moment", "overdue"),
    [
        (datetime(2026, 5, 20, 0, 0, tzinfo=SHANGHAI), False),  # the due day begins
        (datetime(2026, 5, 20, 23, 59, 59, tzinfo=SHANGHAI), False),  # the due day's last second
        (datetime(2026, 5, 21, 0, 0, tzinfo=SHANGHAI), True),  # the day after, 00:00 Beijing time
    ],
)
def test_it_falls_overdue_at_midnight_beijing_time_after_the_due_day(
    client, bob, school, time_machine, moment, overdue
):  # fmt: skip
    case = petition(school, by=bob, subject="到期", milestones=[(DUE, "面谈")])
    time_machine.move_to(moment, tick=False)
    milestone = Milestone.objects.select_related("case").get(case=case)
    assert milestone.is_overdue() is overdue
    assert _overdue_in_list(client, bob) == ({"到期"} if overdue else set())
    assert (
        login(client, bob).get(reverse("petitions:detail", args=[case.pk])).context["overdue_count"]
        == overdue
    )


def test_it_is_overdue_at_16_00_utc_which_is_midnight_in_beijing(client, bob, school, time_machine):
    case = petition(school, by=bob, subject="到期", milestones=[(DUE, "面谈")])
    time_machine.move_to("2026-05-20T15:59:59+00:00", tick=False)
    assert _overdue_in_list(client, bob) == set()
    time_machine.move_to("2026-05-20T16:00:00+00:00", tick=False)
    assert _overdue_in_list(client, bob) == {"到期"}
    assert case.milestones.get().is_overdue()


def test_a_done_milestone_is_never_overdue(school, bob, time_machine):
    case = petition(school, by=bob, milestones=[(DUE, "面谈")])
    services.milestone_mark(milestone=case.milestones.get(), by=bob, done=True)
    time_machine.move_to(datetime(2026, 6, 30, 12, 0, tzinfo=SHANGHAI), tick=False)
    assert not case.milestones.select_related("case").get().is_overdue()
    assert selectors.case_counts(selectors.cases_for_user(bob))["overdue"] == 0


def test_a_resolved_case_has_no_overdue_milestones_until_it_is_reopened(school, bob, time_machine):
    case = petition(school, by=bob, milestones=[(DUE, "面谈")])
    services.case_resolve(case=case, by=bob, resolution="已答复")
    time_machine.move_to(datetime(2026, 5, 25, 9, 0, tzinfo=SHANGHAI), tick=False)
    counted = selectors.cases_for_user(bob)
    assert selectors.case_counts(counted)["overdue"] == 0
    services.case_reopen(case=case, by=bob, reason="家长再次来访")
    assert selectors.case_counts(counted)["overdue"] == 1
    assert case.milestones.select_related("case").get().is_overdue()


def test_an_open_case_that_nobody_started_falls_overdue_too(school, bob, time_machine):
    petition(school, by=bob, milestones=[(DUE, "面谈"), (date(2026, 5, 22), "调解")])
    time_machine.move_to(datetime(2026, 5, 23, 8, 0, tzinfo=SHANGHAI), tick=False)
    rows = list(selectors.case_list(user=bob, overdue=True))
    assert [(case.state, case.overdue_milestones) for case in rows] == [("open", 2)]
