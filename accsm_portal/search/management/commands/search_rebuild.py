from django.core.management.base import BaseCommand, CommandError

from accsm_portal.search.registry import BY_KEY
from accsm_portal.search.services import search_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the database (all record types, or the ones named)."

    def add_arguments(self, parser):
        parser.add_argument("types", nargs="*", help=f"Record types: {', '.join(BY_KEY)}")

    def handle(self, *args, types, **options):
        unknown = sorted(set(types) - set(BY_KEY))
        if unknown:
            raise CommandError(f"Unknown record types: {', '.join(unknown)}")
        counts = search_rebuild(record_types=types or None)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} entries")
