"""Writes the results table into benchmarks/README.md between its markers."""

from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"


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
    e, pdf, load = r["export_100k_hazards"], r["pdf"], r["load"]
    export = f"{e['seconds']} s / {e['raw_openpyxl_seconds']} s = {e['ratio']}×, peak {e['peak_mb']} MB"
    sweeps = "; ".join(
        f"{name} {v['seconds']} s, {v['queries']} queries" for name, v in r["reminder_sweeps"].items()
    )
    loaded = f"{load['requests_per_second']} req/s, p95 {load['p95_ms']} ms, {load['errors']} errors"
    return [
        (f"Export of {e['rows']:,} hazards / raw openpyxl", export, "≤ 1.5×"),
        ("PDF table, 100 → 1,000 rows", f"{pdf['100_rows_seconds']} s → {pdf['1000_rows_seconds']} s", ""),
        ("Reminder sweeps over the city data", sweeps, "bounded queries"),
        (f"Load: {load['users']} users, {load['seconds']} s, mixed journeys", loaded, "0 errors"),
    ]


def write_table(results):
    lines = [
        f"Measured {results['when']} on this machine ({results['machine']}, {results['database']}).",
        "",
        "| what | measured | target |",
        "|---|---|---|",
    ]
    lines += [
        f"| {what} | {value} | {target} |" for what, value, target in _dashboard(results) + _work(results)
    ]
    text = README.read_text()
    before, rest = text.split(START, 1)
    _old, after = rest.split(END, 1)
    README.write_text(f"{before}{START}\n" + "\n".join(lines) + f"\n{END}{after}")
