from django.utils import timezone

from .models import Heartbeat

WORKER = "celery-worker"


def heartbeat_record(*, name=WORKER, hostname=""):
    Heartbeat.objects.update_or_create(
        name=name, defaults={"last_seen": timezone.now(), "hostname": hostname}
    )
