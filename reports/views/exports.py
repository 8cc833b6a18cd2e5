"""Campaign exports built in the background: start one, watch its progress, download the file."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.views.decorators.http import require_POST, require_safe

from common.http import content_disposition
from plans.selectors import campaign_for_user, campaigns_for_user
from schools.enums import BUREAU_ROLES
from schools.permissions import role_required

from .. import services
from ..models import ExportJob, ExportKind, ExportState

GONE = 410
POLL_SECONDS = 1.5  # how often the page asks while the file is being built (static/js/export_progress.js)
REFRESH_SECONDS = 3  # without script, the page reloads itself this often instead


def _job_for_user(user, pk):
    """An export of a campaign of the user's bureau, or 404."""
    jobs = ExportJob.objects.filter(campaign__in=campaigns_for_user(user)).select_related(
        "campaign", "requested_by"
    )
    return get_object_or_404(jobs, pk=pk)


def _download_url(job, now):
    if job.state == ExportState.DONE and not job.is_expired(now):
        return reverse("reports:export_download", args=[job.pk])
    return None


def _expires_display(job):
    return date_format(timezone.localtime(job.expires_at), "DATETIME_FORMAT") if job.expires_at else ""


@role_required(BUREAU_ROLES)
@require_POST
def export_start(request, pk, kind):
    campaign = campaign_for_user(request.user, pk)
    if kind not in ExportKind.values:
        raise Http404
    job = services.export_request(
        campaign=campaign, kind=kind, by=request.user, language=translation.get_language()
    )
    return redirect("reports:export_status", pk=job.pk)


@role_required(BUREAU_ROLES)
@require_safe
def export_status(request, pk):
    job = _job_for_user(request.user, pk)
    now = timezone.now()
    expired = job.is_expired(now)
    state = ExportState.EXPIRED if expired else job.state
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "state": state,
                "progress": job.progress,
                "download_url": _download_url(job, now),
                "message": job.message,
                "expires_at": _expires_display(job),
            }
        )
    return render(request, "reports/export_status.html", _status_context(job, state, now))


def _status_context(job, state, now):
    return {
        "job": job,
        "campaign": job.campaign,
        "state": state,
        "state_label": ExportState(state).label,
        "finished": state in (ExportState.DONE, ExportState.FAILED, ExportState.EXPIRED),
        "download_url": _download_url(job, now),
        "expires_display": _expires_display(job),
        "poll_ms": int(POLL_SECONDS * 1000),
        "refresh_seconds": REFRESH_SECONDS,
    }


@role_required(BUREAU_ROLES)
@require_safe
def export_download(request, pk):
    job = _job_for_user(request.user, pk)
    now = timezone.now()
    if job.is_expired(now):
        context = _status_context(job, ExportState.EXPIRED, now)
        return render(request, "reports/export_status.html", context, status=GONE)
    if job.state != ExportState.DONE or not job.file:
        raise Http404
    try:
        file = job.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(file, content_type=job.content_type)
    response["Content-Disposition"] = content_disposition(
        job.ascii_filename, job.filename or job.ascii_filename
    )
    return response
