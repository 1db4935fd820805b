"""Overrides for the test suite: the same settings as production, minus what slows tests."""

import os

# Tests run with production settings whatever the shell says (the Makefile exports DEBUG=true).
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "test-only-key-" + "x1y2z3" * 10)

from .base import *  # noqa: F403  (the test settings are the base settings plus overrides)
from .base import DATABASES, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# pytest creates the test database itself: make it UTF-8 whatever template1 holds, so Khmer and
# Lao text sorts and is indexed as in production (the server's default ctype, C.UTF-8 here).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
# Each test run gets its own cache namespace so a shared Redis never leaks state between runs.
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = f"accsm-test-{os.getpid()}"
# Tests serve static files straight from the app folders, as `runserver` does; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Webhook receivers in tests are local HTTP servers on 127.0.0.1; retries come in fractions of
# a second (the real Celery worker of the full-stack pass reads these too).
WEBHOOKS_REQUIRE_HTTPS = False
WEBHOOKS_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
WEBHOOKS_RETRY_BASE_SECONDS = 0.2
WEBHOOKS_RETRY_MAX_DELAY_SECONDS = 1.0
WEBHOOKS_RETRY_WINDOW_SECONDS = 60.0
WEBHOOKS_READ_TIMEOUT = 3.0
WEBHOOKS_CONNECT_TIMEOUT = 1.0
# Anonymous pages are cached per test run, and every test starts with an empty cache
# (tests/conftest.py), so one test's page never answers another's.
if REDIS_URL:
    CACHES["pages"]["KEY_PREFIX"] = f"accsm-test-pages-{os.getpid()}"
else:
    CACHES.pop("page-store", None)
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"}
# Committed meeting edits in transactional tests would render PDFs on the test worker (or in
# process) and slow unrelated tests; tests/meetings/test_record_pdf_prepare.py turns it on.
MEETING_RECORD_PDF_PREPARE = False
