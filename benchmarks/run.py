"""`make bench`: the portal at city scale on PostgreSQL, measured in one run on this machine.

Writes benchmarks/results.json and the table in benchmarks/README.md. Stages:
  dashboard  a fresh bench database; seed_scale at 30 schools, then at 3000 schools / 100,000 hazards;
             dashboard queries at both sizes (in process); gunicorn on loopback: dashboard vs a bare
             baseline view — median time and requests/s;
  export     the hazard ledger export of 100,000 rows vs raw openpyxl write-only writing the same cells;
  pdf        a PDF table at 100 and 1,000 rows;
  sweeps     each reminder sweep over the city data;
  load       gunicorn + a Celery worker on PostgreSQL and Redis under 50 simulated users for 2 minutes
             (benchmarks/load.py): zero server errors, and req/s and p50/p95/p99 per journey.
`--only=load` (or BENCH_ONLY=load; several with commas) runs some stages on the city data a full run
left (built if missing) and keeps the other stages' last figures.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/campus_safety_bench")
VAR = Path(os.environ.get("BENCH_VAR_DIR", "/tmp/campus-safety-bench"))
PORT = int(os.environ.get("BENCH_PORT", "8791"))
ENV = {
    "DATABASE_URL": BENCH_DB, "VAR_DIR": str(VAR), "DJANGO_SETTINGS_MODULE": "campus_safety.settings",
    "DJANGO_ENV": "production", "SECRET_KEY": "bench-" + "x" * 60, "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "ROOT_URLCONF": "benchmarks.urls",
    "STATIC_ROOT": str(VAR / "static"), "LOG_LEVEL": "WARNING",
}  # fmt: skip
os.environ.update(ENV)


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, env={**os.environ})


def fresh_database():
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(BENCH_DB)
    with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname="postgres",
                         autocommit=True) as connection:  # fmt: skip
        connection.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')
        connection.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    VAR.mkdir(parents=True, exist_ok=True)
    manage("migrate", "-v0")
    manage("collectstatic", "--noinput", "-v0")


def django_setup():
    import django

    django.setup()


def dashboard_url():
    from plans.models import Campaign

    campaign = Campaign.objects.get(bureau__code="SCALE")
    return f"/campaigns/{campaign.pk}/dashboard/"


def count_queries(path, username="scale-admin"):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    assert status == 200, f"{path} answered {status}"
    return len(queries)


# --- HTTP against gunicorn ------------------------------------------------------------------------


class Server:
    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "campus_safety.wsgi", "--bind", f"127.0.0.1:{PORT}",
             "--workers", "2", "--log-level", "warning"],
            cwd=ROOT, env={**os.environ},
        )  # fmt: skip
        for _ in range(100):
            try:
                fetch("/accounts/login/", cookies={})
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def fetch(path, *, cookies, data=None):
    import urllib.parse
    import urllib.request

    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}")
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if data is not None:
        request.data = urllib.parse.urlencode(data).encode()
        request.add_header("Referer", f"http://127.0.0.1:{PORT}{path}")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class NoRedirect(__import__("urllib.request").request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(username, password="Scale@2026"):
    from http.cookies import SimpleCookie

    _status, headers, _body = fetch("/accounts/login/", cookies={})
    jar = {}
    for header in headers.get_all("Set-Cookie") or []:
        jar.update({k: v.value for k, v in SimpleCookie(header).items()})
    status, headers, _body = fetch(
        "/accounts/login/", cookies=jar,
        data={"username": username, "password": password, "csrfmiddlewaretoken": jar["csrftoken"]},
    )  # fmt: skip
    assert status == 302, f"login as {username} failed ({status})"
    for header in headers.get_all("Set-Cookie") or []:
        jar.update({k: v.value for k, v in SimpleCookie(header).items()})
    return jar


def timing(path, cookies, *, requests=30):
    durations = []
    for _ in range(requests):
        started = time.perf_counter()
        status, _headers, _body = fetch(path, cookies=cookies)
        assert status == 200, f"{path} answered {status}"
        durations.append(time.perf_counter() - started)
    return statistics.median(durations)


def throughput(path, cookies, *, threads=4, seconds=10):
    done, errors, stop = [0], [0], time.monotonic() + seconds

    def work():
        while time.monotonic() < stop:
            status, _headers, _body = fetch(path, cookies=cookies)
            done[0] += 1
            errors[0] += status != 200

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return done[0] / seconds, errors[0]


# --- In-process measurements --------------------------------------------------------------------


def export_vs_raw():
    """The ledger export of every hazard vs raw openpyxl writing the same cells."""
    from io import BytesIO

    from django.contrib.auth import get_user_model
    from openpyxl import Workbook

    from hazards.exporters import HazardExporter
    from hazards.selectors import ledger

    user = get_user_model().objects.get(username="scale-admin")
    exporter = HazardExporter(hazards=ledger(user=user))
    started = time.perf_counter()
    exporter.write(BytesIO())
    ours = time.perf_counter() - started
    # Memory in a second run: tracemalloc slows Python down, so it must not touch the timed one.
    tracemalloc.start()
    exporter.write(BytesIO())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rows = [[_plain(value) for value in row] for sheet in exporter.sheets() for row in sheet.rows]
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    workbook.save(BytesIO())
    raw = time.perf_counter() - started
    return {"rows": len(rows), "seconds": round(ours, 2), "raw_openpyxl_seconds": round(raw, 2),
            "ratio": round(ours / raw, 2), "peak_mb": round(peak / 1024 / 1024, 1)}  # fmt: skip


def _plain(value):
    """A cell value as raw openpyxl takes it: naive local datetimes, plain strings."""
    from datetime import datetime

    from django.utils import timezone
    from django.utils.functional import Promise

    if isinstance(value, datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return str(value) if isinstance(value, Promise) else value


def pdf_growth():
    from html import escape

    from common.pdf import html_to_pdf
    from hazards.models import Hazard

    results = {}
    for rows in (100, 1000):
        hazards = Hazard.objects.select_related("school").order_by("pk")[:rows]
        body = "".join(
            f"<tr><td>{escape(h.school.name)}</td><td>{escape(h.description)}</td><td>{h.deadline}</td></tr>"
            for h in hazards
        )
        style = "body{font-family:'WenQuanYi Micro Hei'} table{table-layout:fixed;width:100%}"
        html = f"<html><head><style>{style}</style></head><body><h1>隐患台账</h1><table>{body}</table>"
        started = time.perf_counter()
        html_to_pdf(html)
        results[f"{rows}_rows_seconds"] = round(time.perf_counter() - started, 2)
    return results


def sweeps():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.sweeps import SWEEPS

    results = {}
    for name, sweep in SWEEPS.items():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            dues = sweep()
            seconds = time.perf_counter() - started
        results[name] = {"seconds": round(seconds, 2), "queries": len(queries), "reminders": len(dues)}
    return results


# --- Stages ---------------------------------------------------------------------------------------

STAGES = ("dashboard", "export", "pdf", "sweeps", "load")


def stages_from(argv):
    """Every stage, or those of `--only=a,b` (or BENCH_ONLY=a,b)."""
    chosen = os.environ.get("BENCH_ONLY", "")
    for n, arg in enumerate(argv):
        if arg.startswith("--only="):
            chosen = arg.split("=", 1)[1]
        elif arg == "--only" and n + 1 < len(argv):
            chosen = argv[n + 1]
    only = [stage for stage in chosen.split(",") if stage] or list(STAGES)
    unknown = set(only) - set(STAGES)
    if unknown:
        raise SystemExit(f"Unknown stage(s) {', '.join(sorted(unknown))}; stages: {', '.join(STAGES)}.")
    return only


def city_data():
    """For a run of some stages only: the bench database as a full run leaves it, built if missing."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(BENCH_DB)
    with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname="postgres",
                         autocommit=True) as connection:  # fmt: skip
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    VAR.mkdir(parents=True, exist_ok=True)
    manage("migrate", "-v0")
    django_setup()
    if not static_is_current():
        manage("collectstatic", "--noinput", "-v0")
    from schools.models import Bureau

    if not Bureau.objects.filter(code="SCALE").exists():
        manage("seed_scale", "--schools", "3000", "--hazards", "100000", "--incidents", "2000")


def static_is_current():
    """Whether the collected files are newer than every source (collecting compresses them all anew,
    which takes minutes on a busy machine)."""
    from django.contrib.staticfiles import finders

    manifest = VAR / "static" / "staticfiles.json"
    if not manifest.exists():
        return False
    sources = (storage.path(path) for finder in finders.get_finders() for path, storage in finder.list([]))
    return max(os.path.getmtime(source) for source in sources) < manifest.stat().st_mtime


def dashboard_stage(results):
    fresh_database()
    manage("seed_scale", "--schools", "30", "--hazards", "1000", "--incidents", "100", "--fresh")
    django_setup()
    results["dashboard_queries_30_schools"] = count_queries(dashboard_url())
    manage("seed_scale", "--schools", "3000", "--hazards", "100000", "--incidents", "2000", "--fresh")
    results["dashboard_queries_3000_schools"] = count_queries(dashboard_url())
    with Server():
        cookies = login("scale-admin")
        path = dashboard_url()
        dashboard_median, baseline_median = timing(path, cookies), timing("/bench/baseline/", cookies)
        dashboard_rps, dashboard_errors = throughput(path, cookies)
        baseline_rps, baseline_errors = throughput("/bench/baseline/", cookies)
    results["dashboard"] = {
        "median_ms": round(dashboard_median * 1000, 1),
        "baseline_median_ms": round(baseline_median * 1000, 1),
        "requests_per_second": round(dashboard_rps, 1),
        "baseline_requests_per_second": round(baseline_rps, 1),
        "throughput_ratio": round(dashboard_rps / baseline_rps, 3),
        "errors": dashboard_errors + baseline_errors,
    }


def write(results):
    text = json.dumps(results, indent=2, ensure_ascii=False)
    (ROOT / "benchmarks" / "results.json").write_text(text + "\n")
    from benchmarks.report import write_table

    write_table(results)


def main(argv):
    # A `kill` ends the run as Ctrl+C does, so the servers the load stage started are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    only = stages_from(argv)
    everything = only == list(STAGES)
    path = ROOT / "benchmarks" / "results.json"
    # A partial run keeps the other stages' last figures.
    results = {} if everything or not path.exists() else json.loads(path.read_text())
    results.update({"machine": f"{os.cpu_count()} cores", "database": "postgresql"})
    if everything:
        results["when"] = time.strftime("%Y-%m-%d %H:%M")
    if "dashboard" in only:
        dashboard_stage(results)
    else:
        city_data()
    if "export" in only:
        results["export_100k_hazards"] = export_vs_raw()
    if "pdf" in only:
        results["pdf"] = pdf_growth()
    if "sweeps" in only:
        results["reminder_sweeps"] = sweeps()
    if "load" in only:  # last: it adds hazards, incidents and exports to the city
        from benchmarks import load

        results["load"] = load.run(VAR)
        write(results)
        load.check(results["load"], VAR)
    write(results)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
