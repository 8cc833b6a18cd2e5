import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from plans import content_services
from plans.enums import DeliverableKind
from tests.factories import CampaignFactory, open_submission


@pytest.fixture
def campaign(school):
    return CampaignFactory(bureau=school.bureau)


@pytest.fixture
def work_plan_submission(campaign, school):
    return open_submission(campaign, school, DeliverableKind.WORK_PLAN)


def complete_work_plan(submission, *, signer, chair="王校长"):
    plan = submission.work_plan
    content_services.work_plan_save(
        work_plan=plan,
        data={
            "meeting_date": datetime.date(2026, 5, 16),
            "meeting_chair": chair,
            "meeting_attendees": "全体行政人员",
            "meeting_decisions": "成立领导小组",
            "risk_analysis": "食堂、校门口交通",
            "control_measures": "每日巡查",
        },
        responsibilities=[{"post": "校长", "person": chair, "duties": "全面负责"}],
    )
    content_services.work_plan_sign(work_plan=plan, by=signer)
    return plan


def entries_for(obj, action=None):
    """The log entries of one record, oldest first."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("timestamp", "pk")
    return entries if action is None else entries.filter(action=action)


def latest_change(obj):
    return entries_for(obj, LogEntry.Action.UPDATE).last()
