"""The restore drill (`manage.py backup`, `manage.py restore`, docs/operations.md), end to end.

A portal is built as an operator builds one (migrate, seed, then a secretariat's edits with
history, a deleted record and an uploaded Lao file: tests/portal/test_move_database.py's EDITS).
It is backed up, restored into a new, empty database and media folder, each step by manage.py in
a process of its own, and the restored portal is compared with the source: every row of every
table, every language column, and the sha256 of every media file.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from accsm_portal.lib.backup import MANIFEST, PG_DUMP, SQLITE_COPY, file_hashes
from accsm_portal.lib.page_cache import content_generation
from tests.conftest import requires_full_stack
from tests.portal.test_move_database import (
    EDITS,
    FILE_CONTENT,
    opened,
    run,
    snapshot,
    sqlite_url,
    translated_columns,
)


def build_portal(url: str, media: Path) -> dict:
    run("migrate", "--no-input", database_url=url, media=media)
    run("seed", database_url=url, media=media)
    edits = run("shell", "-c", EDITS, database_url=url, media=media)
    return json.loads(edits.stdout.strip().splitlines()[-1])


def backup(url: str, media: Path, into: Path) -> Path:
    done = run("backup", "--into", str(into), database_url=url, media=media)
    assert "Backup written to" in done.stdout
    folder = Path(done.stdout.strip().splitlines()[-1])
    assert folder.parent == into
    return folder


def restore(folder: Path, url: str, media: Path, *extra: str, check: bool = True):
    return run("restore", str(folder), *extra, database_url=url, media=media, check=check)


def assert_same_portal(source: str, target: str, source_media: Path, target_media: Path):
    before, after = snapshot(source), snapshot(target)
    assert {label: len(rows) for label, rows in after.items()} == {
        label: len(rows) for label, rows in before.items()
    }
    for label in before:
        assert after[label] == before[label], label
    assert translated_columns(target) == translated_columns(source)
    hashes = file_hashes(target_media)
    assert hashes == file_hashes(source_media)
    assert hashes, "the drill must carry at least one uploaded file"


def drill(source_url, source_media, target_url, target_media, tmp_path, django_db_blocker):
    facts = build_portal(source_url, source_media)

    folder = backup(source_url, source_media, tmp_path / "backups")
    done = restore(folder, target_url, target_media)

    assert "Restored and verified" in done.stdout, done.stdout
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["rows"]["meetings.meeting"] > 0
    assert manifest["rows"]["meetings.historicalmeeting"] > manifest["rows"]["meetings.meeting"]
    assert any(content.endswith(".pdf") for content in manifest["media"])
    with (
        opened(source_url, "backup_source", django_db_blocker) as source,
        opened(target_url, "backup_target", django_db_blocker) as target,
    ):
        assert_same_portal(source, target, source_media, target_media)
        from meetings.models import Meeting

        edited = Meeting.objects.using(target).get(uid=facts["edited"])
        assert edited.title_lo == "ກອງປະຊຸມທີ່ແກ້ໄຂ"
        assert edited.history.using(target).first().history_change_reason == (
            "correction after seeding"
        )
        assert not Meeting.objects.using(target).filter(uid=facts["deleted"]).exists()
        # The restored database brought back the source's content generation, under which
        # pages and API representations of the past may still be kept: the restore moved it.
        assert content_generation(target) != content_generation(source)
    assert FILE_CONTENT in {path.read_bytes() for path in target_media.rglob("*.pdf")}
    return folder


def test_restore_drill_on_sqlite(tmp_path, django_db_blocker):
    source_media, target_media = tmp_path / "media", tmp_path / "restored-media"
    source_url, target_url = sqlite_url(tmp_path / "db.sqlite3"), sqlite_url(tmp_path / "new.db")

    folder = drill(source_url, source_media, target_url, target_media, tmp_path, django_db_blocker)

    assert (folder / SQLITE_COPY).is_file()
    # A second restore into the now full database is refused and changes nothing ...
    refused = restore(folder, target_url, target_media, check=False)
    assert refused.returncode != 0
    assert "already holds records" in refused.stderr
    # ... unless the operator says so, and then it is verified again.
    assert "Restored and verified" in restore(folder, target_url, target_media, "--force").stdout


def test_a_damaged_backup_fails_its_verification(tmp_path):
    source_media, target_media = tmp_path / "media", tmp_path / "restored-media"
    source_url = sqlite_url(tmp_path / "db.sqlite3")
    run("migrate", "--no-input", database_url=source_url, media=source_media)
    source_media.mkdir(parents=True, exist_ok=True)
    (source_media / "kept.txt").write_text("a file the restore must bring back")
    folder = backup(source_url, source_media, tmp_path / "backups")
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["media"]["kept.txt"] = "0" * 64
    manifest["rows"]["auth.user"] = 7
    (folder / MANIFEST).write_text(json.dumps(manifest))

    done = restore(folder, sqlite_url(tmp_path / "new.db"), target_media, check=False)

    assert done.returncode != 0
    assert "media kept.txt: different content" in done.stderr
    assert "auth.user: 0 rows, the backup had 7" in done.stderr


@pytest.fixture
def scratch_databases():
    """Two new, empty PostgreSQL databases, test_restore_<pid>_source and _target, dropped
    afterwards."""
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    admin = urlunsplit(parts._replace(path="/postgres", query=""))
    names = [f"test_restore_{os.getpid()}_{role}" for role in ("source", "target")]
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield [urlunsplit(parts._replace(path=f"/{name}", query="")) for name in names]
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@requires_full_stack
def test_restore_drill_on_postgresql(tmp_path, scratch_databases, django_db_blocker):
    source_url, target_url = scratch_databases
    source_media, target_media = tmp_path / "media", tmp_path / "restored-media"

    folder = drill(source_url, source_media, target_url, target_media, tmp_path, django_db_blocker)

    assert (folder / PG_DUMP).read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    refused = restore(folder, target_url, target_media, check=False)
    assert refused.returncode != 0
    assert "already holds records" in refused.stderr
    forced = restore(folder, target_url, target_media, "--force")
    assert "Restored and verified" in forced.stdout
