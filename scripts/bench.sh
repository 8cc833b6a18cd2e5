#!/usr/bin/env bash
# `make bench`: set up, make sure PostgreSQL and Redis answer, run the benchmark (benchmarks/README.md).
# `BENCH_ONLY=load make bench` (or `bash scripts/bench.sh --only=load`) runs only the load stage.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/services.sh"

apt_ensure "${RUNTIME_PACKAGES[@]}" || true
venv_ensure requirements-bench.txt
ensure_postgres || { warn "The benchmark needs PostgreSQL."; exit 1; }
# The load stage runs a Celery worker and the cache on Redis, in a database number of its own.
ensure_redis || { warn "The benchmark's load stage needs Redis."; exit 1; }
cd "$ROOT"
"$PY" manage.py compilemessages -v0 --ignore=.venv
BENCH_DATABASE_URL="${BENCH_DATABASE_URL:-${TEST_DATABASE_URL%/*}/campus_safety_bench}" \
BENCH_REDIS_URL="${BENCH_REDIS_URL:-${TEST_REDIS_URL%/*}/14}" \
  "$PY" benchmarks/run.py "$@"
