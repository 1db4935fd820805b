"""Production settings come only from the environment and refuse unsafe values.

Each case starts a fresh interpreter: settings are read once per process, and the point is
what a real process does with a given environment.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
# Variables of the test run that must not reach a process started as production would be.
# (tests/browser/conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rejects.)
SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
# 61 characters from a wide alphabet: passes the production key check.
GOOD_KEY = "k7#Qz9!pWm2$Lx4@Rt6%Vb8^Nc1&Hd3*Jf5(Gs0)Ya-Ue=Io+Pl[Kj]Mn{Bv}"

PRINT_DATABASE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({k: db.get(k) for k in "
    "('ENGINE', 'NAME', 'HOST', 'PORT', 'USER', 'CONN_MAX_AGE', 'CONN_HEALTH_CHECKS', "
    "'OPTIONS')}))"
)


def run_with_env(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run a Python command in the project with only the given settings variables."""
    clean = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    clean |= {"DJANGO_SETTINGS_MODULE": "accsm_portal.settings.base", **env}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with_env(["-c", "import django; django.setup()"], DEBUG="false")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_with_env(
        ["-c", "import django; django.setup()"], DEBUG="false", SECRET_KEY="changeme"
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak for production" in result.stderr


def test_production_refuses_the_development_key():
    key = "django-insecure-" + "a1b2c3d4e5" * 5
    result = run_with_env(["-c", "import django; django.setup()"], DEBUG="false", SECRET_KEY=key)

    assert result.returncode != 0
    assert "SECRET_KEY is too weak for production" in result.stderr


def test_development_starts_without_a_secret_key():
    result = run_with_env(
        ["-c", "from django.conf import settings; print(settings.SECRET_KEY[:15])"],
        DEBUG="true",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django-insecure"


def test_database_url_selects_postgresql_with_health_checked_persistent_connections():
    result = run_with_env(
        ["-c", PRINT_DATABASE],
        DEBUG="false",
        SECRET_KEY=GOOD_KEY,
        DATABASE_URL="postgres://accsm:s3cret@db.internal:6432/accsm_portal",
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "accsm_portal",
        "HOST": "db.internal",
        "PORT": 6432,
        "USER": "accsm",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        # Prepared statements: accsm_portal/lib/statements.py.
        "OPTIONS": {"server_side_binding": True, "prepare_threshold": 5},
    }


def test_prepared_statements_can_be_turned_off_for_a_pooler_in_transaction_mode():
    result = run_with_env(
        ["-c", PRINT_DATABASE],
        DEBUG="false",
        SECRET_KEY=GOOD_KEY,
        DATABASE_URL="postgres://accsm:s3cret@pgbouncer.internal:6432/accsm_portal",
        DATABASE_PREPARED_STATEMENTS="false",
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["OPTIONS"] == {}


def test_without_database_url_the_embedded_sqlite_database_is_used():
    result = run_with_env(["-c", PRINT_DATABASE], DEBUG="true")

    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(BASE_DIR / "db.sqlite3")
    # A new SQLite connection per request read the schema again: most of a 304's time.
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)


def test_deploy_check_reports_no_warnings_in_production():
    result = run_with_env(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="false",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="portal.example.org",
        BEHIND_TLS_PROXY="true",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
