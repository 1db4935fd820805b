"""Overrides for the test suite: the same settings as production, minus what slows tests."""

import os

# Tests run with production settings whatever the shell says (the Makefile exports DEBUG=true).
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "test-only-key-" + "x1y2z3" * 10)

from .base import *  # noqa: E402,F403  (the test settings are the base settings plus overrides)
from .base import REDIS_URL  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405  (from base)
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# Each test run gets its own cache namespace so a shared Redis never leaks state between runs.
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = f"accsm-test-{os.getpid()}"  # noqa: F405  (from base)
# Tests serve static files straight from the app folders, as `runserver` does; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
