"""Load the seed records from fixtures/ without touching what already exists.

`loaddata` overwrites a row whose key it finds, which would undo the secretariat's corrections
to seeded records on every `make run`; `seed_load` creates only what is missing.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from accsm_portal.core.services import seed_load

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"


def seed_fixture_paths() -> list[Path]:
    """The seed fixtures in load order (their file names start with a number)."""
    return sorted(FIXTURE_DIR.glob("[0-9]*.json"))


class Command(BaseCommand):
    help = "Load the seed records from fixtures/; existing records are kept as they are."

    def handle(self, *args, **options):
        counts = seed_load(paths=seed_fixture_paths())
        self.stdout.write(
            f"Seed records: {counts['created']} created, {counts['kept']} already present."
        )
