"""Back up the database and the uploaded files into one folder (accsm_portal/lib/backup.py).

    manage.py backup --into /srv/backups

Operator commands speak English, like Django's own (migrate, dumpdata): docs/operations.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accsm_portal.lib.backup import MANIFEST, BackupError, backup_create, read_manifest


class Command(BaseCommand):
    help = "Write a backup (database dump, media files, manifest) into a new timestamped folder."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--into",
            default="backups",
            help="The folder that receives the backup's own folder (default: ./backups).",
        )

    def handle(self, *args, into: str, **options) -> None:
        try:
            folder = backup_create(into=Path(into))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = read_manifest(folder)
        self.stdout.write(
            f"Backup written to {folder}: {sum(manifest['rows'].values())} rows in "
            f"{len(manifest['rows'])} tables, {len(manifest['media'])} media files "
            f"(see {MANIFEST})."
        )
        # The last line is the folder alone, for scripts: `restore "$(manage.py backup | tail -1)"`.
        self.stdout.write(str(folder))
