"""Exports built in the background: ask for one, build it once, let it expire.

Delivery guarantee: a job is built at most once at a time and finished at most once. `export_run`
claims the job with a conditional UPDATE (queued → running) that only one worker can win, and every
later write — each progress step, the result — is conditioned on the claim's token. A worker that
dies mid-build leaves the job "running" with a heartbeat that stops moving; the broker gives the
task back (`acks_late`, `task_reject_on_worker_lost`) and, once the heartbeat is older than
`STALE_AFTER`, the next worker claims the job again. The old worker, should it come back, finds its
token gone and stops without touching the file. A job that nobody picks up at all is failed by the
hourly sweep (`exports_expire`), so no page shows a bar that never moves.
"""

import logging
import tempfile
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plans.selectors import campaigns_for_user

from .exporters import CampaignWorkbook
from .models import ExportJob, ExportKind, ExportState
from .summary import SummaryReport

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=15)  # no progress for this long: the worker is gone
ABANDONED_AFTER = timedelta(hours=2)  # queued or stalled this long: tell the user it failed
# Where the build's own progress (0…1) lands on the bar: claiming is 1 %, storing the file the last.
BUILD_FROM, BUILD_TO = 1, 95

# What `export_run` did, for the task (and the tests).
BUILT, FAILED, BUSY, SKIPPED = "built", "failed", "busy", "skipped"


class ClaimLost(Exception):
    """Another worker took the job over (ours was thought dead): stop and leave it alone."""


def expiry_hours():
    return getattr(settings, "EXPORT_EXPIRY_HOURS", 24)


def export_request(*, campaign, kind, by, language=None) -> ExportJob:
    """Queue an export of `campaign` for `by`. The file is built by a task once this commits.

    A second click while the same export is still waiting or being built shows that job again
    rather than building the file twice.
    """
    if kind not in ExportKind.values:
        raise ValueError(f"Unknown export kind {kind!r}")
    from .tasks import build_export  # the task module imports this one

    now = timezone.now()
    with transaction.atomic():
        pending = (
            ExportJob.objects.filter(campaign=campaign, kind=kind, requested_by=by)
            .filter(
                Q(state=ExportState.QUEUED, created_at__gte=now - STALE_AFTER)
                | Q(state=ExportState.RUNNING, heartbeat_at__gte=now - STALE_AFTER)
            )
            .first()
        )
        if pending:
            return pending
        job = ExportJob.objects.create(
            campaign=campaign,
            kind=kind,
            requested_by=by,
            language=language or by.language or settings.LANGUAGE_CODE,
            created_at=now,
        )
        transaction.on_commit(lambda: build_export.delay(job.pk))
    return job


def export_run(*, job_id) -> str:
    """Claim the job, build its file, store it and mark it done (or failed, with a message)."""
    token = uuid.uuid4().hex
    now = timezone.now()
    claimable = Q(state=ExportState.QUEUED) | Q(state=ExportState.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    # The claim. Two workers may run this at once; the database lets exactly one UPDATE match.
    claimed = (
        ExportJob.objects.filter(claimable, pk=job_id)
        .update(state=ExportState.RUNNING, worker=token, progress=BUILD_FROM, message="", started_at=now,
                heartbeat_at=now)
    )  # fmt: skip
    if not claimed:
        running = ExportJob.objects.filter(pk=job_id, state=ExportState.RUNNING).exists()
        return BUSY if running else SKIPPED
    job = ExportJob.objects.select_related("campaign", "campaign__bureau", "requested_by").get(pk=job_id)
    progress = _Progress(job.pk, token)
    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            filename = _build(job, progress)
    except ClaimLost:
        logger.warning("Export job %s was taken over by another worker; this one stops.", job_id)
        return SKIPPED
    except Exception as error:
        logger.exception("Export job %s (%s) failed", job_id, job.kind)
        with translation.override(job.language or settings.LANGUAGE_CODE):
            message = _("The file could not be built (%(error)s). Please try again.") % {
                "error": type(error).__name__
            }
        _finish(job, token, state=ExportState.FAILED, message=message[:300])
        return FAILED
    if not _finish(job, token, state=ExportState.DONE, filename=filename):
        job.file.delete(save=False)  # taken over at the last moment: the other worker's file counts
        return SKIPPED
    return BUILT


def _build(job, progress):
    """Build the job's file into `job.file` (not yet saved to the row); return the download name."""
    user = job.requested_by
    # Scoped again now, not when asked: someone who lost the bureau role since gets nothing.
    campaign = campaigns_for_user(user).select_related("bureau").filter(pk=job.campaign_id).first()
    if campaign is None:
        raise PermissionError("the requester may no longer see this campaign")
    if job.kind == ExportKind.WORKBOOK:
        workbook = CampaignWorkbook(campaign=campaign, user=user, progress=progress.build)
        # Write-only workbooks stream to disk; so does this, rather than holding the file in memory.
        with tempfile.TemporaryFile() as stream:
            workbook.write(stream)
            stream.seek(0)
            job.file.save(f"export.{job.extension}", File(stream), save=False)
        return workbook.download_name()
    report = SummaryReport(campaign=campaign, user=user, progress=progress.build)
    job.file.save(f"export.{job.extension}", ContentFile(report.pdf()), save=False)
    return report.download_name()


def _finish(job, token, *, state, filename="", message=""):
    """Record the result, if this worker still holds the claim. Returns whether it did."""
    now = timezone.now()
    fields = {"state": state, "finished_at": now, "heartbeat_at": now, "message": message, "worker": ""}
    if state == ExportState.DONE:
        fields |= {
            "progress": 100,
            "file": job.file.name,
            "filename": filename[:200],
            "expires_at": now + timedelta(hours=expiry_hours()),
        }
    return bool(ExportJob.objects.filter(pk=job.pk, state=ExportState.RUNNING, worker=token).update(**fields))


class _Progress:
    """Moves the job's bar forward: one UPDATE per step of a whole percent, never one per row."""

    def __init__(self, job_id, token):
        self.job_id, self.token = job_id, token
        self.percent = BUILD_FROM

    def build(self, fraction):
        percent = BUILD_FROM + int((BUILD_TO - BUILD_FROM) * min(max(fraction, 0), 1))
        if percent <= self.percent:
            return
        self.percent = percent
        moved = ExportJob.objects.filter(pk=self.job_id, state=ExportState.RUNNING, worker=self.token).update(
            progress=percent, heartbeat_at=timezone.now()
        )
        if not moved:
            raise ClaimLost


def exports_expire(*, now=None) -> int:
    """The hourly sweep: delete the files of exports past their time and fail abandoned jobs.

    Returns how many files were deleted. The row is marked expired before its file is deleted, so a
    download never finds a "done" job without its file.
    """
    now = now or timezone.now()
    deleted = 0
    expired = ExportJob.objects.filter(state=ExportState.DONE, expires_at__lte=now).only("pk", "file")
    for job in expired.iterator():
        if ExportJob.objects.filter(pk=job.pk, state=ExportState.DONE).update(state=ExportState.EXPIRED):
            if job.file:
                job.file.delete(save=False)
            ExportJob.objects.filter(pk=job.pk).update(file="")
            deleted += 1
    abandoned = Q(state=ExportState.QUEUED, created_at__lt=now - ABANDONED_AFTER) | Q(
        state=ExportState.RUNNING, heartbeat_at__lt=now - ABANDONED_AFTER
    )
    with translation.override(settings.LANGUAGE_CODE):
        message = _("The file was not built in time. Please start the export again.")
    ExportJob.objects.filter(abandoned).update(
        state=ExportState.FAILED, message=message, worker="", finished_at=now
    )
    return deleted
