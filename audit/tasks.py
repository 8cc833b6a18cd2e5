from celery import shared_task

from . import services


@shared_task
def prune():
    """Daily: delete what is past AUDIT_RETENTION_DAYS (as `manage.py prune_audit` does)."""
    cutoff = services.retention_cutoff()
    return services.prune(cutoff=cutoff) if cutoff is not None else {}
