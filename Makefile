# The commands people type. Each target sets up what it needs; all are safe to run again.
.PHONY: run test lint format screenshots messages bench backup restore

run:  ## set up, seed the demo data, serve the portal with a Celery worker and beat
	bash scripts/run.sh

test:  ## set up, lint, and run every test (unit, browser, PostgreSQL/Redis integration)
	bash scripts/test.sh $(ARGS)

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

messages:  ## refresh the Chinese catalogue after adding or changing texts
	.venv/bin/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles --no-obsolete

screenshots:  ## retake the README screenshots with the browser tests
	SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest -m e2e tests/e2e

bench:  ## city-scale benchmark on PostgreSQL; writes benchmarks/results.json and benchmarks/README.md
	bash scripts/bench.sh $(ARGS)

backup:  ## back up the database and the uploaded files into var/backups (DIR=… for another folder)
	bash scripts/backup.sh $(if $(DIR),--to "$(DIR)")

restore:  ## restore ARCHIVE=… over the current data (asks first; YES=1 does not ask)
	bash scripts/restore.sh "$(ARCHIVE)"
