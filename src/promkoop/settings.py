"""Django settings, configured from the environment.

DATABASE_URL (default: SQLite file var/promkoop.sqlite3), PROMKOOP_DATA_DIR
(reference data, default: the repo's data/), PROMKOOP_VAR_DIR (runtime files),
SECRET_KEY, DEBUG, ALLOWED_HOSTS.
"""
import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("PROMKOOP_VAR_DIR", REPO_DIR / "var"))
DATA_DIR = Path(os.environ.get("PROMKOOP_DATA_DIR", REPO_DIR / "data"))


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a per-machine key kept in var/ (never in the repo)."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


DEBUG = _env_flag("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves Swagger UI from its own static files: /api/docs works offline
    "django_tasks",
    "django_tasks_db",
    "promkoop.background",
    "promkoop.accounts",
    "promkoop.registry",
    "promkoop.news",
    "promkoop.cooperation",
    "promkoop.events",
    "promkoop.deals",
    "promkoop.agreements",
    "promkoop.analytics",
    "promkoop.start",
    "promkoop.audit",
    "promkoop.web",
    "promkoop.demo",
    "csp",
    "axes",  # login throttling: lockout by user name and address, on the site and the admin alike
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "promkoop.audit.context.AuditContextMiddleware",  # writes are attributed to the user and page/API
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "promkoop.web.busy.BusyDatabaseMiddleware",  # a locked database: 503 with Retry-After, not 500
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out user before the password check
    "django.contrib.auth.backends.ModelBackend",
]
# After AXES_FAILURE_LIMIT wrong passwords for one user name from one address, that pair is locked out
# for AXES_COOLOFF_TIME hours (the right password included); a success resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("PROMKOOP_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("PROMKOOP_LOGIN_COOLOFF_HOURS", 0.25))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "promkoop.web.views.locked_out"
AXES_VERBOSE = False

ROOT_URLCONF = "promkoop.urls"
FORM_RENDERER = "promkoop.web.form_renderer.FormRenderer"  # select lists written without a template per option
# Where Django's admin is served; a deployment may move it off the well-known path.
ADMIN_PATH = os.environ.get("PROMKOOP_ADMIN_PATH", "admin/").strip("/") + "/"
WSGI_APPLICATION = "promkoop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "promkoop.web.context.user_role",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'promkoop.sqlite3'}"),
        # Connections kept for a minute: on PostgreSQL a new one per request costs a server process
        # started and a log-in (several ms on the same cores the pages need); checked before reuse.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No server-side cursors: a choice list's `.iterator()` would cost three round trips (and PgBouncer in
    # transaction mode, docs/scaling.md, does not keep them).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (the web server) and a writer (an import) work at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

# Background work (promkoop.background): Django's task API through the django-tasks backport.
# The database backend needs no other server; its worker is `promkoop db_worker` (make run
# starts one). A deployment that outgrows one machine points this at a real queue
# (docs/scaling.md); the task code stays the same.
TASKS = {"default": {"BACKEND": os.environ.get("PROMKOOP_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# A matching index with more rows than this is built by the background job, never in a request.
PROMKOOP_INLINE_INDEX_MAX = int(os.environ.get("PROMKOOP_INLINE_INDEX_MAX", 5000))

# Deals with no stage move in this many days are flagged stalled; their owner is reminded once
# per stall, in the app and by e-mail (`promkoop deals-stalled`, the "deals-stalled" job).
PROMKOOP_DEALS_STALLED_DAYS = int(os.environ.get("PROMKOOP_DEALS_STALLED_DAYS", 30))
# Absolute links in e-mails (the site as its users reach it).
PROMKOOP_SITE_URL = os.environ.get("PROMKOOP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Mail goes to the console unless a deployment sets a real backend (and its EMAIL_HOST etc.).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "promkoop@localhost")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "start:start"  # the role's start page: an officer's region, a member's company
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Served from the apps by WhiteNoise; set STATIC_ROOT to run collectstatic for a front server.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: imports are refused above this size with a message, not a crash.
PROMKOOP_MAX_UPLOAD_BYTES = int(os.environ.get("PROMKOOP_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
# A capability search export with more rows than this is written by the background worker, with progress.
PROMKOOP_EXPORT_INLINE_ROWS = int(os.environ.get("PROMKOOP_EXPORT_INLINE_ROWS", 2000))
# An import file larger than this is imported by the background worker, with progress.
PROMKOOP_IMPORT_INLINE_BYTES = int(os.environ.get("PROMKOOP_IMPORT_INLINE_BYTES", 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG and _env_flag("PROMKOOP_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Browsers keep to HTTPS for a year once they have seen the site over it; plain HTTP is redirected.
    SECURE_HSTS_SECONDS = int(os.environ.get("PROMKOOP_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("PROMKOOP_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_flag("PROMKOOP_HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = _env_flag("PROMKOOP_SSL_REDIRECT", True)
    if _env_flag("PROMKOOP_BEHIND_PROXY", False):  # TLS ends at a reverse proxy that says so in a header
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts only from the app's own static files — no inline
# scripts, no CDN (HTMX, ECharts, Swagger UI are served by the app); styles from the app's files, and
# inline style too (HTMX's indicator and ECharts' tooltips set it); nothing may frame the site.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Analytics: how long the figures of a page (period + region + viewer class) are kept in the
# cache (Django's default local-memory cache unless CACHES says otherwise); 0 turns caching off.
ANALYTICS_CACHE_SECONDS = int(os.environ.get("ANALYTICS_CACHE_SECONDS", 300))
