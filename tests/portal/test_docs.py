"""The configuration docs list exactly the environment variables the settings read."""

import re
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def variables_read_by_settings() -> set[str]:
    source = (BASE_DIR / "accsm_portal" / "settings" / "base.py").read_text(encoding="utf-8")
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def variables_documented_for_settings() -> set[str]:
    docs = (BASE_DIR / "docs" / "configuration.md").read_text(encoding="utf-8")
    section = docs.split("## Read by the settings", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section, re.MULTILINE))


def test_the_settings_read_the_variables_this_test_expects():
    # Guards the pattern above: if it stopped matching, the next test would pass vacuously.
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PORTAL_NATIVE_DIGITS"} <= (
        variables_read_by_settings()
    )


def test_every_variable_the_settings_read_is_documented_and_no_other():
    assert variables_documented_for_settings() == variables_read_by_settings()
