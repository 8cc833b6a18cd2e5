"""Celery tasks of the reports: build one export, and the hourly sweep that expires them.

Tasks take primitive ids and call one service; `acks_late` with `task_reject_on_worker_lost` (set for
every task in settings) gives a task back to the queue when its worker dies, and the job's claim in
`services.export_run` makes sure a file is built once even when a task runs twice.
"""

from celery import shared_task

from . import services

# A job still held by a live worker is looked at again once that worker's claim could have gone
# stale. Kept well under the broker's visibility timeout (an hour), as every ETA must be.
RETRY_AFTER = services.STALE_AFTER.total_seconds() + 60


@shared_task(bind=True, max_retries=3)
def build_export(self, job_id):
    if services.export_run(job_id=job_id) == services.BUSY:
        # Another worker holds the job: it is building it, or died doing so. Look again later.
        raise self.retry(countdown=RETRY_AFTER)


@shared_task
def expire_exports():
    return services.exports_expire()
