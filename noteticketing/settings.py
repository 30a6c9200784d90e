"""Settings, all read from the environment, with embedded defaults.

With no environment at all the service runs on a SQLite file, Django's database
cache and kombu's filesystem broker under ``var/``; production sets
``DATABASE_URL`` and ``REDIS_URL``.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from noteticketing.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_redis_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NOTETICKETING_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-change-me-" + "x" * 20)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
# X-Forwarded-For is believed only when the direct peer is one of these proxies.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_ratelimit",
    "noteticketing.api",
    "guilds",
    "actionitems",
    "sweeps",
    "audit",
    "webhooks",
    "bot",
]

MIDDLEWARE = [
    "noteticketing.api.middleware.RequestIdMiddleware",
    "noteticketing.api.middleware.BodySizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "noteticketing.api.middleware.ApiKeyMiddleware",
]

ROOT_URLCONF = "noteticketing.urls"
WSGI_APPLICATION = "noteticketing.wsgi.application"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

DATABASES = {"default": env_database("DATABASE_URL", str(VAR_DIR / "noteticketing.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "noteticketing.cache.PooledRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "nt",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "noteticketing_cache",
        }
    }
    # The embedded database cache increments non-atomically; it serves a single
    # local process well enough, and production runs on Redis.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003"]

# Django's Redis cache (ours subclasses it) increments atomically; django-ratelimit does not
# list it.
SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "django_ratelimit.W001"]
RATELIMIT_USE_CACHE = "default"
RATELIMIT_TIERS = {
    "standard": env_int("RATELIMIT_STANDARD_PER_HOUR", 1_000, minimum=1),
    "premium": env_int("RATELIMIT_PREMIUM_PER_HOUR", 10_000, minimum=1),
    "enterprise": env_int("RATELIMIT_ENTERPRISE_PER_HOUR", 100_000, minimum=1),
}
# The fixed window the tier limits count in; tests shorten it to provoke a 429 they can wait out.
RATELIMIT_WINDOW_SECONDS = env_int("RATELIMIT_WINDOW_SECONDS", 3600, minimum=1)
# Failed authentications allowed per client address and window, so keys cannot be guessed.
AUTH_FAILURES_PER_WINDOW = env_int("AUTH_FAILURES_PER_WINDOW", 30, minimum=1)
AUTH_FAILURE_WINDOW_SECONDS = 300
# The largest request body the API reads; a bigger Content-Length is a 413 before a byte is read.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["noteticketing.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["noteticketing.api.parsers.JsonParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "noteticketing.api.errors.api_exception_handler",
    "DATETIME_FORMAT": "%Y-%m-%dT%H:%M:%SZ",
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "noteticketing.api.negotiation.AlwaysJson",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "NoteTicketing API",
    "DESCRIPTION": "Action items found in your Discord conversations, as a REST API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVERS": [{"url": "/v1"}],
    "ENUM_NAME_OVERRIDES": {
        "WebhookEventEnum": "webhooks.models.Event",
        "WebhookDeliveryStatusEnum": "webhooks.models.WebhookDelivery.Status",
    },
    "SCHEMA_PATH_PREFIX": "/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "COMPONENT_SPLIT_REQUEST": True,
    "APPEND_COMPONENTS": {
        "securitySchemes": {"ApiKey": {"type": "http", "scheme": "bearer"}},
    },
    "SECURITY": [{"ApiKey": []}],
    "AUTHENTICATION_WHITELIST": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "noteticketing.api.schema.add_shared_parts",
    ],
}

CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {}
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    "dispatch-due-sweeps": {
        "task": "sweeps.dispatch_due_sweeps",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
    "retry-due-webhooks": {
        "task": "webhooks.retry_due_deliveries",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

DISCORD_TOKEN = env_str("DISCORD_TOKEN")
DISCORD_API_BASE = env_str("DISCORD_API_BASE", "https://discord.com/api/v10")
DISCORD_GATEWAY_URL = env_str("DISCORD_GATEWAY_URL")
DISCORD_DEV_GUILD_ID = env_str("DISCORD_DEV_GUILD_ID")
EXTRACTOR = env_choice("EXTRACTOR", ["rules", "llm"], "rules")
LLM_BASE_URL = env_str("LLM_BASE_URL", "http://127.0.0.1:11434/v1")
LLM_MODEL = env_str("LLM_MODEL", "")
LLM_API_KEY = env_str("LLM_API_KEY", "")
LLM_TIMEOUT_SECONDS = env_int("LLM_TIMEOUT_SECONDS", 20, minimum=1)
if EXTRACTOR == "llm" and not LLM_MODEL:
    raise ImproperlyConfigured("EXTRACTOR=llm needs LLM_MODEL (and LLM_BASE_URL, LLM_API_KEY).")
DISCORD_TIMEOUT_SECONDS = env_int("DISCORD_TIMEOUT_SECONDS", 15, minimum=1)
# How long a sweep may run before the worker gives up on it (and it is marked failed).
SWEEP_TIME_LIMIT_SECONDS = env_int("SWEEP_TIME_LIMIT_SECONDS", 1800, minimum=60)
# A queued sweep not started, or a running one silent, for this long is enqueued again.
SWEEP_STALL_SECONDS = env_int("SWEEP_STALL_SECONDS", 600, minimum=1)
# Webhooks: loopback receivers (http://127.0.0.1) for tests and local demos only.
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", False)
WEBHOOK_CONNECT_TIMEOUT_SECONDS = env_int("WEBHOOK_CONNECT_TIMEOUT_SECONDS", 5, minimum=1)
# The whole attempt: connecting, sending, and reading the (capped) answer.
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 15, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
