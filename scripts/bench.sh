#!/usr/bin/env bash
# `make bench`: set up, make sure PostgreSQL answers, run the benchmark (see benchmarks/README.md).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/services.sh"

apt_ensure "${RUNTIME_PACKAGES[@]}" || true
venv_ensure requirements-bench.txt
ensure_postgres || { warn "The benchmark needs PostgreSQL."; exit 1; }
cd "$ROOT"
"$PY" manage.py compilemessages -v0 --ignore=.venv
BENCH_DATABASE_URL="${BENCH_DATABASE_URL:-${TEST_DATABASE_URL%/*}/campus_safety_bench}" "$PY" benchmarks/run.py
