"""Reminders through a real Celery worker and beat on Redis, into the PostgreSQL test database.

Beat runs the sweeps every two seconds; the test watches the notification centre and the mail
folder. The second test kills the worker (SIGKILL, the whole process group) in the middle of a
delivery and restarts it: the lease brings the delivery back, and nothing is lost or doubled.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from notifications.models import Notification, Reminder
from schools.enums import Role
from tests.factories import CampaignFactory, SchoolFactory, member

from .conftest import database_url_of_test_db

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def due_soon(transactional_db, postgres):
    """A school whose work plan and roster are due tomorrow, with an officer who has an e-mail."""
    school = SchoolFactory()
    officer = member(Role.SAFETY_OFFICER, school, email="officer@school.example")
    CampaignFactory(bureau=school.bureau, start_date=timezone.localdate() - datetime.timedelta(days=4))
    return officer


class Worker:
    def __init__(self, tmp_path, redis_url, **env):
        self.tmp_path, self.log = tmp_path, tmp_path / "worker.log"
        self.env = {
            **os.environ, "DATABASE_URL": database_url_of_test_db(), "REDIS_URL": redis_url,
            "VAR_DIR": str(tmp_path), "REMINDER_SWEEP_SECONDS": "2", "REMINDER_LEASE_SECONDS": "3",
            "HEARTBEAT_SECONDS": "30", "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path / "mail"), **env,
        }  # fmt: skip
        self.process = None

    def start(self, **env):
        schedule = str(self.tmp_path / "beat-schedule")
        command = [sys.executable, "-m", "celery", "-A", "campus_safety", "worker", "-B",
                   "--concurrency", "1", "--loglevel", "info", "--schedule", schedule]  # fmt: skip
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def mails(self):
        folder = self.tmp_path / "mail"
        return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def worker(tmp_path, redis_url):
    worker = Worker(tmp_path, redis_url)
    yield worker
    worker.stop()


def _wait_for(condition, worker, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out; worker log:\n{worker.log.read_text()[-4000:]}")


def _all_sent():
    return Reminder.objects.exists() and not Reminder.objects.filter(sent_at__isnull=True).exists()


def test_beat_and_the_worker_deliver_each_reminder_exactly_once(due_soon, worker):
    worker.start()
    _wait_for(_all_sent, worker)
    time.sleep(6)  # three more sweeps: nothing new may appear
    notifications = Notification.objects.filter(recipient=due_soon)
    assert notifications.count() == 1
    assert len(notifications.get().lines) == 2  # work plan and duty roster, one digest
    assert Reminder.objects.filter(recipient=due_soon).count() == 2
    assert len(worker.mails()) == 1


def test_a_worker_killed_mid_delivery_loses_nothing_and_doubles_nothing(due_soon, worker):
    worker.start(REMINDER_TEST_DELIVERY_PAUSE="30")
    _wait_for(lambda: Notification.objects.filter(recipient=due_soon).exists(), worker)
    worker.kill()  # the notice is written; its e-mail and the "sent" marks are not
    assert Reminder.objects.filter(sent_at__isnull=True).exists()
    assert worker.mails() == []
    worker.start()
    _wait_for(_all_sent, worker)
    time.sleep(6)
    assert Notification.objects.filter(recipient=due_soon).count() == 1
    assert len(worker.mails()) == 1
