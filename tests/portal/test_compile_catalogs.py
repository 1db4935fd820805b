"""On a machine without GNU gettext, `make` compiles the catalogs with Babel instead."""

import gettext
import shutil
from pathlib import Path

from django.conf import settings

from accsm_portal.management.commands.compilecatalogs import compile_catalogs


def test_babel_compiles_every_catalog_into_a_working_mo(tmp_path):
    locale_dir = tmp_path / "locale"
    shutil.copytree(
        Path(settings.BASE_DIR) / "locale", locale_dir, ignore=shutil.ignore_patterns("*.mo")
    )

    written = compile_catalogs([locale_dir])

    assert {p.relative_to(locale_dir).as_posix() for p in written} >= {
        "km/LC_MESSAGES/django.mo",
        "lo/LC_MESSAGES/django.mo",
        "vi/LC_MESSAGES/django.mo",
        "django/lo/LC_MESSAGES/django.mo",
        "django/lo/LC_MESSAGES/djangojs.mo",
    }
    lao = gettext.translation("django", localedir=locale_dir, languages=["lo"])
    assert lao.gettext("ACCSM Records Portal") == "ລະບົບບັນທຶກ ACCSM"
    admin_lao = gettext.translation("django", localedir=locale_dir / "django", languages=["lo"])
    assert admin_lao.gettext("Log in") != "Log in"
