"""A real Celery worker with beat, on Redis, writing to the PostgreSQL test database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ops.models import Heartbeat

from .conftest import database_url_of_test_db

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(transactional_db, postgres, redis_url, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_test_db(),
        "REDIS_URL": redis_url,
        "HEARTBEAT_SECONDS": "1",
        "VAR_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "celery", "-A", "campus_safety", "worker", "-B",
               "--concurrency", "1", "--loglevel", "info", "--hostname", "itest@%h"]  # fmt: skip
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 — closed after the process ends
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def test_beat_schedules_and_the_worker_runs_the_heartbeat(worker, tmp_path):
    deadline = time.monotonic() + 60
    beat = None
    while time.monotonic() < deadline and beat is None:
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        beat = Heartbeat.objects.filter(name="celery-worker").first()
        time.sleep(0.5)
    assert beat is not None, (tmp_path / "worker.log").read_text()
    assert beat.hostname.startswith("itest@")
    first_seen = beat.last_seen
    time.sleep(3)
    beat.refresh_from_db()
    assert beat.last_seen > first_seen, "beat should keep scheduling the heartbeat"
