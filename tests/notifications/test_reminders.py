"""Sweeps find what is due and each reminder reaches its recipient once, as one digest per person."""

import re

import pytest
import time_machine
from django.core import mail

from notifications.models import Notification, Preference, Reminder
from plans import services as plan_services
from plans.enums import DeliverableKind
from schools.enums import Role
from tests.factories import CampaignFactory, SchoolFactory, hazard, member, open_submission
from tests.plans.conftest import complete_work_plan

BEFORE_3D = "2026-05-18 09:00 +0800"  # the work plan and roster are due 5月20日 23:59:59
OVERDUE = "2026-05-21 08:00 +0800"


@pytest.fixture
def campaign(school, alice, principal, bob):
    alice.email = "alice@school.example"
    alice.save()
    return CampaignFactory(bureau=school.bureau)


def _texts(user):
    return [line["text"] for n in Notification.objects.filter(recipient=user) for line in n.lines]


@time_machine.travel(BEFORE_3D, tick=False)
def test_a_school_that_has_not_submitted_gets_one_digest_listing_both_deliverables(sweep, campaign, alice):
    sweep("deliverables")
    (notification,) = Notification.objects.filter(recipient=alice)
    assert len(notification.lines) == 2  # work plan and duty roster, in one message
    assert {r.stage for r in Reminder.objects.filter(recipient=alice)} == {"before-3d"}


@time_machine.travel(BEFORE_3D, tick=False)
def test_running_the_sweep_twice_sends_nothing_twice(sweep, campaign, alice):
    sweep("deliverables")
    sweep("deliverables")
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@school.example"]


def test_each_stage_is_sent_once_as_time_passes(sweep, campaign, alice):
    for moment in [BEFORE_3D, "2026-05-20 07:00 +0800", "2026-05-20 08:00 +0800", "2026-05-20 09:00 +0800"]:
        with time_machine.travel(moment, tick=False):
            sweep("deliverables")
    stages = sorted(
        Reminder.objects.filter(recipient=alice, item_key__contains="deliverable").values_list(
            "stage", flat=True
        )
    )
    assert stages == [
        "before-1d",
        "before-1d",
        "before-3d",
        "before-3d",
        "due-day",
        "due-day",
    ]  # two deliverables
    assert Notification.objects.filter(recipient=alice).count() == 3


@time_machine.travel(BEFORE_3D, tick=False)
def test_a_submitted_deliverable_is_not_reminded_but_a_returned_one_is(
    sweep, campaign, school, alice, principal, bob
):
    submission = open_submission(campaign, school, DeliverableKind.WORK_PLAN)
    complete_work_plan(submission, signer=principal)
    plan_services.submission_submit(submission=submission, by=alice)
    sweep("deliverables")
    assert len(_texts(alice)) == 1  # the roster only
    plan_services.submission_return(submission=submission, by=bob, reason="补充")
    with time_machine.travel("2026-05-20 08:00 +0800", tick=False):
        sweep("deliverables")
    assert Reminder.objects.filter(recipient=alice, stage="due-day").count() == 2


@time_machine.travel(OVERDUE, tick=False)
def test_overdue_schools_are_listed_daily_to_the_bureau(sweep, campaign, bob):
    SchoolFactory.create_batch(2, bureau=campaign.bureau)
    campaign.schools.set(campaign.bureau.schools.all())
    sweep("deliverables")
    texts = _texts(bob)
    assert len(texts) == 2  # one line per deliverable
    assert all(re.search(r"(?<!\d)3(?!\d)", text) for text in texts)  # 3 schools overdue


@time_machine.travel(OVERDUE, tick=False)
def test_no_email_when_the_user_turned_it_off(sweep, campaign, alice):
    Preference.objects.create(user=alice, email=False)
    sweep("deliverables")
    assert Notification.objects.filter(recipient=alice).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("count", [3, 30])
def test_the_deliverable_sweep_costs_the_same_queries_at_any_size(
    bureau, count, django_assert_max_num_queries
):
    from notifications.sweeps import deliverable_reminders

    schools = SchoolFactory.create_batch(count, bureau=bureau)
    for school in schools:
        member(Role.SAFETY_OFFICER, school)
    CampaignFactory(bureau=bureau)
    with time_machine.travel(OVERDUE, tick=False), django_assert_max_num_queries(4):
        dues = deliverable_reminders()
    assert len({d.recipient_id for d in dues}) == count


def test_hazards_remind_the_school_then_the_supervisor_when_overdue(sweep, school, alice, inspector):
    major = hazard(school, severity="major")  # deadline 2026-05-25
    from hazards import services as hazard_services

    hazard_services.hazard_supervise(hazard=major, by=inspector, supervisor=inspector)
    with time_machine.travel("2026-05-23 08:00 +0800", tick=False):
        sweep("hazards")
    assert Reminder.objects.filter(recipient=alice, stage="before-2d").exists()
    assert not Reminder.objects.filter(recipient=inspector).exists()
    with time_machine.travel("2026-05-26 08:00 +0800", tick=False):
        sweep("hazards")
    assert Reminder.objects.filter(recipient=inspector, stage="overdue-2026-05-26").exists()


def test_a_stale_claim_is_delivered_by_a_later_sweep(sweep, campaign, alice, settings):
    from notifications import outbox
    from notifications.sweeps import deliverable_reminders

    with time_machine.travel(BEFORE_3D, tick=False):
        outbox.add(deliverable_reminders())
        outbox.claim()  # claimed, but the worker died before delivering
    assert not Notification.objects.exists()
    with time_machine.travel("2026-05-18 09:05 +0800", tick=False):
        sweep("deliverables")  # within the lease: left alone
    assert not Notification.objects.exists()
    with time_machine.travel("2026-05-18 09:11 +0800", tick=False):
        sweep("deliverables")
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert not Reminder.objects.filter(sent_at__isnull=True, recipient=alice).exists()


def test_delivering_the_same_token_twice_creates_one_notice(campaign, alice):
    from notifications import delivery, outbox
    from notifications.sweeps import deliverable_reminders

    with time_machine.travel(BEFORE_3D, tick=False):
        outbox.add(deliverable_reminders())
        token = next(t for t in outbox.claim() if t.endswith(f":{alice.pk}"))
    Reminder.objects.filter(claim_token=token).update(sent_at=None)
    delivery.deliver(token)
    Reminder.objects.filter(claim_token=token).update(sent_at=None)  # as if the worker died before marking
    delivery.deliver(token)
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert len(mail.outbox) == 1
