"""Settings for the campus safety portal, driven by the environment.

With nothing set the portal runs on a SQLite file and an embedded Celery broker (a folder on disk),
so a newcomer needs no servers. `DATABASE_URL` and `REDIS_URL` switch to PostgreSQL and Redis;
`DJANGO_ENV=production` (or `DEBUG=0`) switches on the production hardening that
`manage.py check --deploy` expects. Every variable is listed in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "").lower() == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "fontawesome",
    "axes",
    "captcha",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "common",
    "accounts",
    "schools",
    "plans",
    "duty",
    "inspections",
    "hazards",
    "activities",
    "security",
    "petitions",
    "tipoffs",
    "accountability",
    "notifications",
    "reports",
    "ops",
    "audit",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every page (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit trail's actor and address for every change a request makes (audit/middleware.py:
    # django-auditlog's own middleware would trust a client-sent X-Forwarded-For).
    "audit.middleware.AuditMiddleware",
    # Tells whether the session has given its second factor (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages, so the log-in page can say why the session ended.
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
]

# The benchmark adds a bare baseline view through its own URLconf (benchmarks/urls.py).
ROOT_URLCONF = os.environ.get("ROOT_URLCONF", "campus_safety.urls")
WSGI_APPLICATION = "campus_safety.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schools.context_processors.membership",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and login -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account or address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Password rules. The defaults meet what China's MLPS level 2 (等保二级) asks: at least 8 characters
# mixing at least 3 of capitals, small letters, digits and symbols; not a common password, not like
# the login name or full name. The demo password Demo@2026 passes.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "8"))},
    },
    {
        "NAME": "accounts.validators.CharacterClassesValidator",
        "OPTIONS": {"min_classes": int(os.environ.get("PASSWORD_MIN_CLASSES", "3"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock-outs (accounts/lockout.py): an account after LOGIN_FAILURE_LIMIT failures from anywhere, an
# address after LOGIN_ADDRESS_FAILURE_LIMIT failures for any accounts (password spraying), each for
# LOGIN_COOLOFF_HOURS after the latest failure. A school behind one NAT address shares its address's
# count, hence the higher limit there.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "accounts.lockout.AccountOrAddressHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The address is REMOTE_ADDR; behind a reverse proxy, the header it overwrites with the client's
# address (the same RATELIMIT_IP_HEADER as the tip-off rate limits, e.g. HTTP_X_REAL_IP).
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
LOGIN_IP_META_KEY = os.environ.get("RATELIMIT_IP_HEADER") or None

# Sessions end on the server (accounts/middleware.py) after SESSION_IDLE_MINUTES without a request,
# and SESSION_MAX_HOURS after log-in whatever the activity; the log-in page then says why.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))

# Two-step verification (TOTP, django-otp) for bureau accounts; school accounts never see it.
# OTP_REQUIRED_FOR_BUREAU makes every bureau user set it up at their next log-in.
OTP_REQUIRED_FOR_BUREAU = env_bool("OTP_REQUIRED_FOR_BUREAU", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "校园安全防范工作平台")

# --- Language and time --------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# A 31-day duty roster with several shifts a day posts a few thousand fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 3000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery -------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    # Embedded broker: messages are files in var/celery, so `make run` needs no server.
    _broker_dir = VAR_DIR / "celery" / "broker"
    _processed_dir = VAR_DIR / "celery" / "processed"
    for _folder in (_broker_dir, _processed_dir):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_processed_dir),
        "store_processed": False,
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# A handful of fixed sweeps, never a periodic task per school or hazard. Hourly sweeps run on the
# hour in Beijing time, so "the morning it is due" reminders leave at 08:00. REMINDER_SWEEP_SECONDS
# runs every sweep at that interval instead (for tests and demos).
_SWEEP_SECONDS = os.environ.get("REMINDER_SWEEP_SECONDS")
_HOURLY = float(_SWEEP_SECONDS) if _SWEEP_SECONDS else crontab(minute=0)
CELERY_BEAT_SCHEDULE = {
    "ops-heartbeat": {
        "task": "ops.tasks.record_heartbeat",
        "schedule": float(os.environ.get("HEARTBEAT_SECONDS", "60")),
    },
    "reminders-incidents": {
        "task": "notifications.tasks.sweep",
        "schedule": float(_SWEEP_SECONDS or 300),
        "args": ("incidents",),
    },
    "reminders-hazards": {"task": "notifications.tasks.sweep", "schedule": _HOURLY, "args": ("hazards",)},
    "reminders-drills": {"task": "notifications.tasks.sweep", "schedule": _HOURLY, "args": ("drills",)},
    "exports-expire": {"task": "reports.tasks.expire_exports", "schedule": _HOURLY},
    "reminders-deliverables": {
        "task": "notifications.tasks.sweep",
        "schedule": _HOURLY,
        "args": ("deliverables",),
    },
}
# A reminder claimed but not sent after this long is claimed again by the next sweep. Kept well
# under the broker's visibility timeout, so the lease, not the broker, decides when to retry.
REMINDER_LEASE_SECONDS = int(os.environ.get("REMINDER_LEASE_SECONDS", "600"))
# The dashboard's figures are read at most this often per campaign and bureau; the page shows when.
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "60"))
# A built export (workbook, summary PDF) is deleted this many hours after it is ready.
EXPORT_EXPIRY_HOURS = int(os.environ.get("EXPORT_EXPIRY_HOURS", "24"))

# --- Cache --------------------------------------------------------------------------------------
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("CACHE_REDIS_URL", REDIS_URL),
        }
    }

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "campus-safety@localhost")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # for the file-based backend

# --- Production hardening -----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# The cookie never outlives the server-side limit (SESSION_MAX_HOURS), which is what really counts.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(SESSION_MAX_HOURS * 3600)))
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Only the loopback benchmark turns these off: it talks plain HTTP to gunicorn.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    if SESSION_COOKIE_SECURE:
        # The __Host- prefix makes the browser refuse these cookies unless they are Secure, for this
        # host only (no Domain) and for the whole site: a sibling subdomain cannot plant or read them.
        SESSION_COOKIE_NAME = "__Host-sessionid"
        CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp): scripts, styles, fonts and everything else only from this
# site; no inline script or style anywhere (tests/test_csp.py checks every template); images may also
# be data: URLs. Nothing may frame the portal, and forms post only to it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every successful login at INFO; failures and lockouts stay visible.
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each layout step at INFO; refused URLs and missing glyphs stay visible.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# The Django admin is for the operator; bureau staff work in the portal itself.
ADMIN_URL = os.environ.get("ADMIN_URL", "django-admin/")
AXES_VERBOSE = False
FORMAT_MODULE_PATH = ["campus_safety.formats"]

# --- Tip-offs -----------------------------------------------------------------------------------
# The public tip-off page's human check: a sum drawn as a picture by this server (django-simple-captcha),
# so it works without any outside service. Long enough to write a report on a phone before answering.
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_MATH_CHALLENGE_OPERATOR = "×"
CAPTCHA_TIMEOUT = int(os.environ.get("CAPTCHA_TIMEOUT_MINUTES", "30"))
# Legible on a phone, for children and grandparents too: the rate limit, not distortion, holds floods.
CAPTCHA_FONT_SIZE = 30
CAPTCHA_LETTER_ROTATION = None  # rotated, its digits lose their tops
CAPTCHA_NOISE_FUNCTIONS = ("captcha.helpers.noise_arcs",)
# Requests per address to the public tip-off pages (django-ratelimit, counted in the default cache;
# with Redis, shared by every worker). Over the limit the page answers 429 and keeps nothing. The
# address is REMOTE_ADDR, as for the login lockout; behind a reverse proxy set RATELIMIT_IP_HEADER to
# the META key of the header the proxy overwrites with the client's address (e.g. HTTP_X_REAL_IP).
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_HEADER") or None
RATELIMIT_TIPOFF_FILE = os.environ.get("TIPOFF_RATE", "10/h")  # tip-offs sent
RATELIMIT_TIPOFF_FORM = os.environ.get("TIPOFF_FORM_RATE", "120/h")  # the form shown (each draws a sum)
RATELIMIT_TIPOFF_FOLLOW = os.environ.get("TIPOFF_FOLLOW_RATE", "30/h")  # report keys tried

# --- Audit trail --------------------------------------------------------------------------------
# django-auditlog records every create, change and delete of the models listed in audit/registry.py;
# audit/bulk.py adds the update() and bulk_create() writes it cannot see. Entries and access events
# (log-ins, log-outs, failed log-ins) are kept AUDIT_RETENTION_DAYS (0 = forever; at least 184 — six
# months, 《网络安全法》第二十一条) and then deleted by the daily `prune_audit` sweep.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", str(3 * 365)))
if AUDIT_RETENTION_DAYS and AUDIT_RETENTION_DAYS < 184:
    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS must be 0 (keep forever) or at least 184 (six months).")
# The client's address as for the log-in lock-out: REMOTE_ADDR, or the header a reverse proxy sets.
AUDIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_HEADER") or None
AUDITLOG_STORE_JSON_CHANGES = True  # values keep their type (None, numbers, lists) in the diff
AUDITLOG_DISABLE_ON_RAW_SAVE = True  # fixtures loaded with loaddata are not someone's change
AUDITLOG_CID_GETTER = "audit.context.current_cid"  # one id per request, made by the server
CELERY_BEAT_SCHEDULE["audit-prune"] = {"task": "audit.tasks.prune", "schedule": crontab(hour=3, minute=30)}
