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


def _production(tmp_path, **env):
    return {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "safety.example.cn",
        "VAR_DIR": str(tmp_path),
        **env,
    }


def test_production_cookies_are_secure_http_only_and_host_bound(tmp_path):
    expression = (
        "repr((settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "
        "settings.SESSION_COOKIE_SAMESITE))"
    )
    assert _setting(expression, **_production(tmp_path)) == str(
        (True, True, True, "__Host-sessionid", "__Host-csrftoken", "Lax")
    )


def test_the_loopback_benchmark_keeps_plain_cookie_names_without_secure_cookies(tmp_path):
    expression = (
        "repr((settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME))"
    )
    assert _setting(expression, **_production(tmp_path, SECURE_COOKIES="0")) == str(
        (False, "sessionid", "csrftoken")
    )


def test_session_login_and_password_limits_come_from_the_environment(tmp_path):
    expression = (
        "repr((settings.SESSION_IDLE_MINUTES, settings.SESSION_MAX_HOURS, settings.SESSION_COOKIE_AGE, "
        "settings.AXES_FAILURE_LIMIT, settings.LOGIN_ADDRESS_FAILURE_LIMIT, settings.LOGIN_IP_META_KEY, "
        "[v.get('OPTIONS') for v in settings.AUTH_PASSWORD_VALIDATORS if 'OPTIONS' in v], "
        "settings.OTP_REQUIRED_FOR_BUREAU))"
    )
    defaults = (30, 12, 43200, 5, 20, None, [{"min_length": 8}, {"min_classes": 3}], False)
    assert _setting(expression, VAR_DIR=str(tmp_path)) == str(defaults)
    env = {
        "SESSION_IDLE_MINUTES": "15", "SESSION_MAX_HOURS": "8", "LOGIN_FAILURE_LIMIT": "3",
        "LOGIN_ADDRESS_FAILURE_LIMIT": "50", "RATELIMIT_IP_HEADER": "HTTP_X_REAL_IP",
        "PASSWORD_MIN_LENGTH": "10", "PASSWORD_MIN_CLASSES": "4", "OTP_REQUIRED_FOR_BUREAU": "1",
    }  # fmt: skip
    changed = (15, 8, 28800, 3, 50, "HTTP_X_REAL_IP", [{"min_length": 10}, {"min_classes": 4}], True)
    assert _setting(expression, VAR_DIR=str(tmp_path), **env) == str(changed)
