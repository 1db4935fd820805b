"""manage.py in a bare checkout works for developers; the web process still needs a key."""

import os
import subprocess
import sys

from django.conf import settings

BASE = str(settings.BASE_DIR)


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_makemigrations_check_runs_in_a_bare_checkout():
    result = _run(["manage.py", "makemigrations", "--check", "--dry-run"])

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_the_web_process_still_refuses_to_start_without_a_key():
    result = _run(["-c", "import accsm_portal.wsgi"])

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
