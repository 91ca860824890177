"""Settings for theodoi, read from the environment.

Nothing needs to be set on a newcomer's machine: the database is SQLite at
``var/theodoi.sqlite3`` (WAL mode) and e-mail goes to the console. A province
deploys by setting ``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and the
``EMAIL_*`` variables.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("THEODOI_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("THEODOI_VAR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("THEODOI_DEBUG")
DEVELOPMENT_KEY = "theodoi-insecure-development-key-change-me"
# Commands that sign nothing anyone relies on: `make run` runs the first two without
# THEODOI_DEBUG, before starting its debug-mode processes.
LOCAL_COMMANDS = {"migrate", "demo", "benchdata", "loadbodies", "loadholidays", "makemigrations"}


def development_key_allowed() -> bool:
    """Whether this process may sign with the public development key, when no
    ``SECRET_KEY`` is set: in debug mode (``make run``), under the test settings
    (``make test``, and the processes the tests start, which inherit the key) and for
    the local commands above. Anything else, a web server above all, refuses to start:
    with the public key anyone could forge a session or a password-reset link.
    ``THEODOI_REQUIRE_SECRET=1`` allows debug mode only."""
    if DEBUG:
        return True
    if env_flag("THEODOI_REQUIRE_SECRET"):
        return False
    if os.environ.get("DJANGO_SETTINGS_MODULE") == "theodoi.config.settings_test":
        os.environ["SECRET_KEY"] = DEVELOPMENT_KEY  # for the processes the tests start
        return True
    program = Path(sys.argv[0]).name if sys.argv else ""
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    return program in {"theodoi", "manage.py", "__main__.py"} and command in LOCAL_COMMANDS


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not development_key_allowed():
        raise ImproperlyConfigured(
            "SECRET_KEY chưa được đặt: theodoi không chạy bằng khóa phát triển công khai khi "
            "THEODOI_DEBUG tắt. Đặt SECRET_KEY (50 ký tự ngẫu nhiên, xem docs/deploy.md) "
            "hoặc THEODOI_DEBUG=1 trên máy phát triển."
        )
    SECRET_KEY = DEVELOPMENT_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "theodoi.core.views.csrf_failure"

THEODOI_DEMO = env_flag("THEODOI_DEMO")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "theodoi.core",
    "theodoi.bodies",
    "theodoi.accounts",
    "theodoi.plans",
    "theodoi.reporting",
    "theodoi.notify",
    "theodoi.documents",
    "theodoi.dashboard",
    "theodoi.pages",
    "theodoi.devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "theodoi.core.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "theodoi.core.middleware.ClientAddressMiddleware",
    "theodoi.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "theodoi.core.middleware.PrivacyHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "theodoi.config.urls"
WSGI_APPLICATION = "theodoi.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "theodoi.core.context_processors.navigation",
            ],
        },
    },
]


def database_config() -> dict:
    """PostgreSQL (or any) from DATABASE_URL; otherwise embedded SQLite in WAL mode.

    Both are set for the rush of the 25th (docs/deploy.md, "Giờ cao điểm" in
    docs/benchmarks.md): PostgreSQL through a pool of connections in each server
    process (``THEODOI_DB_POOL_SIZE``, at least the process's threads); SQLite with one
    connection kept per server thread, writers queued on the write lock (IMMEDIATE,
    20 s busy timeout) instead of failing with "database is locked".
    """
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=0, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.postgresql" and DB_POOL_SIZE:
            # Django's pool (psycopg_pool) replaces persistent connections (CONN_MAX_AGE 0).
            config.setdefault("OPTIONS", {})["pool"] = {
                "min_size": min(2, DB_POOL_SIZE),
                "max_size": DB_POOL_SIZE,
                "timeout": 20,  # a request waits that long for a free connection
            }
        else:
            config["CONN_MAX_AGE"] = CONN_MAX_AGE
        return config
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        # Django's backend with a gate: the writers of every process take turns
        # (``core/sqlite/base.py``).
        "ENGINE": "theodoi.core.sqlite",
        "NAME": VAR_DIR / "theodoi.sqlite3",
        # One connection per server thread, kept: opening one (and its pragmas) cost
        # more than the small request itself.
        "CONN_MAX_AGE": CONN_MAX_AGE,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets the web server read while the worker writes; IMMEDIATE takes the
            # write lock at BEGIN (no "database is locked" on a lock upgrade inside a
            # transaction); a writer waits up to ``timeout`` seconds for it.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA cache_size=-32000; PRAGMA temp_store=MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT,
        },
    }


# Seconds a database connection is kept for the next request of the same thread.
CONN_MAX_AGE = int(os.environ.get("THEODOI_CONN_MAX_AGE", "600"))
# Connections in each process's PostgreSQL pool; 0 turns the pool off.
DB_POOL_SIZE = int(os.environ.get("THEODOI_DB_POOL_SIZE", "16"))
SQLITE_BUSY_TIMEOUT = 20
DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: the django.tasks API (backport) on its database backend;
# `theodoi worker` runs the tasks, e-mail on a queue of its own.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "theodoi.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failures (django-axes): per user name and address.
AXES_FAILURE_LIMIT = int(os.environ.get("THEODOI_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("THEODOI_LOCKOUT_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# Failures count against the account, however its name or e-mail was typed.
AXES_USERNAME_CALLABLE = "theodoi.accounts.backends.lockout_username"

# Session timeout: an idle session ends after this many minutes.
SESSION_COOKIE_AGE = int(os.environ.get("THEODOI_SESSION_MINUTES", "60")) * 60
# An active session's end moves on at most every THEODOI_SESSION_REFRESH seconds
# (core/middleware.SessionRefreshMiddleware), not with a write on every request.
SESSION_SAVE_EVERY_REQUEST = False
THEODOI_SESSION_REFRESH = int(os.environ.get("THEODOI_SESSION_REFRESH", "300"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["theodoi.config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# E-mail: SMTP when EMAIL_HOST is set, else printed on the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "theodoi <no-reply@theodoi.local>")
# Links in e-mails point here: the address people open theodoi at.
# LibreOffice for the PDFs of official documents: a path, "" for none, unset: soffice on PATH.
THEODOI_SOFFICE = os.environ.get("THEODOI_SOFFICE")
THEODOI_BASE_URL = os.environ.get("THEODOI_BASE_URL", "http://127.0.0.1:8000")
# A worker holds a message it is sending this long; if it dies, another takes it after.
THEODOI_OUTBOX_LEASE_SECONDS = int(os.environ.get("THEODOI_OUTBOX_LEASE_SECONDS", "300"))
# An uploaded plan read for longer than this has lost its worker; the scheduler takes it back.
THEODOI_IMPORT_STALE_MINUTES = int(os.environ.get("THEODOI_IMPORT_STALE_MINUTES", "10"))
# An uploaded document is read in a child process of the worker with at most this much
# memory (beyond the worker's own) and wall time; over either, the upload fails with a
# message naming the limit.
THEODOI_PARSE_MEMORY_MB = int(os.environ.get("THEODOI_PARSE_MEMORY_MB", "640"))
THEODOI_PARSE_SECONDS = int(os.environ.get("THEODOI_PARSE_SECONDS", "25"))
# Finished background-task runs are deleted after this many days (theodoi/core/task_runs.py).
THEODOI_TASK_RUNS_KEEP_DAYS = int(os.environ.get("THEODOI_TASK_RUNS_KEEP_DAYS", "30"))
# The weekly digest to the office: weekday (0 = Monday) and hour.
THEODOI_DIGEST_WEEKDAY = int(os.environ.get("THEODOI_DIGEST_WEEKDAY", "0"))
THEODOI_DIGEST_TIME = os.environ.get("THEODOI_DIGEST_TIME", "07:30")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_flag("THEODOI_HTTPS")
CSRF_COOKIE_SECURE = env_flag("THEODOI_HTTPS")
# Behind the HTTPS proxy of docs/deploy.md (which sets X-Forwarded-Proto), a request is
# secure when the proxy says so: password-reset links then start with https://.
# Only with a proxy that overwrites the header, never when clients reach the server.
THEODOI_BEHIND_PROXY = env_flag("THEODOI_BEHIND_PROXY")
if THEODOI_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Under THEODOI_HTTPS the browser is told to come back over HTTPS only (a year by default)
# and a plain-http request is redirected. Behind a proxy, THEODOI_BEHIND_PROXY must be set
# too, or every request looks like http and is redirected again and again.
if env_flag("THEODOI_HTTPS"):
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("THEODOI_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading commits the whole registered domain (the province's, not theodoi's):
    # the province's decision, hence off unless asked and its check silenced.
    SECURE_HSTS_PRELOAD = env_flag("THEODOI_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Scripts only from this site's static files (no inline script, no eval: htmx's own
# eval is turned off in site.js); inline style attributes stay allowed — the templates
# still have some — and htmx's indicator style element needs them too.
THEODOI_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Request size, refused (413) from Content-Length before anything reads the body
# (theodoi/core/middleware.py): the largest file the site takes is 20 MB (a plan, a
# signed report), plus the form around it. The proxy's client_max_body_size matches it.
THEODOI_REQUEST_MAX_BYTES = int(os.environ.get("THEODOI_REQUEST_MAX_MB", "21")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # the form fields besides files (Django's default)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # a larger file goes to a temporary file

# The client's address behind the proxy (THEODOI_BEHIND_PROXY): the last address of
# X-Forwarded-For, the one the proxy itself saw (theodoi/core/proxy.py), for the
# lock-out and the logs. Without the proxy, the connection's address. django-ipware is
# not installed, so django-axes' AXES_IPWARE_* settings would not be read: the
# address is given to it by this function instead.
AXES_CLIENT_IP_CALLABLE = "theodoi.core.proxy.client_address"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_403": {"()": "theodoi.core.logs.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A refused page is an ordinary event: one line (who, what, why), not a traceback.
    "loggers": {"django.request": {"filters": ["one_line_403"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("THEODOI_LOG_LEVEL", "WARNING")},
}
