#!/usr/bin/env bash
# `make restore ARCHIVE=…`: replace the database and the uploaded files with a backup's, check them
# against its manifest, then bring the schema up to this version. Asks first (YES=1 does not).
source "$(dirname "$0")/lib.sh"

archive="${1:-}"
backups="${VAR_DIR:-$ROOT/var}/backups"
if [ -z "$archive" ]; then
  warn "Say which archive: make restore ARCHIVE=$backups/campus-safety-….tar.gz"
  ls -1t "$backups"/*.tar.gz 2>/dev/null | head -n 5 >&2 || true
  exit 2
fi
venv_ensure requirements.txt
cd "$ROOT"
case "${DATABASE_URL:-}" in
  postgres*)
    command -v pg_restore >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/pg_restore" >/dev/null \
      || apt_ensure postgresql-client || true ;;
esac

confirm=()
if [ "${YES:-}" = 1 ]; then
  confirm=(--yes)
elif [ -t 0 ]; then
  read -r -p "This replaces every record and uploaded file with those of $archive. Type yes to go on: " answer
  if [ "$answer" = yes ]; then confirm=(--yes); fi
fi
"$PY" manage.py restore "$archive" "${confirm[@]}"
"$PY" manage.py migrate -v0
