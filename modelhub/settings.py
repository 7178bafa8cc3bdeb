"""Settings, read from the environment.

MODELHUB_ENV=production switches on the deployment hardening (HTTPS-only cookies,
HSTS, SSL redirect, hashed static files) and requires SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENTS = ("development", "production")
MODELHUB_ENV = os.environ.get("MODELHUB_ENV", "development")
if MODELHUB_ENV not in ENVIRONMENTS:  # exactly: "prod", "Production" or "production " fail closed
    raise ImproperlyConfigured(
        f"MODELHUB_ENV is {MODELHUB_ENV!r}; it must be exactly 'development' or 'production' (or unset: development)."
    )
PRODUCTION = MODELHUB_ENV == "production"

DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when MODELHUB_ENV=production")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif PRODUCTION and (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY == DEVELOPMENT_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure")
):
    # Django's own deploy check (security.W009) only warns; production refuses to start.
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for MODELHUB_ENV=production: use at least 50 random characters "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'), not a default key."
    )

DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "modelhub.apps.ModelhubConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "modelhub.security.middleware.SecurityHeadersMiddleware",
    "modelhub.security.middleware.RefuseNulInUrlMiddleware",
    "modelhub.security.body_size.RefuseOversizedBodyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "modelhub.urls"
WSGI_APPLICATION = "modelhub.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
SQLITE_BUSY_TIMEOUT_SECONDS = float(os.environ.get("SQLITE_BUSY_TIMEOUT", "30"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The usual production setup of SQLite behind a web server (runserver, gunicorn and the
    # tests' live server all use it):
    # - the write-ahead log: readers never wait for the writer, and a commit is one sync of
    #   the log (synchronous=FULL: a committed change survives a power cut);
    # - BEGIN IMMEDIATE: a transaction takes the write lock when it starts, so concurrent
    #   writers queue for it. With SQLite's default (deferred) a transaction that read first
    #   and then writes cannot wait for a lock taken meanwhile, and fails at once with
    #   "database is locked" (a 500) whatever the timeout;
    # - the busy timeout: how long a writer waits for the lock before giving up.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
        transaction_mode="IMMEDIATE",
        timeout=SQLITE_BUSY_TIMEOUT_SECONDS,
    )

# The API's hot-path reads run SQL compiled once (modelhub/compiled_queries/). Off: every
# read goes through the ORM (same answers, more Python per request). Any error in the
# compiled path also falls back to the ORM by itself; this is the switch to rule it out.
MODELHUB_COMPILED_QUERIES = env_bool("MODELHUB_COMPILED_QUERIES", True)

# Shared by every app server (they are stateless). Create the table with `manage.py
# createcachetable` (make run and the tests do). The throttles' counters are not kept here
# but in the ThrottleCounter table, changed under row locks (modelhub/security/throttle.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "modelhub_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# Background work (webhook deliveries) through Django's Tasks framework with its database
# backend: a task is a row written in the transaction that enqueues it (the outbox), run by
# `manage.py db_worker` (started by `make run`; one or more per deployment).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Webhooks (modelhub/webhooks/). Outbound requests never reach loopback, private, link-local,
# or metadata addresses in production; development allows loopback so a local receiver works.
# WEBHOOK_ALLOWED_HOSTS names hosts that may resolve anywhere (an internal receiver you trust).
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", not PRODUCTION)
WEBHOOK_ALLOWED_HOSTS = env_list("WEBHOOK_ALLOWED_HOSTS", "")
WEBHOOK_CONNECT_TIMEOUT = float(os.environ.get("WEBHOOK_CONNECT_TIMEOUT", "5"))
WEBHOOK_READ_TIMEOUT = float(os.environ.get("WEBHOOK_READ_TIMEOUT", "10"))
WEBHOOK_RESPONSE_MAX_BYTES = 64 * 1024  # read at most this much of an answer; the log keeps 1 KB
# Retries: exponential backoff from the first delay, with jitter, up to the maximum delay,
# for the retry window; a webhook failing for that long is disabled.
WEBHOOK_RETRY_FIRST_DELAY = float(os.environ.get("WEBHOOK_RETRY_FIRST_DELAY", "30"))
WEBHOOK_RETRY_MAX_DELAY = float(os.environ.get("WEBHOOK_RETRY_MAX_DELAY", str(60 * 60)))
WEBHOOK_RETRY_WINDOW = float(os.environ.get("WEBHOOK_RETRY_WINDOW", str(24 * 60 * 60)))
# A pending delivery this late (beyond the timeouts) lost its worker mid-send and is enqueued again.
WEBHOOK_STALL_MARGIN = float(os.environ.get("WEBHOOK_STALL_MARGIN", "120"))

# Login throttling (modelhub/security/throttle.py): each password check runs on a slot
# reserved per username and per client IP; refused past this many within the window (seconds).
AUTHENTICATION_BACKENDS = ["modelhub.security.login.ThrottledModelBackend"]
LOGIN_THROTTLE_USERNAME_LIMIT = int(os.environ.get("LOGIN_THROTTLE_USERNAME_LIMIT", "5"))
LOGIN_THROTTLE_IP_LIMIT = int(os.environ.get("LOGIN_THROTTLE_IP_LIMIT", "20"))
LOGIN_THROTTLE_WINDOW = int(os.environ.get("LOGIN_THROTTLE_WINDOW", str(15 * 60)))
# Behind N reverse proxies / load balancers that append to X-Forwarded-For, set this to
# N so the client IP is read from that header; 0 (default) trusts only REMOTE_ADDR.
LOGIN_THROTTLE_TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Tests on SQLite use a file, not memory: the live server's request threads then open
    # their own connections, as app servers do, instead of sharing the test thread's.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
FORMAT_MODULE_PATH = ["modelhub.formats"]  # dates as the dashboard writes them, in the admin too
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Password reset mail. Development prints messages to the server's console (the "check your
# e-mail" page says so); production sends them through SMTP, configured from the environment.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "modelhub <noreply@localhost>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Request bodies: a profile image may be 10 MB (about 13.4 MB as base64), so the
# API accepts bodies up to 15 MB and answers 413 above that.
DATA_UPLOAD_MAX_MEMORY_SIZE = 15 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
API_MAX_BODY_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
# Pages (not the API): a 10 MB image upload and the edit form's fields; a larger body is
# refused (413) from its Content-Length before it is read (modelhub.security.body_size).
WEB_MAX_BODY_BYTES = 12 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy and Permissions-Policy: modelhub.security.middleware.

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
