#!/usr/bin/env bash
# `make test`: set up everything the tests need, then lint and run every test.
#   1. unit and view tests, and browser tests in Chromium, on SQLite;
#   2. integration tests on real PostgreSQL and Redis (started here if they are not running).
# Extra arguments go to both pytest runs, e.g. `make test ARGS="-k tenancy"`.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/services.sh"

apt_ensure "${RUNTIME_PACKAGES[@]}" poppler-utils || warn "some system packages are missing"
apt_ensure chromium || warn "Chromium is missing: the browser tests will be skipped."
venv_ensure requirements-dev.txt
cd "$ROOT"
"$PY" manage.py compilemessages -v0 --ignore=.venv

say "Lint"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .

ensure_postgres || true
ensure_redis || true

status=0
say "Unit, view and browser tests (SQLite)"
"$VENV/bin/pytest" -m "not integration" "$@" || status=$?

say "Integration tests (PostgreSQL and Redis)"
DATABASE_URL="${TEST_DATABASE_URL:-}" REDIS_URL="${TEST_REDIS_URL:-}" \
  "$VENV/bin/pytest" -m integration "$@" || status=$?
exit $status
