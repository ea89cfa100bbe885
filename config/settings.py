"""Settings for the community volunteer service platform.

Everything that differs between machines comes from environment variables, read through
the helpers below, which refuse values they do not understand instead of guessing.
With nothing configured the project runs on SQLite with Celery tasks executed eagerly,
so `make run` shows the whole product with no other service installed.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -----------------------------------------------------------------------------
DEBUG = envbool("DEBUG", "1")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = "django-insecure-dev-only-key-do-not-use-in-production-0123456789"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "django_htmx",
    # The domain, lowest layer first: each app imports only the ones above it.
    "accounts",
    "community",
    "notifications",
    "members",
    "volunteers",
    "activities",
    "casework",
    "reports",
    "web",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# DATABASE_URL switches to PostgreSQL (postgres://user:pass@host:5432/name).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and an eager task share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.UsernameOrPhoneBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
# Web logins: after this many wrong passwords from one address for one name, wait the window out.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "10")
LOGIN_FAILURE_WINDOW_SECONDS = envint("LOGIN_FAILURE_WINDOW_SECONDS", "900")
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Serve straight from static/ when nothing was collected (development, tests).
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security (production values when DEBUG=0) --------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logging: never personal data, see DESIGN.md §6 -----------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# --- Email ---------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@volunteer.local")

# --- Celery --------------------------------------------------------------------------------
# Without REDIS_URL every task runs eagerly in the web process (the embedded default).
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # a hostname keeps kombu from warning on each eager call
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis hands an unacknowledged message to another worker after this long; it must exceed the
# longest retry countdown (1 h) or a waiting retry would be delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600}
CELERY_TASK_DEFAULT_QUEUE = "default"
# Three queues (`make worker` listens on all): sending must not wait behind statistics.
CELERY_TASK_ROUTES = {
    "notifications.tasks.*": {"queue": "notifications"},
    "reports.tasks.*": {"queue": "stats"},
    "volunteers.tasks.*": {"queue": "stats"},
}
# A task that hangs (a stuck SMTP server) is killed rather than holding a worker forever.
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", "600")
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60

# --- Notifications and reminders ------------------------------------------------------------
# Channels beyond the in-app inbox, in order: "email" (Django's email backend), "webhook"
# (a WeChat Work group robot), or the dotted path of a notifications.channels.Channel subclass.
NOTIFICATION_CHANNELS = envlist("NOTIFICATION_CHANNELS", "email")
for _channel in NOTIFICATION_CHANNELS:
    if _channel not in {"email", "webhook"} and "." not in _channel:
        raise ImproperlyConfigured(
            f"NOTIFICATION_CHANNELS: unknown channel {_channel!r} (email, webhook or a dotted path)"
        )
# https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...; the webhook channel is idle without it.
WECHAT_WORK_WEBHOOK_URL = env("WECHAT_WORK_WEBHOOK_URL")
NOTIFICATION_WEBHOOK_TIMEOUT = envint("NOTIFICATION_WEBHOOK_TIMEOUT", "10")
# A channel that fails is retried with exponential backoff (1 min, 2, 4 ... at most 1 h).
NOTIFICATION_MAX_RETRIES = envint("NOTIFICATION_MAX_RETRIES", "6")
# The list of members not yet contacted goes out weekly during the last weeks of a quarter.
CONTACT_REMINDER_WEEKS_BEFORE_QUARTER_END = envint("CONTACT_REMINDER_WEEKS_BEFORE_QUARTER_END", "3")
# Festival visit lists are sent this many days before the festival.
FESTIVAL_VISIT_DAYS_BEFORE = envint("FESTIVAL_VISIT_DAYS_BEFORE", "7")
# Recurring series keep this many weeks of occurrences generated ahead.
SERIES_GENERATE_WEEKS = envint("SERIES_GENERATE_WEEKS", "8")
for _name in (
    "NOTIFICATION_WEBHOOK_TIMEOUT",
    "NOTIFICATION_MAX_RETRIES",
    "CONTACT_REMINDER_WEEKS_BEFORE_QUARTER_END",
    "FESTIVAL_VISIT_DAYS_BEFORE",
    "SERIES_GENERATE_WEEKS",
):
    if globals()[_name] < 0:
        raise ImproperlyConfigured(f"{_name} must not be negative")

# --- Product rules that differ between local schemes -------------------------------------------
# Cumulative confirmed hours for one to five stars (national rules by default).
VOLUNTEER_STAR_THRESHOLDS = [int(h) for h in envlist("VOLUNTEER_STAR_THRESHOLDS", "100,300,600,1000,1500")]
if VOLUNTEER_STAR_THRESHOLDS != sorted(VOLUNTEER_STAR_THRESHOLDS):
    raise ImproperlyConfigured("VOLUNTEER_STAR_THRESHOLDS must be increasing")
# Hours are rounded to this step (in minutes) when confirmed: 30 gives half hours.
VOLUNTEER_HOURS_ROUNDING_MINUTES = envint("VOLUNTEER_HOURS_ROUNDING_MINUTES", "30")
ACTIVITY_REMINDER_HOURS = envint("ACTIVITY_REMINDER_HOURS", "24")
# Sign-ups can be cancelled until this many hours before the start.
SIGNUP_CANCEL_CUTOFF_HOURS = envint("SIGNUP_CANCEL_CUTOFF_HOURS", "2")
ELDERLY_BIRTHDAY_AGE = envint("ELDERLY_BIRTHDAY_AGE", "80")

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a request without credentials then gets 401 with "WWW-Authenticate: Token".
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # drf-spectacular's AutoSchema plus the error responses every endpoint can give.
    "DEFAULT_SCHEMA_CLASS": "community.api.base.ApiAutoSchema",
    # One error shape across the API: {"error": {"code", "message", "fields"}}.
    "EXCEPTION_HANDLER": "community.api.base.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", "120/min"),
        "user": env("THROTTLE_USER", "2000/min"),
        "login": env("THROTTLE_LOGIN", "10/min"),
    },
    # How many reverse proxies put their address into X-Forwarded-For. Unset, DRF would key
    # throttles on the whole header, which any client writes: a new value per request would
    # slip past the login throttle. 0 = the connection's own address; behind one proxy, 1.
    "NUM_PROXIES": envint("TRUSTED_PROXY_COUNT", "0"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "社区志愿服务平台 API",
    "DESCRIPTION": "Community volunteer service platform API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status", "kind" or "role" with different choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "UserRoleEnum": "community.scoping.Role",
        "SiteKindEnum": "community.models.Site.Kind",
        "MemberStatusEnum": "members.models.PersonStatus",
        "PartyPostRoleEnum": "members.models.PartyPost.Role",
        "CareArchiveStatusEnum": "members.models.CareArchive.Status",
        "PairKindEnum": "members.models.Pair.Kind",
        "StudioKindEnum": "members.models.Studio.Kind",
        "VolunteerStatusEnum": "volunteers.models.Volunteer.Status",
        "TeamMembershipRoleEnum": "volunteers.models.TeamMembership.Role",
        "ActivityStatusEnum": "activities.models.Activity.Status",
        "SignUpStatusEnum": "activities.models.SignUp.Status",
        "ServiceRecordStatusEnum": "activities.models.ServiceRecord.Status",
        "ResidentRequestKindEnum": "casework.models.ResidentRequest.Kind",
        "ResidentRequestStatusEnum": "casework.models.ResidentRequest.Status",
        "MediationCaseKindEnum": "casework.models.MediationCase.Kind",
        "MediationCaseStatusEnum": "casework.models.MediationCase.Status",
        "NotificationKindEnum": "notifications.models.Notification.Kind",
    },
}
