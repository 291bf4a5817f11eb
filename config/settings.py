"""Stepwise settings, read from the environment.

Production is the default: DEBUG is off, a SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL
must be given, cookies are secure and HSTS is on. The laptop defaults (SQLite, console
email, Celery tasks run in-process) apply only when DEBUG is explicitly on, as `make run`
does. See README.md for the variables.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-never-used-in-production")
else:
    SECRET_KEY = env("SECRET_KEY")  # raises ImproperlyConfigured when missing

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "axes",
    # The second factor (TOTP apps and single-use recovery codes), docs/architecture.md "Second factor".
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "planning",
    "content",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "planning.middleware.PermissionsPolicyMiddleware",
    # One log line per request (after WhiteNoise, so static files are not logged).
    "planning.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "planning.middleware.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the second factor (django-otp's OTPMiddleware, reading the
    # session's device from the shared cache: planning/user_cache.py), and the one place that asks it.
    "planning.user_cache.CachedOTPMiddleware",
    "planning.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # no-store on signed-in pages and on every download (PDFs, ZIPs, CSVs), signed in or not.
    "planning.middleware.NoStoreMiddleware",
    "planning.middleware.SignInWithoutNextMiddleware",
    # Axes must come last: it turns a lockout into the response.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # WhiteNoise serves the collected, hashed static files in production; runserver does it locally.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"

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
                "planning.context_processors.roles",
                "planning.context_processors.idle",
                "planning.context_processors.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: PostgreSQL through DATABASE_URL; SQLite only as the debug default.
if DEBUG:
    DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
else:
    DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short queries on a web page: the JIT compiler costs far more than it saves (measured on the caseload).
    # A statement prepared once per connection is planned once (config/prepared.py); Django prepares none of its own.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c plan_cache_mode=force_generic_plan"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "planning.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in person's row from the shared cache (planning/user_cache.py).
    "planning.user_cache.CachedModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "planning:home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3  # three hours

# Sessions end after 30 minutes without a request. planning.middleware.SessionRefreshMiddleware moves the
# expiry on at most once a minute, instead of SESSION_SAVE_EVERY_REQUEST's write on every request.
SESSION_COOKIE_AGE = 30 * 60
# Sessions live in the database and are read from the shared cache (Redis), so a signed-in request makes no session
# query; with Redis down they are read from the database as before (planning/session_store.py says why it is safe).
SESSION_ENGINE = "planning.session_store"
IDLE_WARNING_SECONDS = 2 * 60  # the "Still there?" dialog (static/js/idle.js) opens this long before
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Repeated failed sign-ins lock the account and address out for a while.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # Django's sign-in form names the email field "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The address axes locks out is the one the rate limits count: REMOTE_ADDR, or behind our TLS proxy the
# entry nginx appended to X-Forwarded-For. Never an address the client wrote into that header itself.
AXES_CLIENT_IP_CALLABLE = "config.ratelimits.client_address"
# Rate limits (config/ratelimits.py) count in the shared cache, by the address nginx saw.
RATELIMIT_IP_META_KEY = "config.ratelimits.client_address"

# What one request may carry (Django's defaults, said here because issue 13 relies on them). The largest form
# at its limits, the safety plan (8 lists of 12 lines of 300 characters, with the values it started from, in a
# non-Latin script at 9 bytes a character once encoded) is about 520 kB and 80 fields. A bigger post answers
# the kind 400 page (planning/views/errors.bad_request) before any view runs; nginx stops bodies past 2 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000

# Clinicians and organisation admins pass a second factor (an authenticator app's code, or a recovery code)
# before any page but signing in; clients may choose it. Off only for a deliberate reason, never by default.
SECOND_FACTOR_REQUIRED = env.bool("SECOND_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Stepwise"
# django-otp's own back-off after a wrong code: 1, 2, 4, 8... seconds per device, beside the rate limit.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

INVITATION_MAX_AGE = timedelta(days=7)
# A step is offered (never forced) as mastered after `times` practices peaking at or below `peak_at_most` (SUDS),
# or, `from_predictions`, when the feared outcome did not happen in the step's planned number of practices and its
# likelihood fell by the clinic's margin (CaseloadRules.mastery_likelihood_drop).
MASTERY_RULE = {
    "peak_at_most": env.int("MASTERY_PEAK_AT_MOST", default=30),
    "times": env.int("MASTERY_TIMES", default=2),
    "from_predictions": env.bool("MASTERY_FROM_PREDICTIONS", default=True),
}

# What a person removes from a client's record (a journal entry, trigger, step, practice or safety-plan line)
# can be undone for this long; then its snapshot is emptied and it is gone for good.
UNDO_MINUTES = env.int("UNDO_MINUTES", default=10)

# A client's copy of their record (planning/services/exports.py): its one-time link works for this many hours.
# With the broker down, a record with at most this many safety-plan versions (each one a PDF, about half a second
# to draw the first time) is built in the request; a larger one waits for the beat task to queue it once the broker
# is back. A demo client's copy (2 versions, ~52 KB) took 1.0-2.1 s to build the first time, 0.1-0.3 s again.
RECORD_EXPORT_HOURS = 24
RECORD_EXPORT_IN_REQUEST_MAX_VERSIONS = 5

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console on a laptop; EMAIL_URL (smtp://user:pass@host:587) in production.
if DEBUG:
    vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
else:
    vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Stepwise <no-reply@stepwise.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in emails are absolute; the request is not available inside a Celery task.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
if not DEBUG and not SITE_URL:
    raise ImproperlyConfigured("Set SITE_URL, the public address used in email links.")

# Redis: broker for Celery and the shared cache. Without it (debug only), tasks run in-process.
REDIS_URL = env("REDIS_URL", default="")
if not REDIS_URL and not DEBUG:
    raise ImproperlyConfigured("Set REDIS_URL: production sends mail and alerts through Celery.")
if REDIS_URL:
    # Short timeouts: with Redis gone, a rate limit is skipped within half a second rather than hanging a worker.
    CACHES = {
        "default": {
            # Django's, keeping its Redis client instead of building one per call (planning/redis_cache.py).
            "BACKEND": "planning.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 60
CELERY_TASK_SOFT_TIME_LIMIT = 45
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Risk-flag emails that could not be queued while the broker was down go out within a minute of its return.
CELERY_BEAT_SCHEDULE = {
    "send-pending-risk-emails": {"task": "planning.tasks.send_pending_risk_emails", "schedule": 60.0},
    # Reminders: every due occurrence settled once (sent, or dropped when stale), and the outbox relayed.
    "dispatch-reminders": {
        "task": "planning.tasks.dispatch_reminders",
        "schedule": env.float("REMINDER_DISPATCH_SECONDS", default=60.0),  # tests run beat faster
    },
    # Clinicians' weekly digests: checked hourly, sent once on each clinician's chosen day.
    "send-weekly-digests": {"task": "planning.tasks.send_weekly_digests", "schedule": 3600.0},
    # Removals past their undo window lose their snapshot: removed for good means gone for good.
    "purge-expired-removals": {"task": "planning.tasks.purge_expired_removals", "schedule": 300.0},
    # Clients' copies of their record: expired ones deleted, and ones asked for while the broker was down queued.
    "tend-record-exports": {"task": "planning.tasks.tend_record_exports", "schedule": 300.0},
}

# Security headers. Secure by default; only DEBUG relaxes the HTTPS-only parts.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True  # pages carry the token (a form field, and hx-headers on <body> for htmx)
CSRF_FAILURE_VIEW = "planning.views.errors.csrf_failure"  # a kind page instead of Django's bare 403
# `__Host-` cookies are Secure, for this host only (no Domain) and for every path: a sibling subdomain
# cannot set or shadow them. Browsers drop them without Secure, so plain http on a laptop keeps the
# plain names.
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_PATH = "/"
CSRF_COOKIE_PATH = "/"
# Nothing here uses the camera, microphone, location, payments or devices: no page, and nothing framed
# or injected into one, may ask for them (planning.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# The health check answers over plain HTTP too, for a load balancer or systemd on the same machine.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict Content-Security-Policy: our own files only, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# Logs never carry client free text, names or emails: ids, event names and numbers only (config/logs.py).
# Production writes one JSON object a line; a laptop gets plain lines.
LOGGING = logging_config(level=env("LOG_LEVEL", default="INFO"), structured=env.bool("LOG_JSON", default=not DEBUG))
# Celery keeps Django's logging (JSON lines in production) instead of installing its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# "This has helped you before" on a guided coping skill: at least this many of the client's own runs rated
# before and after, with distress down by at least this many points on average (planning/models/coping.py).
COPING_HELPED_MIN_RUNS = 2
COPING_HELPED_MIN_DROP = 10
