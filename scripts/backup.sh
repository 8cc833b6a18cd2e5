#!/usr/bin/env bash
# `make backup`: one archive of the database and the uploaded files, under var/backups by default.
# Safe while the portal runs. Arguments go to `manage.py backup` (e.g. --to DIR).
source "$(dirname "$0")/lib.sh"

venv_ensure requirements.txt
cd "$ROOT"
# PostgreSQL is dumped with pg_dump: the client tools come with the server, or on their own.
case "${DATABASE_URL:-}" in
  postgres*)
    command -v pg_dump >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/pg_dump" >/dev/null \
      || apt_ensure postgresql-client || true ;;
esac
"$PY" manage.py backup "$@"
