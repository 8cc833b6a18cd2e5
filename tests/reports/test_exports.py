"""Campaign exports built in a task (issue 7): start one, watch it, download it, and let it expire.

The tasks run eagerly once the request's transaction commits, as a worker would run them.
"""

import datetime
import logging
from datetime import timedelta
from io import BytesIO
from urllib.parse import unquote

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from reports import services
from reports.exporters import CampaignWorkbook
from reports.models import ExportJob, ExportState
from schools.enums import Role
from schools.models import Membership
from tests.factories import BureauFactory, CampaignFactory, hazard, member

BEIJING = datetime.timezone(timedelta(hours=8))
DURING = datetime.datetime(2026, 5, 26, 10, tzinfo=BEIJING)  # the sessions are on; plans are due


@pytest.fixture
def eager(settings):
    """Run Celery tasks in-process, as soon as they are enqueued."""
    from campus_safety.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def during():
    with time_machine.travel(DURING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def campaign(school, during):
    return CampaignFactory(bureau=school.bureau)


@pytest.fixture
def recorded(campaign, school, alice):
    """A hazard of the campaign, so that the files have something in them."""
    return hazard(school, by=alice, campaign=campaign, description="配电箱未上锁")


@pytest.fixture
def outsider(db):
    """Dana is the admin of another bureau."""
    return member(Role.BUREAU_ADMIN, BureauFactory(), username="dana")


def start(client, campaign, kind, capture):
    """Ask for an export as the page's button does; the task runs when the request commits."""
    with capture(execute=True):
        return client.post(reverse("reports:export_start", args=[campaign.pk, kind]))


def status(client, job):
    return client.get(reverse("reports:export_status", args=[job.pk]), {"format": "json"}).json()


def download(client, job):
    return client.get(reverse("reports:export_download", args=[job.pk]))


def queued_job(campaign, by, kind="workbook"):
    return ExportJob.objects.create(campaign=campaign, kind=kind, requested_by=by, language="zh-hans")


# --- The whole flow through the pages ---------------------------------------------------------------


def test_it_builds_the_workbook_in_a_task_and_lets_the_user_download_it(
    client, bob, campaign, recorded, eager, django_capture_on_commit_callbacks
):
    client.force_login(bob)

    response = start(client, campaign, "workbook", django_capture_on_commit_callbacks)

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:export_status", args=[job.pk])
    assert status(client, job) == {
        "state": "done",
        "progress": 100,
        "download_url": reverse("reports:export_download", args=[job.pk]),
        "message": "",
        "expires_at": "2026年5月27日 10:00",
    }
    page = client.get(response.url).content.decode()
    assert reverse("reports:export_download", args=[job.pk]) in page
    assert "2026年5月27日 10:00" in page  # when the file goes
    got = download(client, job)
    assert got.status_code == 200
    assert got["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = got["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="campaign-{campaign.pk}-workbook.xlsx"')
    assert f"{campaign.name}-" in unquote(disposition)
    workbook = load_workbook(BytesIO(b"".join(got.streaming_content)))
    assert len(workbook.sheetnames) == 16  # five of its own, eleven of reports.parts
    hazards = workbook.worksheets[1]
    assert [row[3] for row in hazards.iter_rows(min_row=2, values_only=True)] == ["配电箱未上锁"]


def test_it_builds_the_summary_report_the_same_way(
    client, bob, campaign, recorded, eager, django_capture_on_commit_callbacks
):
    client.force_login(bob)

    start(client, campaign, "summary", django_capture_on_commit_callbacks)

    job = ExportJob.objects.get()
    assert status(client, job)["state"] == "done"
    got = download(client, job)
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith(f'attachment; filename="campaign-{campaign.pk}-summary.pdf"')
    assert b"".join(got.streaming_content).startswith(b"%PDF-")


def test_the_page_shows_a_progress_bar_that_polls_while_the_file_is_built(client, bob, campaign):
    job = queued_job(campaign, bob)
    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.RUNNING, progress=40)
    client.force_login(bob)

    page = client.get(reverse("reports:export_status", args=[job.pk])).content.decode()
    data = status(client, job)

    assert data == {"state": "running", "progress": 40, "download_url": None, "message": "", "expires_at": ""}
    assert 'role="progressbar"' in page and 'aria-valuenow="40"' in page
    assert "js/export_progress.js" in page
    assert 'http-equiv="refresh"' in page  # the fallback without script, until the file is ready
    assert reverse("reports:export_download", args=[job.pk]) not in page
    assert download(client, job).status_code == 404
    assert "style=" not in page and "<script>" not in page


def test_a_second_click_while_the_export_is_waiting_shows_the_same_job(
    client, bob, campaign, django_capture_on_commit_callbacks
):
    client.force_login(bob)

    with django_capture_on_commit_callbacks() as enqueued:
        first = client.post(reverse("reports:export_start", args=[campaign.pk, "summary"]))
        second = client.post(reverse("reports:export_start", args=[campaign.pk, "summary"]))

    assert first.url == second.url
    assert ExportJob.objects.count() == 1
    assert len(enqueued) == 1


# --- Who may -------------------------------------------------------------------------------------


def test_a_school_user_may_not_start_watch_or_download_an_export(client, alice, bob, campaign):
    job = queued_job(campaign, bob)
    client.force_login(alice)

    assert client.post(reverse("reports:export_start", args=[campaign.pk, "workbook"])).status_code == 403
    assert client.get(reverse("reports:export_status", args=[job.pk])).status_code == 403
    assert download(client, job).status_code == 403
    assert ExportJob.objects.count() == 1


def test_another_bureau_gets_404_for_the_campaign_and_the_job(
    client, outsider, bob, campaign, recorded, eager, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    start(client, campaign, "workbook", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    client.force_login(outsider)

    assert client.post(reverse("reports:export_start", args=[campaign.pk, "workbook"])).status_code == 404
    assert client.get(reverse("reports:export_status", args=[job.pk])).status_code == 404
    assert status_code_json(client, job) == 404
    assert download(client, job).status_code == 404


def status_code_json(client, job):
    return client.get(reverse("reports:export_status", args=[job.pk]), {"format": "json"}).status_code


def test_another_user_of_the_same_bureau_may_download_it(
    client, bob, inspector, campaign, recorded, eager, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    start(client, campaign, "workbook", django_capture_on_commit_callbacks)
    client.force_login(inspector)

    assert download(client, ExportJob.objects.get()).status_code == 200


def test_an_unknown_kind_is_404_and_a_get_does_not_start_anything(client, bob, campaign):
    client.force_login(bob)

    assert client.post(reverse("reports:export_start", args=[campaign.pk, "csv"])).status_code == 404
    assert client.get(reverse("reports:export_start", args=[campaign.pk, "workbook"])).status_code == 405
    assert not ExportJob.objects.exists()


def test_a_job_runs_as_its_requester_and_fails_when_they_lost_the_bureau(bob, campaign, caplog):
    job = queued_job(campaign, bob)
    Membership.objects.filter(user=bob).delete()

    with caplog.at_level(logging.ERROR, logger="reports.services"):
        assert services.export_run(job_id=job.pk) == services.FAILED

    job.refresh_from_db()
    assert job.state == ExportState.FAILED and not job.file
    assert "PermissionError" in job.message


# --- Expiry --------------------------------------------------------------------------------------


def test_after_it_expires_the_download_is_gone_and_the_sweep_deletes_the_file(
    client, bob, campaign, recorded, eager, during, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    start(client, campaign, "workbook", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert job.expires_at == DURING + timedelta(hours=24)

    during.move_to(job.expires_at + timedelta(seconds=1))
    client.force_login(bob)  # a day later, the session has ended
    gone = download(client, job)
    assert gone.status_code == 410
    assert reverse("reports:export_start", args=[campaign.pk, "workbook"]) in gone.content.decode()
    assert status(client, job)["state"] == "expired"
    assert status(client, job)["download_url"] is None

    from reports.tasks import expire_exports

    assert expire_exports.delay().get() == 1
    job.refresh_from_db()
    assert job.state == ExportState.EXPIRED and not job.file
    assert not storage.exists(name)
    assert download(client, job).status_code == 410
    assert expire_exports.delay().get() == 0  # nothing twice


def test_the_expiry_follows_the_setting(bob, campaign, settings, during):
    settings.EXPORT_EXPIRY_HOURS = 2
    job = queued_job(campaign, bob, kind="summary")

    services.export_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.expires_at == DURING + timedelta(hours=2)


def test_the_sweep_fails_a_job_nobody_picked_up(bob, campaign, during):
    job = queued_job(campaign, bob)

    during.move_to(DURING + services.ABANDONED_AFTER + timedelta(minutes=1))
    services.exports_expire()

    job.refresh_from_db()
    assert job.state == ExportState.FAILED and job.message


# --- Failure and the claim ------------------------------------------------------------------------


def test_a_failed_build_is_marked_failed_with_a_message_and_logged(
    client, bob, campaign, monkeypatch, caplog
):
    def broken(self, stream):
        raise RuntimeError("disk full")

    monkeypatch.setattr(CampaignWorkbook, "write", broken)
    job = queued_job(campaign, bob)

    with caplog.at_level(logging.ERROR, logger="reports.services"):
        assert services.export_run(job_id=job.pk) == services.FAILED

    job.refresh_from_db()
    assert job.state == ExportState.FAILED
    assert "RuntimeError" in job.message
    assert not job.file and job.finished_at
    logged = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert [str(r.exc_info[1]) for r in logged] == ["disk full"]
    client.force_login(bob)
    page = client.get(reverse("reports:export_status", args=[job.pk])).content.decode()
    assert "RuntimeError" in page
    assert 'http-equiv="refresh"' not in page  # finished: nothing to wait for
    assert status(client, job)["state"] == "failed"


def test_a_second_worker_cannot_run_the_job_while_the_first_builds_it(bob, campaign, monkeypatch):
    job = queued_job(campaign, bob)
    second = []
    sheets = CampaignWorkbook.sheets

    def sheets_with_a_second_worker(self):
        second.append(services.export_run(job_id=job.pk))  # the same task delivered twice
        yield from sheets(self)

    monkeypatch.setattr(CampaignWorkbook, "sheets", sheets_with_a_second_worker)

    assert services.export_run(job_id=job.pk) == services.BUILT
    assert second == [services.BUSY]
    assert services.export_run(job_id=job.pk) == services.SKIPPED  # done: never built twice
    job.refresh_from_db()
    assert job.state == ExportState.DONE and job.progress == 100


def test_a_job_left_running_by_a_dead_worker_is_claimed_again_once_stale(bob, campaign, during):
    job = queued_job(campaign, bob)
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportState.RUNNING, worker="dead", started_at=DURING, heartbeat_at=DURING, progress=30
    )

    assert services.export_run(job_id=job.pk) == services.BUSY
    during.move_to(DURING + services.STALE_AFTER + timedelta(seconds=1))
    assert services.export_run(job_id=job.pk) == services.BUILT

    job.refresh_from_db()
    assert job.state == ExportState.DONE and job.file
    # The dead worker, should it wake up, finds its claim gone and may not touch the job.
    with pytest.raises(services.ClaimLost):
        services._Progress(job.pk, "dead").build(0.9)


def test_progress_moves_forward_sheet_by_sheet_and_reaches_100(bob, campaign, school, alice, monkeypatch):
    for number in range(5):
        hazard(school, by=alice, campaign=campaign, description=f"隐患{number}")
    monkeypatch.setattr("reports.exporters.ROWS_PER_UPDATE", 2)
    job = queued_job(campaign, bob)
    seen = []
    update = services._Progress.build

    def spy(self, fraction):
        update(self, fraction)
        seen.append(ExportJob.objects.get(pk=job.pk).progress)

    monkeypatch.setattr(services._Progress, "build", spy)

    services.export_run(job_id=job.pk)

    assert seen == sorted(seen) and len(set(seen)) >= 6  # per sheet, and within the hazard sheet
    assert seen[-1] == services.BUILD_TO
    job.refresh_from_db()
    assert job.progress == 100
