"""Backups of the whole portal (database + uploaded files) and their restore, verified.

A backup is one folder, `accsm-backup-<UTC time>/`, holding
- `database.dump`: PostgreSQL's `pg_dump --format=custom`, or `database.sqlite3`: a copy made
  with SQLite's online backup API (consistent while the portal keeps writing);
- `media.tar`: every file under MEDIA_ROOT;
- `manifest.json`: when, from which code, the rows of every table and the sha256 of every file.

On PostgreSQL the row counts and the dump read one snapshot (`pg_export_snapshot` and
`pg_dump --snapshot`), so the manifest describes exactly what the dump holds. A restore writes
into an empty database and an empty media folder, then counts and hashes what it restored
and compares them with the manifest. docs/operations.md has the drill.

Connection details go to pg_dump and pg_restore through libpq's environment variables
(PGHOST, PGPASSWORD ...), so no password appears on a command line or in a process list.
These are operator commands: their output is in English (docs/operations.md says why).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections

from accsm_portal.lib.page_cache import page_cache_reset

MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FORMAT_VERSION = 1
# What `migrate` writes into a new database by itself: a freshly migrated database holding
# only these counts as empty.
WRITTEN_BY_MIGRATE = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Verification:
    tables: int = 0
    rows: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _tables() -> list[tuple[str, str]]:
    """(label, table) of every concrete table the models own, many-to-many tables included."""
    seen: dict[str, str] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        seen.setdefault(meta.db_table, meta.label_lower)
    return sorted((label, table) for table, label in seen.items())


def row_counts(cursor, vendor: str) -> dict[str, int]:
    """Rows per model table, through a DB-API cursor (Django's, psycopg's or sqlite3's); a
    table missing from the database (not migrated yet) is left out, not counted as zero."""
    if vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    existing = {row[0] for row in cursor.fetchall()}
    counts = {}
    for label, table in _tables():
        if table in existing:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # table names come from the models
            counts[label] = cursor.fetchone()[0]
    return counts


def holds_records(counts: dict[str, int]) -> bool:
    return any(n for label, n in counts.items() if label not in WRITTEN_BY_MIGRATE)


class _HashingReader:
    """Reads a file for tarfile while hashing exactly the bytes that go into the archive."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def file_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under `root`, by path relative to it."""
    hashes = {}
    for path in _media_files(root):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
        hashes[path.relative_to(root).as_posix()] = digest.hexdigest()
    return hashes


def _write_media_tar(root: Path, target: Path) -> dict[str, str]:
    hashes = {}
    with tarfile.open(target, "w") as archive:
        for path in _media_files(root):
            name = path.relative_to(root).as_posix()
            with path.open("rb") as handle:
                info = archive.gettarinfo(fileobj=handle, arcname=name)
                reader = _HashingReader(handle)
                archive.addfile(info, reader)
            hashes[name] = reader.sha256.hexdigest()
    return hashes


def _code_version() -> dict[str, str | None]:
    """The commit the portal runs (None outside a git checkout, as in the Docker image) and
    the app version."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"commit": commit, "app_version": settings.SPECTACULAR_SETTINGS.get("VERSION")}


def _pg_environment(db: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for a Django database: the password never goes on a command line."""
    options = db.get("OPTIONS") or {}
    env = {**os.environ}
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
        ("PGSSLMODE", options.get("sslmode")),
        ("PGAPPNAME", "accsm-backup"),
    ):
        if value:
            env[variable] = str(value)
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")


def _database_settings(alias: str) -> dict[str, Any]:
    # connection.settings_dict, not settings.DATABASES: under test it names the test database.
    return connections[alias].settings_dict


def backup_create(*, into: Path, alias: str = "default") -> Path:
    """Write a backup folder under `into` and return it."""
    db = _database_settings(alias)
    engine = db["ENGINE"]
    created_at = datetime.now(tz=UTC)
    folder = Path(into) / f"accsm-backup-{created_at:%Y%m%dT%H%M%S%fZ}"
    folder.mkdir(parents=True)
    try:
        if engine == "django.db.backends.postgresql":
            counts = _pg_dump(db, folder / PG_DUMP)
            database_file = PG_DUMP
        elif engine == "django.db.backends.sqlite3":
            counts = _sqlite_copy(alias, folder / SQLITE_COPY)
            database_file = SQLITE_COPY
        else:
            raise BackupError(f"No backup for the database engine {engine}.")
        hashes = _write_media_tar(Path(settings.MEDIA_ROOT), folder / MEDIA_TAR)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": created_at.isoformat(),
            **_code_version(),
            "engine": engine,
            "database_file": database_file,
            "rows": counts,
            "media": hashes,
        }
        (folder / MANIFEST).write_text(
            json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8"
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _pg_dump(db: dict[str, Any], target: Path) -> dict[str, int]:
    import psycopg

    env = _pg_environment(db)
    # One snapshot for the counts and the dump: held open by this transaction while pg_dump runs.
    with psycopg.connect(
        "",
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
    ) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = row_counts(cursor, "postgresql")
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                env,
            )
        conn.rollback()
    return counts


def _sqlite_copy(alias: str, target: Path) -> dict[str, int]:
    connection = connections[alias]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return row_counts(copy.cursor(), "sqlite")
    finally:
        copy.close()


def read_manifest(folder: Path) -> dict[str, Any]:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def current_row_counts(alias: str = "default") -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return row_counts(cursor, connection.vendor)


def backup_restore(*, folder: Path, force: bool = False, alias: str = "default") -> Verification:
    """Restore a backup folder into this portal's database and MEDIA_ROOT, then verify it.

    Refuses a database holding records or a media folder holding files unless `force`."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    db = _database_settings(alias)
    media_root = Path(settings.MEDIA_ROOT)
    if db["ENGINE"] != manifest["engine"]:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; this portal uses {db['ENGINE']}."
            " Restore into the same kind of database, then use move_database to change it."
        )
    if not force:
        if holds_records(current_row_counts(alias)):
            raise BackupError(
                f"The database {db['NAME']} already holds records. Restore into an empty "
                "database, or pass --force to replace everything in it."
            )
        if any(_media_files(media_root)):
            raise BackupError(
                f"The media folder {media_root} already holds files. Restore into an empty "
                "folder, or pass --force to replace them."
            )
    if manifest["engine"] == "django.db.backends.postgresql":
        _pg_restore(db, folder / PG_DUMP)
    else:
        _sqlite_restore(alias, folder / SQLITE_COPY)
    connections[alias].close()
    if force and media_root.is_dir():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_TAR) as archive:
        archive.extractall(media_root, filter="data")
    # Cached pages, kept API representations and ETags describe the database as it was; the
    # restore writes under the model signals and brings back a generation of the past, so it
    # must give the generation a value no cache has seen.
    page_cache_reset()
    return backup_verify(manifest=manifest, alias=alias)


def _pg_restore(db: dict[str, Any], dump: Path) -> None:
    connections["default"].close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={db['NAME']}",
            str(dump),
        ],
        _pg_environment(db),
    )


def _sqlite_restore(alias: str, copy_path: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    source = sqlite3.connect(copy_path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def backup_verify(*, manifest: dict[str, Any], alias: str = "default") -> Verification:
    """Compare this portal's rows and media files with a backup's manifest."""
    result = Verification()
    counts = current_row_counts(alias)
    for label, expected in sorted(manifest["rows"].items()):
        found = counts.get(label)
        if found != expected:
            result.problems.append(f"{label}: {found} rows, the backup had {expected}")
        result.tables += 1
        result.rows += expected
    hashes = file_hashes(Path(settings.MEDIA_ROOT))
    for name, digest in sorted(manifest["media"].items()):
        if hashes.get(name) != digest:
            result.problems.append(
                f"media {name}: {'missing' if name not in hashes else 'different content'}"
            )
        result.files += 1
    return result
