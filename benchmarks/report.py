"""Writes the results table into benchmarks/README.md between its markers."""

from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
LOAD_START, LOAD_END = "<!-- load:start -->", "<!-- load:end -->"


def _dashboard(r):
    d = r["dashboard"]
    queries = f"{r['dashboard_queries_30_schools']} → {r['dashboard_queries_3000_schools']}"
    rps = f"{d['requests_per_second']} / {d['baseline_requests_per_second']} req/s = {d['throughput_ratio']}×"
    return [
        ("Dashboard queries, 30 → 3000 schools", queries, "equal"),
        ("Dashboard median / baseline median", f"{d['median_ms']} ms / {d['baseline_median_ms']} ms", ""),
        ("Dashboard throughput / baseline (gunicorn, 2 workers, 4 clients)", rps, "≥ 0.3×"),
    ]


def _work(r):
    e, pdf = r["export_100k_hazards"], r["pdf"]
    export = f"{e['seconds']} s / {e['raw_openpyxl_seconds']} s = {e['ratio']}×, peak {e['peak_mb']} MB"
    sweeps = "; ".join(
        f"{name} {v['seconds']} s, {v['queries']} queries" for name, v in r["reminder_sweeps"].items()
    )
    return [
        (f"Export of {e['rows']:,} hazards / raw openpyxl", export, "≤ 1.5×"),
        ("PDF table, 100 → 1,000 rows", f"{pdf['100_rows_seconds']} s → {pdf['1000_rows_seconds']} s", ""),
        ("Reminder sweeps over the city data", sweeps, "bounded queries"),
    ]


def _load(r):
    load = r["load"]
    total = load["total"]
    what = (
        f"Load: {load['users']} users for {load['seconds']} s, main journeys "
        f"(gunicorn {load['web_workers']} workers + Celery worker, Redis; measured {load['when']})"
    )
    measured = (
        f"{total['requests']} requests, {total['requests_per_second']} req/s, p50 / p95 / p99 "
        f"{total['p50_ms']} / {total['p95_ms']} / {total['p99_ms']} ms; "
        f"**{load['server_errors']} server errors**, {total['failures']} failures"
    )
    return [(what, measured, "0 server errors")]


def _rows(results):
    """The summary rows of the stages that have figures (a partial run may lack some)."""
    rows = []
    for key, section in (("dashboard", _dashboard), ("export_100k_hazards", _work), ("load", _load)):
        if key in results:
            rows += section(results)
    return rows


_ORDER = ["log in", "log in (form)", "officer", "bureau"]  # the rows: logging in, then by kind of user


def _journeys(load):
    lines = [
        f"Load run {load['when']}: {load['users']} users (spawned {load['spawn_rate']} a second) for "
        f"{load['seconds']} s. Statuses: "
        + ", ".join(f"{status}: {n}" for status, n in load["statuses"].items())
        + f". Workbook exports started {load['exports']['started']}, finished {load['exports']['done']}."
        + _machine(load),
        "",
        "| journey step | requests | req/s | p50 ms | p95 ms | p99 ms | failures |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    steps = sorted(load["journeys"].items(), key=lambda item: (_ORDER.index(item[0].split(":")[0]), item[0]))
    for name, f in [*steps, ("all", load["total"])]:
        lines.append(
            f"| {name} | {f['requests']} | {f['requests_per_second']} | {f['p50_ms']} | {f['p95_ms']} "
            f"| {f['p99_ms']} | {f['failures']} |"
        )
    return lines


def _machine(load):
    busy = load.get("load_average")
    if not busy:
        return ""
    return f" Load average of the machine before / after the run: {busy['before']} / {busy['after']}."


def _replace(text, start, end, lines):
    before, rest = text.split(start, 1)
    _old, after = rest.split(end, 1)
    return f"{before}{start}\n" + "\n".join(lines) + f"\n{end}{after}"


def write_table(results):
    lines = [
        f"Measured {results.get('when', '—')} on this machine ({results['machine']}, {results['database']}).",
        "",
        "| what | measured | target |",
        "|---|---|---|",
    ]
    lines += [f"| {what} | {value} | {target} |" for what, value, target in _rows(results)]
    text = _replace(README.read_text(), START, END, lines)
    if "load" in results and LOAD_START in text:
        text = _replace(text, LOAD_START, LOAD_END, _journeys(results["load"]))
    README.write_text(text)
