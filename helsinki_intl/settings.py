"""Settings for the international activities portal.

Everything that differs between machines comes from the environment (or an optional,
never committed `.env` file). With no environment at all the portal runs on the embedded
defaults: SQLite under `data/`, Celery tasks run eagerly, e-mail printed to the console.
"""

import logging
import tomllib
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from helsinki_intl.error_reports import start_error_reports
from helsinki_intl.organisation import roles

BASE_DIR = Path(__file__).resolve().parent.parent
PORTAL_VERSION = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]["version"]
DATA_DIR = BASE_DIR / "data"

env = environ.Env(
    DJANGO_DEBUG=(bool, False),
    SECRET_KEY=(str, ""),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{DATA_DIR / 'portal.sqlite3'}"),
    CACHE_URL=(str, "locmemcache://"),
    CELERY_BROKER_URL=(str, ""),
    CELERY_RESULT_BACKEND=(str, ""),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "international-portal@localhost"),
    TIME_ZONE=(str, "Europe/Helsinki"),
    SECURE_SSL_REDIRECT=(bool, True),
    SECURE_COOKIES=(bool, True),
    SECURE_HSTS_SECONDS=(int, 31_536_000),
    STATIC_ROOT=(str, str(BASE_DIR / "staticfiles")),
    LOG_LEVEL=(str, "INFO"),
    LOG_FORMAT=(str, "plain"),
    SENTRY_DSN=(str, ""),
    SENTRY_ENVIRONMENT=(str, "production"),
    SENTRY_RELEASE=(str, ""),
    SENTRY_TRACES_SAMPLE_RATE=(float, 0.0),
    PORTAL_BASE_URL=(str, "http://127.0.0.1:8000"),
    TRUSTED_PROXY_COUNT=(int, 0),
    AXES_FAILURE_LIMIT=(int, 5),
    AXES_COOLOFF_MINUTES=(int, 15),
    SESSION_IDLE_MINUTES=(int, 30),
    SESSION_MAX_HOURS=(int, 12),
    IMPORT_MAX_UPLOAD_BYTES=(int, 5 * 1024 * 1024),
    DOCUMENTS_MAX_UPLOAD_BYTES=(int, 20 * 1024 * 1024),
    MEDIA_ROOT=(str, str(DATA_DIR / "media")),
    DOCUMENTS_S3_BUCKET=(str, ""),
    DOCUMENTS_S3_ENDPOINT_URL=(str, ""),
    DOCUMENTS_S3_REGION=(str, ""),
    DOCUMENTS_S3_ACCESS_KEY_ID=(str, ""),
    DOCUMENTS_S3_SECRET_ACCESS_KEY=(str, ""),
    OIDC_ISSUER=(str, ""),
    OIDC_CLIENT_ID=(str, ""),
    OIDC_CLIENT_SECRET=(str, ""),
    OIDC_SCOPES=(str, "openid profile email"),
    OIDC_GROUPS_CLAIM=(str, "groups"),
    OIDC_UNIT_GROUP_PREFIX=(str, "unit:"),
    OIDC_ROLE_GROUPS=(dict, {}),
    OIDC_USERNAME_CLAIM=(str, "preferred_username"),
    OIDC_SIGN_ALGORITHMS=(list, ["RS256"]),
    OIDC_END_SESSION_ENDPOINT=(str, ""),
    BENCHMARK_MODE=(bool, False),
    API_TOKEN_RATE=(str, "1200/hour"),
    API_ADDRESS_RATE=(str, "3600/hour"),
    API_REFUSED_TOKEN_RATE=(str, "60/hour"),
)
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env("DJANGO_DEBUG")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DJANGO_DEBUG=1 for local development only)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # nosec B105 # only with DEBUG on

ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
PORTAL_BASE_URL = env("PORTAL_BASE_URL")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    # Before import_export, so that `manage.py export` is the portal's list export.
    "helsinki_intl.records",
    "import_export",
    "simple_history",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "helsinki_intl.accounts",
    "helsinki_intl.organisation",
    "helsinki_intl.strategy",
    "helsinki_intl.links",
    "networks",
    "partnerships",
    "eu_projects",
    "events",
    "activities",
    "helsinki_intl.coordination",
    "helsinki_intl.outbox",
    "helsinki_intl.documents",
    "helsinki_intl.journal",
    "helsinki_intl.notifications",
    "helsinki_intl.saved_views",
    "helsinki_intl.demo",
    "rest_framework",
    "drf_spectacular",
    "helsinki_intl.api",
]

MIDDLEWARE = [
    # First, so that every log line of the request, and every response, carries its id.
    "helsinki_intl.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, letting forms post to the single sign-on provider when it is on.
    "helsinki_intl.accounts.oidc_csp.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "helsinki_intl.accounts.sessions.SessionLimitsMiddleware",
    "helsinki_intl.accounts.private_responses.PrivateResponsesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the sign-in attempts of every view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "helsinki_intl.urls"
WSGI_APPLICATION = "helsinki_intl.wsgi.application"

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
                "helsinki_intl.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", 60 if not DEBUG else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query whose estimated cost passes `jit_above_cost`; for the portal's
    # short queries the compiling costs more than it saves (a second more for the quarterly
    # summary at twice the benchmark's data). Options given in DATABASE_URL take precedence.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Figures computed from the registers are cached (helsinki_intl.records.data_version). With
# several processes, as under gunicorn, the cache must be shared (rediscache://host:6379/1) so
# that a change made through one process is seen at once through the others.
CACHES = {"default": env.cache_url("CACHE_URL")}

AUTH_USER_MODEL = "organisation.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out sign-ins before any password is checked.
    "helsinki_intl.accounts.throttling.SignInThrottleBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's password backend, loading the user with their units and groups in one query.
    "helsinki_intl.accounts.backends.PortalModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signed-out"

# Sign-in throttling (django-axes): a user name is locked from one address at a time, for a
# while, so that nobody can lock a colleague out for good.
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env("AXES_COOLOFF_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "helsinki_intl.accounts.throttling.lockout_response"
# How many proxies in front of the portal append to X-Forwarded-For; 0: use the peer's address.
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT")
AXES_CLIENT_IP_CALLABLE = "helsinki_intl.accounts.throttling.client_address"

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS in all
# (helsinki_intl.accounts.sessions); the cookie expires with them.
SESSION_IDLE_MINUTES = env("SESSION_IDLE_MINUTES")
SESSION_MAX_HOURS = env("SESSION_MAX_HOURS")
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600

# The largest spreadsheet the imports accept; the content is checked before it is parsed.
IMPORT_MAX_UPLOAD_BYTES = env("IMPORT_MAX_UPLOAD_BYTES")

# Documents attached to records (helsinki_intl.documents): the largest file kept; its content is
# judged before it is stored.
DOCUMENTS_MAX_UPLOAD_BYTES = env("DOCUMENTS_MAX_UPLOAD_BYTES")

# A file larger than any form accepts is counted, not stored (helsinki_intl.uploads).
FILE_UPLOAD_MAX_BYTES = max(IMPORT_MAX_UPLOAD_BYTES, DOCUMENTS_MAX_UPLOAD_BYTES)
FILE_UPLOAD_HANDLERS = [
    "helsinki_intl.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Single sign-on with OpenID Connect (helsinki_intl.accounts.oidc): on only when the issuer and
# the client are set. The endpoints come from the issuer's discovery document.
OIDC_ISSUER = env("OIDC_ISSUER")
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET")
OIDC_ENABLED = bool(OIDC_ISSUER and OIDC_RP_CLIENT_ID)
OIDC_RP_SCOPES = env("OIDC_SCOPES")
# The algorithms an ID or logout token may be signed with. An HMAC one (HS256) means the client
# secret signs the tokens: only when the provider is configured so, never by a token's own say.
OIDC_SIGN_ALGORITHMS = env("OIDC_SIGN_ALGORITHMS")
OIDC_USE_PKCE = True
# The ID token is kept in the session: signing out sends it back to the provider as a hint.
OIDC_STORE_ID_TOKEN = True
# Where signing out ends the provider's session; empty: the discovery's `end_session_endpoint`.
OIDC_END_SESSION_ENDPOINT = env("OIDC_END_SESSION_ENDPOINT")
# The claim the user name is taken from (`preferred_username` or `email`); the subject (`sub`)
# stays the key that finds the person's account.
OIDC_USERNAME_CLAIM = env("OIDC_USERNAME_CLAIM")
OIDC_TIMEOUT = 10
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM")
OIDC_UNIT_GROUP_PREFIX = env("OIDC_UNIT_GROUP_PREFIX")
# The provider's group → the portal role (a Django group in organisation.roles).
OIDC_ROLE_GROUPS = env("OIDC_ROLE_GROUPS")
if OIDC_ENABLED:
    if not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured("OIDC_CLIENT_SECRET is not set: single sign-on needs the client's secret.")
    if unknown_roles := set(OIDC_ROLE_GROUPS.values()) - set(roles.ALL):
        raise ImproperlyConfigured(
            f"OIDC_ROLE_GROUPS names unknown roles {sorted(unknown_roles)}; the roles are {list(roles.ALL)}."
        )
    known_algorithms = {f"{family}{bits}" for family in ("RS", "PS", "ES") for bits in (256, 384, 512)}
    known_algorithms.add("HS256")
    if not OIDC_SIGN_ALGORITHMS or set(OIDC_SIGN_ALGORITHMS) - known_algorithms:
        raise ImproperlyConfigured(
            f"OIDC_SIGN_ALGORITHMS is {OIDC_SIGN_ALGORITHMS}; name one or more of {sorted(known_algorithms)}."
        )
    AUTHENTICATION_BACKENDS.append("helsinki_intl.accounts.oidc.PortalOIDCBackend")

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["helsinki_intl.formats"]
TIME_ZONE = env("TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The Helsinki Design System's styles and htmx come from npm (`npm ci`, run by `make install` and
# the image build); only their distribution folders are served, under their own prefixes.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("hds", NODE_MODULES / "hds-core" / "lib"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STATIC_ROOT = env("STATIC_ROOT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # With DEBUG off, hashed names from collectstatic's manifest, cached for good by browsers;
    # without the manifest (collectstatic not run) the files keep their names.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEBUG
        else "helsinki_intl.static_files.HashedStaticFilesStorage"
    },
}
# Uploaded files (the records' documents) live under MEDIA_ROOT, or in an S3-compatible bucket when
# DOCUMENTS_S3_BUCKET is set. They are never served from there: only through the documents'
# download view, which asks whether the reader may read the record, so no MEDIA_URL is set.
MEDIA_ROOT = env("MEDIA_ROOT")
if env("DOCUMENTS_S3_BUCKET"):
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("DOCUMENTS_S3_BUCKET"),
            "endpoint_url": env("DOCUMENTS_S3_ENDPOINT_URL") or None,
            "region_name": env("DOCUMENTS_S3_REGION") or None,
            "access_key": env("DOCUMENTS_S3_ACCESS_KEY_ID") or None,
            "secret_key": env("DOCUMENTS_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            # Should the bucket ever be reached directly, its objects download, never open.
            "object_parameters": {"ContentDisposition": "attachment"},
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
# Files served at the site's root rather than under STATIC_URL: /favicon.ico.
WHITENOISE_ROOT = BASE_DIR / "webroot"
# Tests and a hand-started server find static files without collectstatic.
WHITENOISE_USE_FINDERS = True

_email = env.email_url("EMAIL_URL")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no broker configured, tasks run in the calling process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# With late acknowledgement, a task running when the broker connection drops cannot be acked;
# cancel it so that it is redelivered (every task is safe to run twice).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # Times are in CELERY_TIMEZONE (the portal's time zone, Europe/Helsinki).
    "send-reminders": {"task": "coordination.send_reminders", "schedule": crontab(hour=7, minute=0)},
    "retry-reminders": {"task": "coordination.retry_reminders", "schedule": crontab(minute="*/15")},
    # Each commit that records events starts a dispatch; this one catches any start that was lost.
    "dispatch-notifications": {"task": "notifications.dispatch", "schedule": crontab(minute="*")},
    "send-digests": {"task": "notifications.send_digests", "schedule": crontab(hour=7, minute=30)},
    "retry-notification-emails": {
        "task": "notifications.retry_emails",
        "schedule": crontab(minute="7-59/15"),
    },
}

# Security when DEBUG is off; `manage.py check --deploy` stays clean.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Everything the portal and the admin load comes from the portal itself; no inline script
# runs but the one handler allowed by its hash below. Inline styles stay blocked too: the only
# ones are cosmetic (a border and a bold label in the admin's history and export pages).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        # The design system's icons are SVG data URIs in its stylesheet.
        "img-src": [csp.SELF, "data:"],
        # A template that needs an inline script gives it nonce="{{ request.csp_nonce }}".
        "script-src": [csp.SELF, csp.NONCE],
        # django-import-export's "Select all" box on the admin's export page:
        # onchange="onSelectToggleChange(event)".
        "script-src-attr": [csp.UNSAFE_HASHES, "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='"],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
    },
}
if not DEBUG:
    SESSION_COOKIE_SECURE = env("SECURE_COOKIES")
    CSRF_COOKIE_SECURE = env("SECURE_COOKIES")
    SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
    # Only a proxy's word: a client reaching the portal directly could claim HTTPS itself.
    if TRUSTED_PROXY_COUNT:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The health checks are polled over plain HTTP inside the deployment network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Log lines go to standard error: plain text (for `make run`), or with LOG_FORMAT=json one JSON
# object a line with the request's id, user id and path and the audit events' facts as fields.
LOG_FORMAT = env("LOG_FORMAT")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT is {LOG_FORMAT!r}; it is either plain or json.")
if LOG_FORMAT == "json":
    # Python's warnings become log lines (logger py.warnings) too: every line of the process is JSON.
    logging.captureWarnings(True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "helsinki_intl.logs.RequestContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "helsinki_intl.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Sign-ins, failures and lockouts are logged whatever LOG_LEVEL says.
        "helsinki_intl.audit": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}

# Error reports to Sentry only when SENTRY_DSN is set (helsinki_intl.error_reports); the release
# is the portal's version unless the deployment names it (a git commit, an image tag).
SENTRY_ENABLED = start_error_reports(
    dsn=env("SENTRY_DSN"),
    environment=env("SENTRY_ENVIRONMENT"),
    release=env("SENTRY_RELEASE") or f"helsinki-intl@{PORTAL_VERSION}",
    traces_sample_rate=env("SENTRY_TRACES_SAMPLE_RATE"),
)

# Import and export (django-import-export)
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

PAGINATE_BY = 25

# The read-only API (helsinki_intl.api): personal tokens or the browser's session; each token and
# each address has its rate, and an address its refused tokens, counted in the default cache
# (Redis in production).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "helsinki_intl.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["helsinki_intl.api.permissions.MayReadTheList"],
    "DEFAULT_THROTTLE_CLASSES": [
        "helsinki_intl.api.throttling.TokenRateThrottle",
        "helsinki_intl.api.throttling.AddressRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "api-token": env("API_TOKEN_RATE"),
        "api-address": env("API_ADDRESS_RATE"),
        "api-refused-token": env("API_REFUSED_TOKEN_RATE"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "International activities portal API",
    "DESCRIPTION": (
        "The City of Helsinki's registers of international activities, read only. "
        "Send a personal API token as `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # A field the reader may not see (a responsible person) is left out, not written empty.
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The registers' filters that compute their choices leave the schema guessing their type
    # (a string): a warning for the schema's tests, not for `manage.py check --deploy`.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

# Only `make bench` turns this on: it serves the benchmark's floor, a hello-world page behind
# every middleware (helsinki_intl.benchmark_floor). Off, that page is a 404.
BENCHMARK_MODE = env("BENCHMARK_MODE")
FILTERS_EMPTY_CHOICE_LABEL = _("All")
FORMS_URLFIELD_ASSUME_HTTPS = True
