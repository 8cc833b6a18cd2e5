import datetime

import pytest

from plans.enums import DeliverableKind
from tests.factories import CampaignFactory, open_submission


@pytest.fixture
def campaign(school):
    """Covers `school` (and any school of its bureau that exists when it is created)."""
    return CampaignFactory(bureau=school.bureau)


@pytest.fixture
def work_plan_submission(campaign, school):
    return open_submission(campaign, school, DeliverableKind.WORK_PLAN)


@pytest.fixture
def summary_submission(campaign, school):
    return open_submission(campaign, school, DeliverableKind.SUMMARY)


def complete_work_plan(submission, *, signer):
    """Fill every required part of a work plan and have `signer` sign it off."""
    from plans import content_services

    plan = submission.work_plan
    content_services.work_plan_save(
        work_plan=plan,
        data={
            "meeting_date": datetime.date(2026, 5, 16),
            "meeting_chair": "王校长",
            "meeting_attendees": "全体行政人员、班主任",
            "meeting_decisions": "成立两会期间安全工作领导小组",
            "risk_analysis": "食堂、实验室、校门口交通为主要风险点",
            "control_measures": "每日巡查，落实门卫登记",
        },
        responsibilities=[{"post": "校长", "person": "王校长", "duties": "全面负责"}],
    )
    content_services.work_plan_sign(work_plan=plan, by=signer)
    return plan
