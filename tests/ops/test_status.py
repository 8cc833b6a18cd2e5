from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from ops.tasks import record_heartbeat

BEIJING = ZoneInfo("Asia/Shanghai")


def test_status_shows_the_worker_down_until_a_heartbeat_arrives(client, bob):
    client.force_login(bob)
    assert client.get(reverse("ops:status")).context["alive"] is False
    record_heartbeat.apply()
    assert client.get(reverse("ops:status")).context["alive"] is True


def test_three_missed_heartbeats_count_as_down(client, bob, settings):
    interval = timedelta(seconds=settings.CELERY_BEAT_SCHEDULE["ops-heartbeat"]["schedule"])
    beat = datetime(2026, 5, 15, 8, 0, tzinfo=BEIJING)
    with time_machine.travel(beat, tick=False):
        record_heartbeat.apply()
    client.force_login(bob)
    with time_machine.travel(beat + 2 * interval, tick=False):
        assert client.get(reverse("ops:status")).context["alive"] is True
    with time_machine.travel(beat + 3 * interval, tick=False):
        assert client.get(reverse("ops:status")).context["alive"] is False
