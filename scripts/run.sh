#!/usr/bin/env bash
# `make run`: set up, seed the demo bureau, and run the web server with a Celery worker and beat.
source "$(dirname "$0")/lib.sh"

apt_ensure "${RUNTIME_PACKAGES[@]}"
venv_ensure requirements.txt
prepare_app
"$PY" manage.py seed_demo
# Fill the demo's notification centres now, and let beat sweep every 5 minutes while you look around.
"$PY" manage.py send_reminders | head -n 1
export REMINDER_SWEEP_SECONDS="${REMINDER_SWEEP_SECONDS:-300}"

mkdir -p "$ROOT/var/log"
say "Starting the Celery worker with beat (log: var/log/celery.log)"
"$VENV/bin/celery" -A campus_safety worker -B --concurrency 2 -l info >"$ROOT/var/log/celery.log" 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT

port="${PORT:-8000}"
say "Portal: http://127.0.0.1:$port/  (log in with a demo account above; Ctrl+C stops everything)"
"$PY" manage.py runserver "0.0.0.0:$port"
