"""Two reviewers at once on PostgreSQL: the compare-and-set lets exactly one decision through."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from plans import services
from plans.enums import DeliverableKind, EventAction, SubmissionState
from plans.models import Submission
from schools.enums import Role
from tests.factories import CampaignFactory, SchoolFactory, member, open_submission
from tests.plans.conftest import complete_work_plan

pytestmark = pytest.mark.integration
REVIEWERS = 10


def _decide(pk, user, barrier, accept):
    barrier.wait()
    try:
        submission = Submission.objects.select_related("deliverable").get(pk=pk)
        if accept:
            services.submission_accept(submission=submission, by=user)
        else:
            services.submission_return(submission=submission, by=user, reason="并发退回")
        return True
    except services.TransitionError:
        return False
    finally:
        connection.close()


def test_only_one_of_many_simultaneous_decisions_wins(transactional_db, postgres):
    school = SchoolFactory()
    campaign = CampaignFactory(bureau=school.bureau)
    principal = member(Role.PRINCIPAL, school)
    submission = open_submission(campaign, school, DeliverableKind.WORK_PLAN)
    complete_work_plan(submission, signer=principal)
    services.submission_submit(submission=submission, by=principal)
    reviewers = [member(Role.BUREAU_INSPECTOR, school.bureau) for _ in range(REVIEWERS)]
    barrier = Barrier(REVIEWERS)
    with ThreadPoolExecutor(REVIEWERS) as pool:
        results = list(pool.map(_decide, [submission.pk] * REVIEWERS, reviewers, [barrier] * REVIEWERS,
                                [i % 2 == 0 for i in range(REVIEWERS)]))  # fmt: skip
    assert results.count(True) == 1
    submission.refresh_from_db()
    decisions = submission.events.filter(action__in=[EventAction.ACCEPTED, EventAction.RETURNED])
    assert decisions.count() == 1
    assert submission.state in (SubmissionState.ACCEPTED, SubmissionState.RETURNED)
