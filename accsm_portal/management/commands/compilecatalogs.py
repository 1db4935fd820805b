"""Compile locale/*.po to .mo with Babel, for machines without GNU gettext's msgfmt."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


def compile_catalogs(locale_dirs: list[Path]) -> list[Path]:
    """Write a .mo beside every .po under the given locale folders; return what was written."""
    written = []
    for locale_dir in locale_dirs:
        for po_path in sorted(Path(locale_dir).glob("**/LC_MESSAGES/*.po")):
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            mo_path = po_path.with_suffix(".mo")
            with mo_path.open("wb") as mo_file:
                # Fuzzy entries are guesses a translator has not confirmed: never ship them.
                write_mo(mo_file, catalog, use_fuzzy=False)
            written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "Compile the message catalogs in LOCALE_PATHS with Babel (no gettext needed)."

    def handle(self, *args, **options):
        written = compile_catalogs([Path(p) for p in settings.LOCALE_PATHS])
        self.stdout.write(f"Compiled {len(written)} catalogs.")
