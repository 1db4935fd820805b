"""Load the seed records from fixtures/ without touching what already exists.

`loaddata` overwrites a row whose key it finds, which would undo the secretariat's corrections
to seeded records on every `make run`. This command creates only the records that are missing,
matched by natural key (each seeded model's public `uid`), so running it again is harmless.
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"


def seed_fixture_paths() -> list[Path]:
    """The seed fixtures in load order (their file names start with a number)."""
    return sorted(FIXTURE_DIR.glob("*.json"))


@transaction.atomic
def seed_load(*, paths: list[Path] | None = None) -> dict[str, int]:
    """Create the seed records that are missing; return how many were created and kept."""
    created = kept = 0
    for path in paths if paths is not None else seed_fixture_paths():
        with path.open(encoding="utf-8") as fixture:
            for deserialized in serializers.deserialize(
                "json", fixture, handle_forward_references=True
            ):
                if deserialized.object.pk is not None:
                    kept += 1
                    continue
                deserialized.save()
                created += 1
    return {"created": created, "kept": kept}


class Command(BaseCommand):
    help = "Load the seed records from fixtures/; existing records are kept as they are."

    def handle(self, *args, **options):
        counts = seed_load()
        self.stdout.write(
            f"Seed records: {counts['created']} created, {counts['kept']} already present."
        )
