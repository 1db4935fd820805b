"""Restore a backup folder into an empty database and media folder, then verify it.

    manage.py restore /srv/backups/accsm-backup-20261207T120000000000Z [--force]

The database is the one DATABASE_URL names, the media folder MEDIA_ROOT. Operator commands
speak English, like Django's own: docs/operations.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accsm_portal.lib.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` and check it against its manifest."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", help="The backup's folder (accsm-backup-...).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the records and media files already present.",
        )

    def handle(self, *args, backup: str, force: bool, **options) -> None:
        try:
            result = backup_restore(folder=Path(backup), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Restored, but {len(result.problems)} differences from the manifest (above)."
            )
        self.stdout.write(
            f"Restored and verified: {result.rows} rows in {result.tables} tables and "
            f"{result.files} media files match the backup's manifest."
        )
