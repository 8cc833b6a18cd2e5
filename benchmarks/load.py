"""The bounded load stage of `make bench`: the portal as it runs in production, under many users.

gunicorn (4 workers) and a Celery worker on the bench PostgreSQL database and Redis, on loopback;
locust drives 50 simulated users (spawned 10 a second) for 2 minutes through the main journeys of
school safety officers and bureau staff (benchmarks/locustfile.py), each logged in with its own
account made here. Every response with status ≥ 500, and every request that got no response, is
a server error: the stage fails unless there are none. Every process started here is stopped on
the way out, whatever happened.
"""

import contextlib
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
SPAWN_RATE = int(os.environ.get("BENCH_LOAD_SPAWN_RATE", "10"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "120"))
WEB_WORKERS = 4
OFFICERS, BUREAU_STAFF = 60, 15  # more accounts than simulated users of each kind
PASSWORD = "Load@2026"


class LoadFailed(SystemExit):
    """The load run saw server errors (or could not run): `make bench` must fail."""


# --- Accounts ------------------------------------------------------------------------------------


def make_accounts(path):
    """Safety officers of the first reopened schools of the city, and bureau inspectors and viewers,
    like the demo's accounts; written to `path` for the locustfile. Safe to run again."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from plans.models import Campaign
    from schools.enums import Role
    from schools.models import Bureau, Membership, School

    city = Bureau.objects.get(code="SCALE")
    campaign = Campaign.objects.filter(bureau=city).latest("pk")
    open_schools = School.objects.filter(bureau=city, reopened=True, is_active=True).order_by("code")
    schools = list(open_schools[:OFFICERS])
    password = make_password(PASSWORD)
    User = get_user_model()

    def account(username, full_name, **unit):
        user, _created = User.objects.update_or_create(
            username=username, defaults={"full_name": full_name, "password": password, "is_active": True}
        )
        Membership.objects.update_or_create(user=user, defaults=unit)
        return username

    officers = [
        {"username": account(f"load-officer-{n}", f"负载安全员{n}", school=school, bureau=None,
                             role=Role.SAFETY_OFFICER), "school": school.pk}
        for n, school in enumerate(schools, start=1)
    ]  # fmt: skip
    roles = (Role.BUREAU_INSPECTOR, Role.BUREAU_VIEWER)
    staff = [
        {"username": account(f"load-bureau-{n}", f"负载督查员{n}", bureau=city, school=None,
                             role=roles[n % 2])}
        for n in range(1, BUREAU_STAFF + 1)
    ]  # fmt: skip
    accounts = {"password": PASSWORD, "campaign": campaign.pk, "officers": officers, "bureau": staff,
                "schools": [school.pk for school in schools]}  # fmt: skip
    path.write_text(json.dumps(accounts, ensure_ascii=False, indent=1))
    return accounts


# --- Processes -----------------------------------------------------------------------------------


class Processes:
    """Processes started for the stage, each in its own process group; all stopped on exit."""

    def __init__(self, folder):
        self.folder, self.running = folder, []

    def __enter__(self):
        return self

    def start(self, name, command, env, *, stop_signal=signal.SIGTERM):
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 — closed in __exit__
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running.append((process, log, stop_signal))
        return process

    def __exit__(self, *exc):
        for process, log, stop_signal in reversed(self.running):
            stop(process, stop_signal)
            log.close()


def stop(process, stop_signal, grace=20):
    """`stop_signal` to the process, which stops its own children (gunicorn's workers, Celery's
    pool); SIGKILL to its whole process group if it has not ended after `grace` seconds, and to
    whatever of the group outlived it."""
    if process.poll() is None:
        process.send_signal(stop_signal)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(port, server, log):
    for _ in range(150):
        if server.poll() is not None:
            raise LoadFailed(f"gunicorn ended at start:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise LoadFailed("gunicorn did not answer within 30 s")


def redis_ready(url):
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=3)
        client.ping()
    except redis.RedisError as error:
        raise LoadFailed(
            f"The load stage needs Redis at {url} ({error}); set BENCH_REDIS_URL or start redis-server."
        ) from error
    client.flushdb()  # the bench's own database number: queued tasks of an earlier run go


# --- The run -------------------------------------------------------------------------------------


def run(var):
    """Run the stage; return its results. Raises LoadFailed after the results are taken."""
    from reports.models import ExportJob

    redis_url = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/14"
    redis_ready(redis_url)
    folder = Path(var) / "load"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*"):
        old.unlink()
    make_accounts(folder / "accounts.json")
    # An earlier run's unfinished exports would be shown again instead of new ones: their tasks went
    # with the Redis database emptied above.
    for job in ExportJob.objects.filter(requested_by__username__startswith="load-"):
        job.file.delete(save=False)
        job.delete()
    last_job = ExportJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    port, env = free_port(), {**os.environ, "REDIS_URL": redis_url}
    python = sys.executable
    worker = [python, "-m", "celery", "-A", "campus_safety", "worker", "--concurrency", "1",
              "--loglevel", "warning", "--hostname", "bench@%h"]  # fmt: skip
    web = [python, "-m", "gunicorn", "campus_safety.wsgi", "--bind", f"127.0.0.1:{port}",
           "--workers", str(WEB_WORKERS), "--no-control-socket"]  # fmt: skip
    busy_before = os.getloadavg()[0]
    with Processes(folder) as processes:
        # SIGQUIT: Celery's cold shutdown; a workbook half built is the bench's to lose.
        processes.start("worker", worker, env, stop_signal=signal.SIGQUIT)
        server = processes.start("gunicorn", web, env)
        wait_until_serving(port, server, folder / "gunicorn.log")
        locust = processes.start(
            "locust",
            [python, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
             "-u", str(USERS), "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s", "--stop-timeout", "15",
             "--host", f"http://127.0.0.1:{port}", "--csv", str(folder / "locust"), "--only-summary"],
            {**env, "LOAD_ACCOUNTS": str(folder / "accounts.json"),
             "LOAD_STATUS_FILE": str(folder / "statuses.json")},
        )  # fmt: skip
        locust.wait(timeout=SECONDS + 120)
        busy_after = os.getloadavg()[0]
    results = summarise(folder, last_job)
    # What else ran: on a shared machine other work competes for the same cores.
    results["load_average"] = {"before": round(busy_before, 1), "after": round(busy_after, 1)}
    return results


def summarise(folder, last_job):
    from reports.models import ExportJob

    statuses = json.loads((folder / "statuses.json").read_text())
    with open(folder / "locust_stats.csv") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    journeys = {
        name: _figures(row) for name, row in sorted(rows.items()) if name != "Aggregated" and row["Type"]
    }
    server_errors = {
        name: sum(n for status, n in counts.items() if int(status) >= 500 or int(status) == 0)
        for name, counts in statuses.items()
    }
    jobs = ExportJob.objects.filter(pk__gt=last_job)
    server_log = (folder / "gunicorn.log").read_text(errors="replace")
    return {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "users": USERS,
        "spawn_rate": SPAWN_RATE,
        "seconds": SECONDS,
        "web_workers": WEB_WORKERS,
        "total": _figures(rows["Aggregated"]),
        "journeys": journeys,
        "statuses": _by_status(statuses),
        "server_errors": sum(server_errors.values()),
        "server_errors_by_journey": {name: n for name, n in server_errors.items() if n},
        "worker_timeouts": server_log.count("WORKER TIMEOUT"),
        "exports": {"started": jobs.count(), "done": jobs.filter(state="done").count()},
    }


def _by_status(statuses):
    totals = {}
    for counts in statuses.values():
        for status, n in counts.items():
            totals[status] = totals.get(status, 0) + n
    return dict(sorted(totals.items()))


def _figures(row):
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "requests_per_second": round(float(row["Requests/s"]), 2),
        "p50_ms": _ms(row["50%"]),
        "p95_ms": _ms(row["95%"]),
        "p99_ms": _ms(row["99%"]),
    }


def _ms(value):
    return None if value in ("", "N/A") else round(float(value))


def check(results, var):
    """Fail the stage on any server error, after the figures are written."""
    if results["server_errors"] or results["worker_timeouts"]:
        raise LoadFailed(
            f"Load run: {results['server_errors']} server errors {results['server_errors_by_journey']}, "
            f"{results['worker_timeouts']} gunicorn worker timeouts (see {Path(var) / 'load'}/*.log)."
        )
