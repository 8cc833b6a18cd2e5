from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Heartbeat
from .services import WORKER


def worker_status():
    """Whether beat and a worker ran the heartbeat recently (three missed beats count as down)."""
    beat = Heartbeat.objects.filter(name=WORKER).first()
    interval = settings.CELERY_BEAT_SCHEDULE["ops-heartbeat"]["schedule"]
    alive = beat is not None and timezone.now() - beat.last_seen < timedelta(seconds=3 * interval)
    return {"heartbeat": beat, "alive": alive}


def runtime_facts():
    return {
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "broker": settings.CELERY_BROKER_URL.split("://", 1)[0],
    }
