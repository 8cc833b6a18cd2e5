from celery import shared_task

from .services import heartbeat_record


@shared_task(bind=True)
def record_heartbeat(self):
    heartbeat_record(hostname=self.request.hostname or "")
