"""Two workers run the same sweep at the same moment on PostgreSQL: each reminder goes out once."""

import datetime
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.utils import timezone

from campus_safety.celery import app
from notifications.models import Notification, Reminder
from notifications.tasks import run_sweep
from schools.enums import Role
from tests.factories import CampaignFactory, SchoolFactory, member

pytestmark = pytest.mark.integration


def _sweep(barrier):
    barrier.wait()
    try:
        return run_sweep("deliverables")
    finally:
        connection.close()


def test_two_simultaneous_sweeps_deliver_each_reminder_once(transactional_db, postgres, settings):
    app.conf.task_always_eager = True  # deliveries run in the sweeping thread once its claim commits
    try:
        schools = SchoolFactory.create_batch(5)
        bureau = schools[0].bureau
        for school in schools:
            school.bureau = bureau
            school.save()
        officers = [member(Role.SAFETY_OFFICER, school) for school in schools]
        # Due tomorrow: reminders are due now, without moving the clock under two threads.
        CampaignFactory(bureau=bureau, start_date=timezone.localdate() - datetime.timedelta(days=4))
        barrier = Barrier(2)
        with ThreadPoolExecutor(2) as pool:
            tokens = list(pool.map(_sweep, [barrier, barrier]))
    finally:
        app.conf.task_always_eager = False
    assert len(set(tokens[0]) & set(tokens[1])) == 0  # no reminder was claimed by both
    assert Reminder.objects.count() == 2 * len(officers)  # work plan and roster, once each
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    for officer in officers:
        assert Notification.objects.filter(recipient=officer).count() == 1
