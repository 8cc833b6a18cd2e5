"""The configuration switches described in README.md, checked in fresh processes."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    ours = {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _setting(expression, **env):
    code = f"from django.conf import settings; print({expression})"
    return _manage("shell", "-c", code, **env).stdout.strip().splitlines()[-1]


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="safety.example.cn",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage("check", DJANGO_ENV="production", VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_no_configuration_means_sqlite_and_the_embedded_broker(tmp_path):
    assert _setting("settings.DATABASES['default']['ENGINE']", VAR_DIR=str(tmp_path)).endswith("sqlite3")
    assert _setting("settings.CELERY_BROKER_URL", VAR_DIR=str(tmp_path)) == "filesystem://"


def test_urls_switch_to_postgresql_and_redis(tmp_path):
    env = {"DATABASE_URL": "postgres://u@db.internal:5432/safety", "REDIS_URL": "redis://cache:6379/1"}
    env["VAR_DIR"] = str(tmp_path)
    assert _setting("settings.DATABASES['default']['ENGINE']", **env).endswith("postgresql")
    assert _setting("settings.CELERY_BROKER_URL", **env) == "redis://cache:6379/1"
