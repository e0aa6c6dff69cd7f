"""Settings shared by every environment, driven by environment variables.

The overlays (dev, test, production) only change what differs. Nothing here holds domain logic.
"""

import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# SECTION: core

# The development key is public: production.py refuses to start with it.
DEVELOPMENT_SECRET_KEY = "django-insecure-innotourclust-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# SECTION: apps

INSTALLED_APPS = [
    "home",
    "marketplace",
    "itineraries",
    "django_htmx",
    "cluster",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

# SECTION: database
# DATABASE_URL defaults to SQLite in the project directory. An empty DATABASE_URL counts as unset.

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every transaction takes SQLite's write lock when it begins (BEGIN IMMEDIATE): two
    # buyers of the last place queue up instead of both reading "one left". Write-ahead
    # logging lets pages be read while a write runs, and a commit waits for one sync, not two.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20,
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"})

# SECTION: cache and tasks
# REDIS_URL, when set, becomes the cache and the Celery broker; otherwise a local-memory cache
# and tasks that run eagerly in the calling process.

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            "KEY_PREFIX": "innotourclust",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Rome"
# Periodic tasks are declared by the apps that own them.
# Periodic tasks. Crontab times are read in CELERY_TIMEZONE: on the night clocks go forward
# 02:30 does not exist and on the night they go back it happens twice; the slot sync is
# idempotent, so a shifted or repeated run is harmless.
CELERY_BEAT_SCHEDULE = {
    "marketplace-materialise-all-slots": {
        "task": "marketplace.tasks.materialise_all_slots",
        "schedule": crontab(hour=2, minute=30),
    },
    "marketplace-expire-holds": {"task": "marketplace.tasks.expire_holds", "schedule": 60.0},
    "marketplace-expire-requests": {
        "task": "marketplace.tasks.expire_requests",
        "schedule": crontab(minute="*/5"),
    },
    "marketplace-complete-bookings": {
        "task": "marketplace.tasks.complete_bookings",
        "schedule": crontab(minute=7),
    },
}
CELERY_TASK_ACKS_LATE = True

# SECTION: authentication

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# SECTION: languages and time
# Italian first (the default), then English, Albanian and Montenegrin in Latin script.

LANGUAGE_CODE = "it"
LANGUAGES = [
    ("it", "Italiano"),
    ("en", "English"),
    ("sq", "Shqip"),
    ("sr-latn", "Crnogorski"),
]
LOCALE_PATHS = [BASE_DIR / "site" / "locale"]
USE_I18N = True
USE_TZ = True
# All three countries share CET/CEST: store aware datetimes, show local time.
TIME_ZONE = "Europe/Rome"

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# SECTION: static and media

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# SECTION: email

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Innotourclust <noreply@localhost>")

# SECTION: bookings and payments
# Amounts are integer cents. With no STRIPE_SECRET_KEY the site talks to a localstripe server
# on 127.0.0.1 (`make run` starts one); production sets the keys of a Stripe account.

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")  # links in emails
BOOKING_HOLD_MINUTES = int(os.environ.get("BOOKING_HOLD_MINUTES", "15"))
BOOKING_REQUEST_HOURS = int(os.environ.get("BOOKING_REQUEST_HOURS", "48"))
CLUSTER_COMMISSION_PCT = Decimal(os.environ.get("CLUSTER_COMMISSION_PCT", "12"))
LOCALSTRIPE_URL = os.environ.get("LOCALSTRIPE_URL", "http://127.0.0.1:8420")
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "pk_test_localstripe")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "whsec_localstripe")
# Stripe's API and Stripe.js: the real ones with a key, else localstripe's.
STRIPE_API_BASE = "" if STRIPE_SECRET_KEY else LOCALSTRIPE_URL
STRIPE_JS_URL = ("https://js.stripe.com/v3/" if STRIPE_SECRET_KEY
                 else f"{LOCALSTRIPE_URL}/js.stripe.com/v3/")
if not STRIPE_SECRET_KEY:
    STRIPE_SECRET_KEY = "sk_test_localstripe"
# Without Stripe Connect (localstripe has none), payout runs may pay Italian suppliers through
# a local simulator that moves no money (dev.py turns it on when there is no Stripe account).
CONNECT_SIMULATOR = env_bool("CONNECT_SIMULATOR", False)
# The cluster's own account, the debtor of the SEPA payout file.
SEPA_DEBTOR = {
    "name": os.environ.get("SEPA_DEBTOR_NAME", "Innotourclust"),
    "iban": os.environ.get("SEPA_DEBTOR_IBAN", "IT60X0542811101000000123456"),
    "bic": os.environ.get("SEPA_DEBTOR_BIC", "BPMOIT22XXX"),
}

# SECTION: wagtail

WAGTAIL_SITE_NAME = "Innotourclust"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# SECTION: money
# Units of a currency per euro, for comparing prices in search (never for settlement).

EXCHANGE_RATES_PER_EUR = {"ALL": Decimal(os.environ.get("RATE_ALL_PER_EUR", "98"))}

# SECTION: maps
# Tiles are fetched by the visitor's browser; Leaflet itself is vendored under site/static.

MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors"
)

# SECTION: REST API

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "marketplace.catalogue.api.schema.ApiSchema",
    # One error body for every API error, domain errors included.
    "EXCEPTION_HANDLER": "marketplace.catalogue.api.exceptions.exception_handler",
    # Anonymous reads are throttled per client address; operators authenticate with a token.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/min"),
        "user": os.environ.get("API_USER_RATE", "1200/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Innotourclust API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "Read-only access to the experiences, providers and sectors of the Innotourclust "
        "marketplace (Puglia, Molise, Albania, Montenegro), with the same filters as the "
        "experience search page. Choose the language with `?lang=` or Accept-Language "
        "(default `it`). Money is a decimal string with its currency. Anonymous reads are "
        "throttled (429 with `Retry-After`); operators authenticate with "
        "`Authorization: Token <key>`. Every error has the same body: `detail` (for a "
        "person), `code` (for a program) and `errors` (messages by parameter)."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    # Only the public API is documented (Wagtail's admin endpoints are internal).
    "PREPROCESSING_HOOKS": ["marketplace.catalogue.api.schema.public_endpoints"],
    # The docs page is served without a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# SECTION: logging

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Background-task and page-action chatter stays out of the console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
    },
}
