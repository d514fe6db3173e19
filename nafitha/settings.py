"""Settings, read from the environment.

With no variables set Nafitha runs on the embedded default: SQLite in WAL mode with
immediate transactions and the in-memory channel layer. Production sets DATABASE_URL,
REDIS_URL, SECRET_KEY and ALLOWED_HOSTS (see deploy/nafitha.env.example).
"""

import datetime as dt
import ipaddress
import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def env_secret(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (for container secrets)."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text().strip()
    return env.str(name, default=default)


DEBUG = env.bool("DEBUG", default=False)
DATA_DIR = Path(env.str("NAFITHA_DATA_DIR", default=str(BASE_DIR / "var")))


def _narrow(path: Path, mode: int) -> None:
    """Take back what group and others may do on a path this account owns."""
    stat = path.stat()
    if stat.st_mode & 0o077 and stat.st_uid == os.getuid():
        path.chmod(mode)


def private_data_dir() -> Path:
    """DATA_DIR, open to this account only: it holds the secret key and the database."""
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    _narrow(DATA_DIR, 0o700)
    return DATA_DIR


def private_file(path: Path, content: str = "") -> Path:
    """Create PATH mode 0600 (never world-readable, whatever the umask) unless it exists;
    an existing file readable by others is narrowed to 0600."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        _narrow(path, 0o600)
    else:
        with os.fdopen(fd, "w") as file:
            file.write(content)
    return path


SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env.bool("NAFITHA_REQUIRE_SECRET_KEY", default=False):
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set in production.")
    # Embedded default: a per-installation key kept beside the database.
    from django.core.management.utils import get_random_secret_key

    key_file = private_file(private_data_dir() / "secret_key", get_random_secret_key())
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "staff.lockout.LoginAttemptsConfig",  # django-axes
    "centre",
    "staff",
    "queueing",
    "realtime",
    "counters",
    "displays",
    "kiosk",
    "scorecard",
    "feedback",
    "planning",
    "appointments",
    "ops",
    "demo",
]

MIDDLEWARE = [
    "ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "nafitha.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nafitha.middleware.ArabicFirstLocaleMiddleware",
    "nafitha.input.RefuseNullCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "nafitha.errors.RefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "nafitha.urls"
WSGI_APPLICATION = "nafitha.wsgi.application"
ASGI_APPLICATION = "nafitha.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "staff.context_processors.staff_nav",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
SQLITE_OPTIONS = {
    # Immediate transactions take the write lock at BEGIN, so two writers never both read
    # the same waiting ticket; WAL lets readers (displays, dashboards) run alongside.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    # synchronous=NORMAL is safe in WAL (a power cut may lose the last commits, never corrupt
    # the file); the page cache (64 MiB) and memory-mapped reads (256 MiB) keep the hot tables
    # out of system calls.
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        " PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
    ),
}
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    # SQLite gives its -wal and -shm files the database file's mode, so they stay 0600 too.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(private_file(private_data_dir() / "nafitha.sqlite3")),
        }
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Django's backend with writers queued on a process lock and connections reused
    # (nafitha/db/sqlite3/base.py).
    DATABASES["default"]["ENGINE"] = "nafitha.db.sqlite3"
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    DATABASES["default"].setdefault("TEST", {})
elif env.bool("DB_POOL", default=False):
    # A connection pool per process (psycopg_pool): opening a connection per request doubled
    # the cost of a request, and under Daphne (ASGI) each request runs on a thread of its own,
    # so persistent connections (CONN_MAX_AGE) do not help there. A sync gunicorn worker uses
    # one connection at a time plus the broadcast thread's; a Daphne worker a few more. The
    # default layout (4 gunicorn + 2 Daphne) stays under 6 x DB_POOL_MAX_SIZE connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DB_POOL_MIN_SIZE", default=1),
        "max_size": env.int("DB_POOL_MAX_SIZE", default=4),
        "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
        "max_idle": 300,
    }
else:
    # Persistent connections instead of a pool (DB_POOL=false).
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channel layer --------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    CHANNEL_LAYERS = {
        "default": {
            # channels_redis, riding out a Redis restart (ops/redis.py). redis-py 8 defaults
            # socket_timeout to 5 s, which makes idle receive() raise and Daphne drop every
            # websocket; the host options keep it None.
            "BACKEND": "ops.redis.ResilientRedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": None,
                        "socket_connect_timeout": 2,
                        "socket_keepalive": True,
                        # A pooled connection idle this long is checked with a PING first.
                        "health_check_interval": 15,
                    }
                ],
                "prefix": env.str("CHANNEL_LAYER_PREFIX", default="nafitha"),
                "capacity": 1000,
                "expiry": 60,
            },
        }
    }
    CACHES = {
        "default": {
            # Throttles keep working per process while Redis is away (ops/redis.py).
            "BACKEND": "ops.redis.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CHANNEL_LAYER_PREFIX", default="nafitha"),
            # Fail fast while Redis is away; check a connection idle for a while before
            # using it, and retry once on a new one (after a Redis restart every pooled
            # connection is stale: "Connection closed by server").
            "OPTIONS": {
                "socket_connect_timeout": 1,
                "socket_timeout": 2,
                "health_check_interval": 10,
                "retry": Retry(NoBackoff(), 1),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long a process trusts the generations it read from the cache (nafitha/generations.py):
# another process's change to the registry, a centre's capacity or an API token's account is
# seen within this.
CACHE_GENERATION_CHECK_SECONDS = env.float("CACHE_GENERATION_CHECK_SECONDS", default=1.0)

# --- Auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/staff/login/"
LOGIN_REDIRECT_URL = "/staff/"
# Log-in lock-out (django-axes, docs/security.md): every password check — staff log-in, admin,
# API token — is counted per account and per client address; at the limit both are refused,
# the right password too, until the cool-off has passed or an administrator unlocks them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE = [*MIDDLEWARE, "axes.middleware.AxesMiddleware"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "staff.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "staff.lockout.lockout_response"
# Failures are kept for the admin (capped per account); successful log-ins are not recorded.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_DISABLE_ACCESS_LOG = True

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language on every page (nafitha/formats): "29 تشرين الثاني 2026".
FORMAT_MODULE_PATH = ["nafitha.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Amman")
USE_I18N = True
USE_TZ = True

# --- Static -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
if not env.str("STATIC_ROOT", default=""):
    # The embedded default serves files from the apps (WHITENOISE_USE_FINDERS); an empty
    # folder keeps WhiteNoise from warning that it has no collected files.
    STATIC_ROOT.mkdir(exist_ok=True)
# The embedded server serves static files itself; behind nginx, nginx serves them.
WHITENOISE_USE_FINDERS = True

# --- Security -----------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_TLS = env.bool("USE_TLS", default=False)
SESSION_COOKIE_SECURE = USE_TLS
CSRF_COOKIE_SECURE = USE_TLS
SECURE_SSL_REDIRECT = USE_TLS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if USE_TLS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = USE_TLS
SECURE_HSTS_PRELOAD = USE_TLS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp, docs/security.md): scripts and styles only from this
# site's own files — no inline script, handler or style attribute anywhere — sockets and
# fetches to the same host ('self' covers ws: and wss: there), and no page may be framed
# except the ticket PDF the kiosk prints from a hidden frame (kiosk/views.py).
MIDDLEWARE = [*MIDDLEWARE, "csp.middleware.CSPMiddleware"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: only for the kiosk's empty favicon
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- REST API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "staff.authentication.StaffTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # JSON bodies must be objects of bounded depth (nafitha.input); forms as usual.
    "DEFAULT_PARSER_CLASSES": [
        "nafitha.input.JSONObjectParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "nafitha.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "ticket_issue": env.str("THROTTLE_TICKET_ISSUE", default="30/min"),
        "public_read": env.str("THROTTLE_PUBLIC_READ", default="600/min"),
        "public_write": env.str("THROTTLE_PUBLIC_WRITE", default="10/min"),
        "auth": env.str("THROTTLE_AUTH", default="30/min"),
        # Each plan runs a simulation: a few per minute is plenty for a person.
        "planning": env.str("THROTTLE_PLANNING", default="20/min"),
    },
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Nafitha API",
    "DESCRIPTION": "Queue and counter management for government service centres.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from our own static files: most centres' networks cannot reach a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Nafitha ------------------------------------------------------------------------------
# Calls a ticket may receive before it can be marked a no-show.
NAFITHA_NO_SHOW_AFTER_CALLS = env.int("NAFITHA_NO_SHOW_AFTER_CALLS", default=2)
# Seconds a lock wait may take before a call is refused as busy (PostgreSQL).
NAFITHA_LOCK_TIMEOUT_MS = env.int("NAFITHA_LOCK_TIMEOUT_MS", default=3000)
# Weight of the newest service time in the exponentially weighted mean.
NAFITHA_SERVICE_TIME_ALPHA = env.float("NAFITHA_SERVICE_TIME_ALPHA", default=0.2)
# Public base URL used in printed QR codes and SMS links; by default the embedded server's
# address, which `./dev demo` starts on `PORT`.
NAFITHA_PUBLIC_URL = env.str(
    "NAFITHA_PUBLIC_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# --- Per-app settings -------------------------------------------------------------------
# Each app keeps its settings in its own block below, read from the environment.

# [kiosk]
# Ticket requests a kiosk device may make (DRF rate, per device).
NAFITHA_KIOSK_THROTTLE = env.str("NAFITHA_KIOSK_THROTTLE", default="30/min")
# Seconds without a touch before the kiosk returns to its start screen.
NAFITHA_KIOSK_IDLE_SECONDS = env.int("NAFITHA_KIOSK_IDLE_SECONDS", default=60)
# Spoken-guidance requests per client at the kiosk (one per screen and per button tapped).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["kiosk_speech"] = env.str(
    "THROTTLE_KIOSK_SPEECH", default="120/min"
)
# TrueType fonts with Arabic and Latin glyphs for every PDF: the printed ticket and the
# scorecard reports (fonts-hosny-amiri; nafitha/pdf.py falls back to DejaVu Sans).
NAFITHA_TICKET_FONT = env.str(
    "NAFITHA_TICKET_FONT", default="/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf"
)
NAFITHA_TICKET_FONT_BOLD = env.str(
    "NAFITHA_TICKET_FONT_BOLD", default="/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Bold.ttf"
)
# Seconds the server waits for a CUPS or ESC/POS printer.
NAFITHA_PRINT_TIMEOUT = env.int("NAFITHA_PRINT_TIMEOUT", default=10)
# Citizen messages: kiosk.notify.LoggingBackend (default) or kiosk.notify.HttpSmsBackend.
NAFITHA_NOTIFY_BACKEND = env.str("NAFITHA_NOTIFY_BACKEND", default="kiosk.notify.LoggingBackend")
# First delivery attempt: "thread" (right after commit, in the background), "inline", or "off"
# (only the `send_notifications` worker sends).
NAFITHA_NOTIFY_IMMEDIATE = env.str("NAFITHA_NOTIFY_IMMEDIATE", default="thread")
if NAFITHA_NOTIFY_IMMEDIATE not in ("thread", "inline", "off"):
    raise ImproperlyConfigured("NAFITHA_NOTIFY_IMMEDIATE must be thread, inline or off.")
# "Your turn is near" goes out when this many people or fewer are ahead.
NAFITHA_NOTIFY_NEAR_PLACES = env.int("NAFITHA_NOTIFY_NEAR_PLACES", default=3)
NAFITHA_NOTIFY_MAX_ATTEMPTS = env.int("NAFITHA_NOTIFY_MAX_ATTEMPTS", default=5)
# Seconds before the first retry; doubled after each failure, at most one hour.
NAFITHA_NOTIFY_RETRY_SECONDS = env.int("NAFITHA_NOTIFY_RETRY_SECONDS", default=30)
# Jobs that write outbox rows on a clock, run by the `send_notifications` worker every
# NAFITHA_NOTIFY_JOBS_SECONDS before it sends (booking reminders and no-shows).
NAFITHA_NOTIFY_JOBS = env.list(
    "NAFITHA_NOTIFY_JOBS", default=["appointments.reminders.booking_tasks"]
)
NAFITHA_NOTIFY_JOBS_SECONDS = env.int("NAFITHA_NOTIFY_JOBS_SECONDS", default=60)
# Messages one mobile number may be sent in 24 hours; a ticket asking for more is refused.
NAFITHA_SMS_PER_NUMBER_PER_DAY = env.int("NAFITHA_SMS_PER_NUMBER_PER_DAY", default=6)
# Hours a phone number is kept after the visit ends (or after issue, for a visit that never
# ended); the nightly `anonymise_requests` job then erases it from tickets and the outbox.
NAFITHA_PHONE_RETENTION_HOURS = env.int("NAFITHA_PHONE_RETENTION_HOURS", default=24)
# HTTP SMS gateway: POST JSON {"to", "from", "text"} with "Authorization: Bearer <token>".
NAFITHA_SMS_URL = env.str("NAFITHA_SMS_URL", default="")
NAFITHA_SMS_TOKEN = env_secret("NAFITHA_SMS_TOKEN", default="")
NAFITHA_SMS_SENDER = env.str("NAFITHA_SMS_SENDER", default="Nafitha")

# [displays]
# Seconds between heartbeats on display and ticket sockets; clients resync when they stop.
NAFITHA_DISPLAY_HEARTBEAT_SECONDS = env.float("NAFITHA_DISPLAY_HEARTBEAT_SECONDS", default=25.0)
# Recent calls listed on a hall display that has no screen configuration of its own.
NAFITHA_DISPLAY_RECENT_CALLS = env.int("NAFITHA_DISPLAY_RECENT_CALLS", default=6)
# Redis key prefix of the per-centre event sequence numbers (shared by every Daphne process).
NAFITHA_DISPLAY_SEQ_PREFIX = env.str("CHANNEL_LAYER_PREFIX", default="nafitha")
# Build and send the hall frames on the request thread after commit instead of the process's
# broadcast thread (realtime.events). Only tests set it: their rows are in a transaction the
# broadcast thread cannot see.
NAFITHA_BROADCAST_INLINE = False
# Offline speech: the espeak-ng binary and where its rendered WAV files are cached.
NAFITHA_ESPEAK = env.str("NAFITHA_ESPEAK", default="espeak-ng")
NAFITHA_SPEECH_DIR = env.str("NAFITHA_SPEECH_DIR", default=str(DATA_DIR / "speech"))
# Most bytes of call audio kept there; the least recently played files go first (≈ 300 calls).
NAFITHA_SPEECH_CACHE_BYTES = env.int("NAFITHA_SPEECH_CACHE_MB", default=64) * 1024 * 1024
# Call-audio requests per client (one hall's screens share an address; each call is one file
# per language and screen).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["call_audio"] = env.str(
    "THROTTLE_CALL_AUDIO", default="300/min"
)
if REDIS_URL:
    # redis-py 8 caps a pool at 100 connections and then raises instead of waiting: when a
    # hall full of screens reconnects at once, every socket's group_add/group_discard needs
    # one, so a worker gets room for a reconnect storm.
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["max_connections"] = env.int(
        "CHANNEL_LAYER_MAX_CONNECTIONS", default=2000
    )

# [counters]
# Seconds between full state refreshes of the console and supervisor pages; events at the
# employee's own counter refresh at once, other events update the waiting counts in place.
COUNTERS_POLL_SECONDS = env.int("COUNTERS_POLL_SECONDS", default=15)

# [scorecard]
# Rows written within this many minutes of the last aggregation run are re-read (late commits).
SCORECARD_LATE_MARGIN_MINUTES = env.int("SCORECARD_LATE_MARGIN_MINUTES", default=10)
# Name this instance publishes in its federation feed.
SCORECARD_INSTANCE = env.str("SCORECARD_INSTANCE", default="nafitha")
# Share of the charter target (0–1) at which a waiting queue turns amber on the dashboard.
SCORECARD_AMBER_AT = env.float("SCORECARD_AMBER_AT", default=0.75)
# Minutes a counter may stay idle while people wait before the dashboard raises an alert.
SCORECARD_IDLE_ALERT_MINUTES = env.int("SCORECARD_IDLE_ALERT_MINUTES", default=5)

# [feedback]
# Hours after a visit during which its feedback link (tracking page, printed QR) stays open.
NAFITHA_FEEDBACK_LINK_HOURS = env.int("NAFITHA_FEEDBACK_LINK_HOURS", default=48)
# Minutes a counter tablet's prompt stays answerable after the service ended.
NAFITHA_FEEDBACK_TABLET_MINUTES = env.int("NAFITHA_FEEDBACK_TABLET_MINUTES", default=10)
# Seconds the tablet shows its thanks (or an unanswered prompt) before returning to idle.
NAFITHA_FEEDBACK_THANKS_SECONDS = env.int("NAFITHA_FEEDBACK_THANKS_SECONDS", default=5)
NAFITHA_FEEDBACK_PROMPT_SECONDS = env.int("NAFITHA_FEEDBACK_PROMPT_SECONDS", default=90)
# Ask once per visit (default) or after every service step of a bundle; a centre's
# FeedbackPolicy overrides this.
NAFITHA_FEEDBACK_PER_STEP = env.bool("NAFITHA_FEEDBACK_PER_STEP", default=False)
# Response deadline per request type, in working days (Sunday–Thursday, less public holidays).
NAFITHA_REQUEST_SLA_DAYS = {
    "complaint": env.int("NAFITHA_SLA_COMPLAINT_DAYS", default=10),
    "suggestion": env.int("NAFITHA_SLA_SUGGESTION_DAYS", default=15),
    "inquiry": env.int("NAFITHA_SLA_INQUIRY_DAYS", default=5),
    "report": env.int("NAFITHA_SLA_REPORT_DAYS", default=10),
}
# Python weekdays that are not working days (Friday, Saturday).
NAFITHA_WEEKEND = tuple(env.list("NAFITHA_WEEKEND", cast=int, default=[4, 5]))
# Working days between repeated escalations of a request still overdue.
NAFITHA_REQUEST_ESCALATE_EVERY_DAYS = env.int("NAFITHA_REQUEST_ESCALATE_EVERY_DAYS", default=2)
# Days after a request is closed (or answered, or rejected) before its personal data is removed.
NAFITHA_REQUEST_RETENTION_DAYS = env.int("NAFITHA_REQUEST_RETENTION_DAYS", default=365)
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].update(
    {
        "feedback_answer": env.str("THROTTLE_FEEDBACK_ANSWER", default="20/min"),
        "citizen_request": env.str("THROTTLE_CITIZEN_REQUEST", default="5/min"),
        "request_status": env.str("THROTTLE_REQUEST_STATUS", default="60/min"),
    }
)

# [deploy]
# Old keys still accepted for sessions and signatures while rotating (comma or space separated).
SECRET_KEY_FALLBACKS = (env_secret("SECRET_KEY_FALLBACKS") or "").replace(",", " ").split()
# With collectstatic run (production), serve hashed, pre-compressed files nginx can cache forever.
if env.bool("NAFITHA_STATIC_MANIFEST", default=False):
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
# Load balancers probe workers over plain HTTP on loopback.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# /metrics answers these client networks (nafitha.clients.client_address) or a bearer token.
OPS_METRICS_NETWORKS = [
    ipaddress.ip_network(net)
    for net in env.list("OPS_METRICS_NETWORKS", default=["127.0.0.0/8", "::1/128"])
]
OPS_METRICS_TOKEN = env_secret("OPS_METRICS_TOKEN", default="")
# Log lines as JSON (production) or text, each with the request id.
LOGGING["filters"] = {
    "request_id": {"()": "ops.log.RequestIdFilter"},
    "redact_secrets": {"()": "ops.log.RedactSecretsFilter"},
}
LOGGING["formatters"] = {
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
}
LOGGING["handlers"]["console"].update(
    formatter=env.str("LOG_FORMAT", default="text"), filters=["request_id", "redact_secrets"]
)
# Access lines and engine events are INFO: production turns them on (deploy/nafitha.env.example);
# by default they follow LOG_LEVEL, so a demo terminal stays readable.
LOGGING["loggers"] = {
    "ops": {"level": env.str("OPS_LOG_LEVEL", default=env.str("LOG_LEVEL", default="WARNING"))}
}

# [clients and remote channels] Who a client is, and what one client may take
# (docs/security.md). Every per-client limit reads the address through nafitha.clients.
# Proxies in front of Nafitha that set or append X-Forwarded-For: 0 for the embedded server
# (the header is ignored), 1 behind the shipped nginx. The client is the Nth address from the
# right of the header.
NAFITHA_TRUSTED_PROXIES = env.int("NAFITHA_TRUSTED_PROXIES", default=0)
if NAFITHA_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("NAFITHA_TRUSTED_PROXIES must be 0 or more.")
# Open websockets one client address may hold per Daphne process (nginx caps all workers).
NAFITHA_WS_PER_CLIENT = env.int("NAFITHA_WS_PER_CLIENT", default=100)
# What a remote channel (issued away from the centre) may take; channels not listed here
# (kiosk devices, reception, appointments) are the centre's own and take the rest
# (queueing.engine, docs/engine.md "Capacity of remote channels").
NAFITHA_CHANNEL_ALLOWANCES = {
    "remote": {
        # Share of each service's daily cap.
        "cap_share": env.float("NAFITHA_REMOTE_CAP_SHARE", default=0.5),
        # Share of a service's waiting queue, once it holds `queue_floor` remote tickets.
        "queue_share": env.float("NAFITHA_REMOTE_QUEUE_SHARE", default=0.5),
        "queue_floor": env.int("NAFITHA_REMOTE_QUEUE_FLOOR", default=5),
        # Tickets one client (address or IPv6 /64) may take per day, all centres together.
        "per_client_day": env.int("NAFITHA_REMOTE_TICKETS_PER_CLIENT", default=10),
    },
}
for _allowance in NAFITHA_CHANNEL_ALLOWANCES.values():
    if not (0 <= _allowance["cap_share"] <= 1 and 0 <= _allowance["queue_share"] <= 1):
        raise ImproperlyConfigured("NAFITHA_REMOTE_*_SHARE must be between 0 and 1.")

# [appointments] Booking a visit with a verified mobile number (docs/appointments.md).
NAFITHA_BOOKING = {
    # Days ahead a visit can be booked, and the least notice (minutes) before its start.
    "horizon_days": env.int("NAFITHA_BOOKING_HORIZON_DAYS", default=14),
    "lead_minutes": env.int("NAFITHA_BOOKING_LEAD_MINUTES", default=30),
    # Weekdays (Monday 0) without appointments even where a centre opens: Friday.
    "closed_weekdays": tuple(env.list("NAFITHA_BOOKING_CLOSED_WEEKDAYS", cast=int, default=[4])),
    # One-time codes: digits, minutes valid, wrong tries before a lock-out of `lock_minutes`,
    # and the wait before a resend (doubling with each send, reset by a verified code).
    "code_digits": 6,
    "code_minutes": env.int("NAFITHA_BOOKING_CODE_MINUTES", default=10),
    "code_attempts": env.int("NAFITHA_BOOKING_CODE_ATTEMPTS", default=5),
    "lock_minutes": env.int("NAFITHA_BOOKING_LOCK_MINUTES", default=30),
    "resend_seconds": env.int("NAFITHA_BOOKING_RESEND_SECONDS", default=30),
    # Active bookings one number may hold per day and per week (Saturday–Friday).
    "per_number_day": env.int("NAFITHA_BOOKING_PER_NUMBER_DAY", default=2),
    "per_number_week": env.int("NAFITHA_BOOKING_PER_NUMBER_WEEK", default=4),
    # Check-in at the kiosk: how early (minutes before the start) and how late (after it).
    "early_minutes": env.int("NAFITHA_BOOKING_EARLY_MINUTES", default=30),
    "grace_minutes": env.int("NAFITHA_BOOKING_GRACE_MINUTES", default=10),
    # Figures: an appointment is punctual when called within this many minutes of its time.
    "punctual_minutes": env.int("NAFITHA_BOOKING_PUNCTUAL_MINUTES", default=10),
    # Reminders by SMS: from this many hours before the start ("the day before"), and from
    # this many minutes before it.
    "reminder_day_hours": env.int("NAFITHA_BOOKING_REMINDER_DAY_HOURS", default=24),
    "reminder_hour_minutes": env.int("NAFITHA_BOOKING_REMINDER_HOUR_MINUTES", default=60),
    # A number with `no_show_limit` bookings not checked in within `no_show_days` days cannot
    # book for `no_show_block_days` days after the last of them (0 turns the rule off).
    "no_show_limit": env.int("NAFITHA_BOOKING_NO_SHOW_LIMIT", default=2),
    "no_show_days": env.int("NAFITHA_BOOKING_NO_SHOW_DAYS", default=30),
    "no_show_block_days": env.int("NAFITHA_BOOKING_NO_SHOW_BLOCK_DAYS", default=14),
}
# Days the phone numbers of past bookings and remote places (and their code, confirmation and
# reminder messages) are kept; the nightly `anonymise_requests` job then erases them
# (appointments/retention.py). No-shows are kept at least as long as the no-show rule reads them.
NAFITHA_BOOKING_PHONE_RETENTION_DAYS = env.int("NAFITHA_BOOKING_PHONE_RETENTION_DAYS", default=30)
if NAFITHA_BOOKING_PHONE_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("NAFITHA_BOOKING_PHONE_RETENTION_DAYS must be 1 or more.")
# Remote tickets ("join the queue from home", appointments/remote.py): a pending place lapses
# `expire_minutes` after its estimated call time (and at the end of the opening period); at
# check-in it keeps at most `max_head_start_minutes` of its place in the order of arrival.
NAFITHA_REMOTE_QUEUE = {
    "expire_minutes": env.int("NAFITHA_REMOTE_EXPIRE_MINUTES", default=30),
    "max_head_start_minutes": env.int("NAFITHA_REMOTE_MAX_HEAD_START_MINUTES", default=60),
    # The "time to leave" SMS goes when the estimated wait (lower end) is at most the travel
    # time the citizen gave plus this margin.
    "leave_margin_minutes": env.int("NAFITHA_REMOTE_LEAVE_MARGIN_MINUTES", default=10),
    # How often the "when to leave" page asks for its place's status (seconds).
    "refresh_seconds": env.int("NAFITHA_REMOTE_REFRESH_SECONDS", default=20),
}
if min(NAFITHA_REMOTE_QUEUE.values()) < 0:
    raise ImproperlyConfigured("NAFITHA_REMOTE_*_MINUTES must be 0 or more.")
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].update(
    {
        "booking_code": env.str("THROTTLE_BOOKING_CODE", default="10/min"),
        "booking_write": env.str("THROTTLE_BOOKING_WRITE", default="20/min"),
        "booking_lookup": env.str("THROTTLE_BOOKING_LOOKUP", default="60/min"),
    }
)

# [planning] How booked citizens come, in the planner's simulation (docs/planning.md): the
# spread of arrivals around the booked time (minutes, standard deviation), and the no-show
# share used when the centre has fewer than `min_bookings` past bookings to measure it from.
NAFITHA_PLANNING_APPOINTMENTS = {
    "spread_minutes": env.int("NAFITHA_PLANNING_SPREAD_MINUTES", default=5),
    "no_show_percent": env.int("NAFITHA_PLANNING_NO_SHOW_PERCENT", default=10),
    "min_bookings": 30,
    "history_days": 56,
}
