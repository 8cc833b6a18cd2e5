# Make sure PostgreSQL and Redis answer for the integration tests. Sourced by test.sh.
# Prints nothing to stdout; sets TEST_DATABASE_URL and TEST_REDIS_URL when the services answer.

pg_answers() { "$PY" - "$1" <<'PY' 2>/dev/null
import sys, psycopg, dj_database_url
cfg = dj_database_url.parse(sys.argv[1])
psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=3).close()
PY
}

ensure_postgres() {
  local url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/campus_safety}"
  if pg_answers "$url"; then TEST_DATABASE_URL="$url"; return 0; fi
  if ! command -v pg_ctlcluster >/dev/null; then apt_ensure postgresql || true; fi
  if command -v pg_ctlcluster >/dev/null; then
    for version in $(ls /etc/postgresql 2>/dev/null); do
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    done
    sleep 2
  fi
  if pg_answers "$url"; then TEST_DATABASE_URL="$url"; return 0; fi
  # A freshly installed cluster trusts only its own OS user: give ours a role, use the socket.
  as_root runuser -u postgres -- createuser --superuser "$(id -un)" 2>/dev/null || true
  url="postgres://$(id -un)@%2Fvar%2Frun%2Fpostgresql/campus_safety"
  if pg_answers "$url"; then TEST_DATABASE_URL="$url"; return 0; fi
  warn "PostgreSQL is not reachable: the integration tests will be skipped."
  return 1
}

redis_answers() { "$PY" -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_timeout=3).ping()" "$1" 2>/dev/null; }

ensure_redis() {
  local url="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
  if redis_answers "$url"; then TEST_REDIS_URL="$url"; return 0; fi
  command -v redis-server >/dev/null || apt_ensure redis-server || true
  if command -v redis-server >/dev/null; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || true
    sleep 1
  fi
  if redis_answers "$url"; then TEST_REDIS_URL="$url"; return 0; fi
  warn "Redis is not reachable: the integration tests will be skipped."
  return 1
}
