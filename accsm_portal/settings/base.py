"""Every setting of the portal, driven by environment variables.

docs/configuration.md lists each variable with its default; keep the two together.
Without any variable set, the portal runs as the embedded default: SQLite, Celery tasks run
in process, a local-memory cache. Setting DATABASE_URL and REDIS_URL switches to the full stack.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.conf import locale
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# ---------------------------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG is on; production refuses to start without
# a real one, so a forgotten variable can never ship a guessable key.
_DEV_SECRET_KEY = "django-insecure-accsm-portal-development-only-never-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value (at least 50 characters) "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (
    len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address of the portal, used where a URL leaves a request (API links in tasks,
# the iCalendar feed, e-mails).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin integration is registered.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    # Swagger UI's files served by the portal itself (no CDN) for /api/v1/docs/.
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    # Login throttling and lockout (per user and address) and two-factor devices (TOTP, and
    # static recovery codes) for staff who publish or manage users: core/accounts.py.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Content-Security-Policy header (core.middleware.ContentSecurityPolicyMiddleware below, on
    # django-csp); the app adds its settings checks.
    "csp",
    "accsm_portal",
    "accsm_portal.core",
    "meetings",
    "workplans",
    "arcs",
    # The search index reads every app above; none of them imports it.
    "accsm_portal.search",
    # Signed webhooks to partner systems (docs/webhooks.md); it reads every app's API.
    "accsm_portal.webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that renders a page, so a nonce read while rendering reaches the header.
    "accsm_portal.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user verified once a second factor was given in this session; the next one
    # keeps staff who must use two factors out of the admin until then (core/accounts.py).
    "django_otp.middleware.OTPMiddleware",
    "accsm_portal.core.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that its lockout page replaces the login page's answer (django-axes' rule).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "accsm_portal.urls"
WSGI_APPLICATION = "accsm_portal.wsgi.application"

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
                "accsm_portal.lib.context_processors.languages",
                "accsm_portal.lib.context_processors.portal",
            ],
        },
    },
]

# ---------------------------------------------------------------------------------------------
# Database: SQLite by default, PostgreSQL (psycopg 3) when DATABASE_URL names it.
# ---------------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions and WAL keep concurrent writers (web + eager tasks) from failing
    # with "database is locked" on the embedded default.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# PostgreSQL: parameters bound on the server, so that psycopg prepares a statement the fifth
# time a connection runs it and PostgreSQL skips parsing and planning it (0.2-0.5 ms of each
# query, more than most of them take to run): accsm_portal/lib/statements.py. Off behind a
# pooler in transaction mode, which cannot keep a connection's prepared statements.
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
# Persistent connections, on both databases: a new SQLite connection reads the schema and runs
# the pragmas again, 5 ms of every request at 100,000 records (docs/performance.md). They must
# be health-checked, or a PostgreSQL restart fails requests.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# dumpdata/loaddata formats that do not stop at a history row whose record was deleted
# (accsm_portal/lib/serializers says why); same names, so Django's tools use them.
SERIALIZATION_MODULES = {
    "python": "accsm_portal.lib.serializers.python",
    "json": "accsm_portal.lib.serializers.json",
    "jsonl": "accsm_portal.lib.serializers.jsonl",
}

# ---------------------------------------------------------------------------------------------
# Redis: cache and Celery broker when REDIS_URL is set; otherwise locmem cache and eager tasks.
# ---------------------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "accsm",
            "OPTIONS": {
                # A Redis outage must degrade to cache misses, not to failed page loads.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "accsm-portal",
        }
    }

# Anonymous portal pages (accsm_portal/lib/page_cache.py): in Redis when there is one,
# otherwise in each worker's memory ("page-store"). Every key holds the content generation, which
# is in the database and moves after any record change, so no worker serves a page older than
# the last change.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "accsm-pages"}
else:
    CACHES["page-store"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "accsm-pages",
        "TIMEOUT": PAGE_CACHE_SECONDS,
        # 6-20 KB a page: 10 MB a worker at most (docs/performance.md, memory).
        "OPTIONS": {"MAX_ENTRIES": 500},
    }

# What every reader of a page shares (filter choices, rendered filter fields;
# accsm_portal/lib/page_cache.shared_fragment): each process's memory, under the content
# generation, so a change to any record is seen at once whatever the page cache's setting.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "accsm-fragments",
    "TIMEOUT": 3600,
    # A few KB each: the filter fields of each valid combination of filters seen, at most.
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# Each record's API representation per reader (accsm_portal/lib/api/representations.py): a
# memory cache in each process, since its keys never go stale and need no shared invalidation.
API_REPRESENTATION_CACHE = env.bool("API_REPRESENTATION_CACHE", default=True)
API_REPRESENTATION_SECONDS = env.int("API_REPRESENTATION_SECONDS", default=3600)
CACHES["representations"] = {
    "BACKEND": "accsm_portal.lib.api.representations.RepresentationCache",
    "LOCATION": "accsm-api-representations",
    "TIMEOUT": API_REPRESENTATION_SECONDS,
    "OPTIONS": {"MAX_ENTRIES": env.int("API_REPRESENTATION_ENTRIES", default=10000)},
}

# Sessions stay in the database: a Redis outage must not log editors out or break admin login.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# ---------------------------------------------------------------------------------------------
# Celery
# ---------------------------------------------------------------------------------------------
# "memory://localhost/" rather than "memory://": kombu warns on every task when no host is named.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://localhost/")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
# Tasks that send tasks (webhook fan-out starts senders) send them to this queue; the test
# suite's workers each read a private one.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# A worker killed mid-task must not lose the task: acknowledge after the work, and requeue when
# the worker dies. Tasks are written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# Longer than the longest task, or Redis hands an unacknowledged task to a second worker. It is
# also how long a task whose whole worker was killed (not only the process running it, which
# reject_on_worker_lost requeues at once) waits before another worker takes it: `make faults`
# sets it short to show that path.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60)
}
# Sending a task while Redis is down or restarting: keep trying for about 20 s (the length of a
# Redis restart) rather than Celery's 0.6 s, so a task queued during the outage is queued, not
# lost. The caller waits meanwhile; callers that must not wait (webhook kicks) are registered
# with on_commit(robust=True) and have the sweep behind them. docs/reliability.md, "Faults".
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": env.int("CELERY_PUBLISH_MAX_RETRIES", default=20),
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# `make beat` runs these. Every task is safe to run twice or late (docs/webhooks.md,
# docs/reminders.md).
CELERY_BEAT_SCHEDULE: dict = {
    "webhooks-sweep": {"task": "accsm_portal.webhooks.tasks.webhooks_sweep_task", "schedule": 60.0},
    "action-item-reminders": {
        "task": "meetings.tasks.action_item_reminders_send_task",
        "schedule": crontab(minute=0, hour=env.int("REMINDERS_HOUR_UTC", default=1)),
    },
    "action-items-overdue-digest": {
        "task": "meetings.tasks.action_item_overdue_digest_send_task",
        "schedule": crontab(
            minute=30, hour=env.int("REMINDERS_HOUR_UTC", default=1), day_of_week="mon"
        ),
    },
}

# ---------------------------------------------------------------------------------------------
# Webhooks (docs/webhooks.md)
# ---------------------------------------------------------------------------------------------
WEBHOOKS_ENABLED = env.bool("WEBHOOKS_ENABLED", default=True)
# Partners' addresses must be https:// in production; plain http is for local development.
WEBHOOKS_REQUIRE_HTTPS = env.bool("WEBHOOKS_REQUIRE_HTTPS", default=not DEBUG)
# Non-public networks a target may resolve to anyway (CIDR list): empty in production, so a
# subscription can never make the portal call its own network or the cloud metadata address.
WEBHOOKS_ALLOWED_NETWORKS = env.list("WEBHOOKS_ALLOWED_NETWORKS", default=[])
WEBHOOKS_CONNECT_TIMEOUT = env.float("WEBHOOKS_CONNECT_TIMEOUT", default=3.0)
WEBHOOKS_READ_TIMEOUT = env.float("WEBHOOKS_READ_TIMEOUT", default=10.0)
# The whole attempt (connect, TLS, request, answer) ends by then, even when a partner sends its
# answer one byte at a time so that no single read times out.
WEBHOOKS_ATTEMPT_DEADLINE_SECONDS = env.float("WEBHOOKS_ATTEMPT_DEADLINE_SECONDS", default=15.0)
# The partners' senders run on their own queue, so a slow partner never delays the outbox
# dispatch, the search index or the reminders; `make worker` and the compose worker consume both
# queues (docs/webhooks.md). One sender sends at most WEBHOOKS_DELIVERIES_PER_TASK deliveries,
# then queues itself again behind the other partners' senders.
WEBHOOKS_DELIVERY_QUEUE = env.str("WEBHOOKS_DELIVERY_QUEUE", default="webhooks")
WEBHOOKS_DELIVERIES_PER_TASK = env.int("WEBHOOKS_DELIVERIES_PER_TASK", default=20)
CELERY_TASK_ROUTES = {
    "accsm_portal.webhooks.tasks.subscription_deliver_task": {"queue": WEBHOOKS_DELIVERY_QUEUE}
}
# Retries: 1 min, 2, 4, ... capped at 3 hours, with jitter, for a day; then the delivery is
# given up and its subscription marked failing. A retry due later than half the broker's
# visibility timeout is sent by the sweep, not by a countdown task (docs/webhooks.md says why).
WEBHOOKS_RETRY_BASE_SECONDS = env.float("WEBHOOKS_RETRY_BASE_SECONDS", default=60.0)
WEBHOOKS_RETRY_MAX_DELAY_SECONDS = env.float("WEBHOOKS_RETRY_MAX_DELAY_SECONDS", default=3 * 3600.0)
WEBHOOKS_RETRY_WINDOW_SECONDS = env.float("WEBHOOKS_RETRY_WINDOW_SECONDS", default=24 * 3600.0)
# How long the previous secret still signs after a rotation.
WEBHOOKS_SECRET_OVERLAP_SECONDS = env.int("WEBHOOKS_SECRET_OVERLAP_SECONDS", default=24 * 3600)

# ---------------------------------------------------------------------------------------------
# Action item reminders (docs/reminders.md)
# ---------------------------------------------------------------------------------------------
# Days before the due date when the responsible people are reminded (each once).
REMINDERS_DUE_IN_DAYS = env.int("REMINDERS_DUE_IN_DAYS", default=7)
# Who receives the weekly digest of overdue action items.
REMINDERS_SECRETARIAT_EMAILS = env.list("REMINDERS_SECRETARIAT_EMAILS", default=[])

# ---------------------------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------------------------
# Column suffixes come from this code, so it is "en", not "en-us".
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("km", _("Khmer")),
    ("lo", _("Lao")),
    ("vi", _("Vietnamese")),
]
# Django does not know Lao, and its Khmer entry names Khmer in English; the switcher and
# modeltranslation's admin both read these names.
locale.LANG_INFO["lo"] = {
    "bidi": False,
    "code": "lo",
    "name": "Lao",
    "name_local": "ພາສາລາວ",
}
locale.LANG_INFO["km"] = {**locale.LANG_INFO["km"], "name_local": "ភាសាខ្មែរ"}
locale.LANG_INFO["vi"] = {**locale.LANG_INFO["vi"], "name_local": "Tiếng Việt"}
# Our own interface text first; then locale/django/, where we complete the catalogs that Django
# and the libraries ship thinly or not at all for km and lo (admin, forms, DRF errors, history).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "django"]
FORMAT_MODULE_PATH = ["accsm_portal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Bangkok")
LANGUAGE_COOKIE_NAME = "accsm_language"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "km", "lo", "vi")
# Plain reads (`meeting.title`) never come back blank; lib/i18n.translated() applies the
# original-language-first rule and says which language it served.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "km", "lo", "vi")
# The tabbed admin would load jQuery UI from a public CDN; serve the copy shipped in static/.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
# Only modeltranslation's "external jQuery" admin reads this; point it at Django's own copy too.
JQUERY_URL = "admin/js/vendor/jquery/jquery.min.js"

# Khmer and Lao digits are a per-language choice for page text (dates, counts); see lib/i18n.py.
PORTAL_NATIVE_DIGITS = env.dict(
    "PORTAL_NATIVE_DIGITS", cast={"value": bool}, default={"km": True, "lo": False}
)
# How long a preview link from the admin opens a draft on the portal (core/previews.py). Short,
# because anyone holding the link and the permission may open it; the admin signs a fresh one
# each time the editor clicks "Preview".
PORTAL_PREVIEW_MAX_AGE = env.int("PORTAL_PREVIEW_MAX_AGE", default=3600)
# A spreadsheet import with more rows than this is checked and written by a Celery task, with a
# progress page, instead of inside the upload's web request (core/import_jobs.py).
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=200)
# Render a published meeting's PDF record in the background once a change to it or a part of
# it is committed (accsm_portal/meeting_records.py), so the first reader does not wait.
MEETING_RECORD_PDF_PREPARE = env.bool("MEETING_RECORD_PDF_PREPARE", default=True)

# ---------------------------------------------------------------------------------------------
# Static files
# ---------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
_manifest = env.bool("STATIC_MANIFEST", default=not DEBUG)
# In development WhiteNoise serves straight from the app folders, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    # FileSystemStorage that removes a half-written file when a write fails (disk full).
    "default": {"BACKEND": "accsm_portal.lib.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _manifest
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# ---------------------------------------------------------------------------------------------
# Authentication and security
# ---------------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# django-axes checks every password login (admin and delegate sign-in) before Django does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after so many wrong passwords for one user name from one address; other users, and the
# same user elsewhere, can still sign in. Attempts are kept in the database, like sessions, so a
# Redis outage neither locks people out nor lifts a lockout. `manage.py axes_reset_username`
# unlocks early (docs/operations.md).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accsm_portal.core.accounts.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accsm_portal.core.accounts.client_ip"
# Two-factor devices are named after the portal in the reader's authenticator app.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="ACCSM Records Portal")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# Behind a TLS-terminating proxy (docker-compose, a load balancer) the scheme arrives in a header.
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy on every page, portal, admin and API docs alike (docs/reliability.md,
# "Headers and deploy check"). No inline script anywhere: our scripts are static files, and the
# third-party pages that had one are overridden (admin/accsm/export.html, the split Swagger view).
# A template that cannot avoid an inline script gives it `nonce="{{ request.csp_nonce }}"`, but
# never on a page kept in the page cache (lib/page_cache.py): a cached body would carry an old
# nonce. Styles keep 'unsafe-inline': Django's admin, import-export and Swagger UI write style
# attributes and <style> elements, and the portal's progress bars set their width in one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        # Swagger UI's stylesheet draws its icons as data: URIs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# /healthz is polled over plain HTTP by the container runtime inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# ---------------------------------------------------------------------------------------------
# REST framework: deny by default; each public endpoint opens itself explicitly.
# ---------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Partner systems: hashed API tokens (accsm_portal/api/authentication.py).
        "accsm_portal.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    "DEFAULT_RENDERER_CLASSES": ["accsm_portal.lib.api.renderers.FastJSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Every endpoint, search included, has the one throttle below: DRF's pair would also count
    # anonymous clients against the "user" rate.
    "DEFAULT_THROTTLE_CLASSES": ["accsm_portal.lib.api.throttling.ApiRateThrottle"],
    # The API's own throttle (accsm_portal/lib/api/throttling.py) reads these per request: one
    # rate for anonymous clients (per address), partner accounts and other accounts; "none"
    # lifts a limit (the benchmark does).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
        "partner": env.str("API_THROTTLE_PARTNER", default="3000/min"),
    },
    # Anonymous clients are throttled per address: trust X-Forwarded-For only from as many
    # proxies as we run, or anyone could pick a new address per request.
    "NUM_PROXIES": env.int(
        "API_NUM_PROXIES", default=1 if env.bool("BEHIND_TLS_PROXY", default=False) else 0
    ),
    "EXCEPTION_HANDLER": "accsm_portal.lib.api.problem_exception_handler",
}
# `make bench` (bench/) measures every page against a plain view returning a fixed JSON body,
# served at /bench/plain only when this is on: it is the harness's yardstick, not a feature.
BENCH_PLAIN_VIEW = env.bool("BENCH_PLAIN_VIEW", default=False)
SPECTACULAR_SETTINGS = {
    "TITLE": "ACCSM Records Portal API",
    "DESCRIPTION": (
        "Read-only records of ASEAN Cooperation on Civil Service Matters in English, Khmer, "
        "Lao and Vietnamese. docs/api.md in the repository explains languages, sync, "
        "formats and errors."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per shared choice set (several models use them).
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "accsm_portal.core.models.Language",
        "DatePrecisionEnum": "accsm_portal.core.models.DatePrecision",
    },
}

# ---------------------------------------------------------------------------------------------
# Logging: one line per record to stderr; the container runtime collects it.
# ---------------------------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-axes announces itself at every start; its failed logins and lockouts still log.
        "axes.apps": {"level": "WARNING"},
    },
}

ADMINS = [("ACCSM secretariat", a) for a in env.list("ADMIN_EMAILS", default=[])]
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="accsm-portal@localhost")
