"""Moving a running portal to another database (`manage.py move_database`, docs/operations.md).

A source portal is built as `make run` builds one, in a SQLite file: migrate, seed, then edits
that leave history, a tombstone, a deleted record, an uploaded file, users, a custom group and
a partner's API token. Each move is run as an operator runs it (manage.py in a process of its
own), and the two databases are then compared row by row, and through the portal itself: two
servers, one on each database, must answer the same pages, searches and API mirror.
"""

import contextlib
import hashlib
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import environ
import pytest
from django.apps import apps
from django.conf import settings

from accsm_portal.management.commands.move_database import database_connection
from bench.search_bench import QUERIES
from tests.api.test_sync import Mirror
from tests.search.test_text import KM_SENTENCE, LO_SENTENCE, VI_SENTENCE

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# The search benchmark's queries and the seed phrases of the search tests (a query takes a few
# words, so the sentences are cut).
PHRASES = [
    *QUERIES,
    ("km", KM_SENTENCE.split()[-1]),
    ("lo", LO_SENTENCE[:30]),
    ("vi", " ".join(VI_SENTENCE.split()[:6])),
]
PAGES = ["", "meetings/", "meetings/calendar/", "workplans/", "arcs/", "states/", "documents/"]
FILE_CONTENT = "ສະບັບພາສາລາວ".encode() + b"\x00%PDF-1.4 bytes that must survive\xff"

# The edits a secretariat makes after seeding; prints what the test needs to know afterwards.
EDITS = """
import json
from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError
from accsm_portal.core.models import Document, DocumentFile
from accsm_portal.core.services import record_save, record_set_publication
from accsm_portal.models import ApiToken
from meetings.models import Meeting

meetings = list(Meeting.objects.published().filter(agenda_items__isnull=False).distinct()
                .order_by("pk"))
edited, unpublished = meetings[0], meetings[1]
edited.title_km = "កិច្ចប្រជុំដែលបានកែសម្រួល"
edited.title_lo = "ກອງປະຊຸມທີ່ແກ້ໄຂ"
edited.title_vi = "Cuộc họp đã được sửa"
record_save(record=edited, reason="correction after seeding")
record_set_publication(record=unpublished, state="draft", reason="withdrawn")
for deleted in meetings[2:]:  # the first one that nothing protects (handovers, reports)
    try:
        with transaction.atomic():
            deleted.delete()
        break
    except ProtectedError:
        continue

document = Document.objects.exclude(files__language="lo").order_by("pk").first()
stored = DocumentFile(document=document, language="lo")
stored.file.save("statement-lo.pdf", ContentFile(bytes.fromhex("%(file)s")), save=False)
record_save(record=stored)

partner = User.objects.create_user("partner-system")
partner.groups.add(Group.objects.get(name="partner"))
editor = User.objects.create_user("editor", "editor@example.org", "a long passphrase")
editor.groups.add(Group.objects.get(name="secretariat_editor"))
auditors = Group.objects.create(name="auditors")
auditors.permissions.add(*Permission.objects.filter(codename__startswith="view_"))
_token, text = ApiToken.issue(user=partner, name="Mirror")
print(json.dumps({"token": text, "edited": str(edited.uid), "deleted": str(deleted.uid)}))
""".replace("%(file)s", FILE_CONTENT.hex())


def environment(database_url: str, media: Path) -> dict[str, str]:
    """A portal process on that database and media folder, tasks run in process: the test's
    Redis and worker belong to the test database, not to these."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
        DJANGO_SETTINGS_MODULE="accsm_portal.settings.test",
    )
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        env.pop(name, None)
    return env


def run(*args: str, database_url: str, media: Path, check: bool = True):
    """manage.py in its own process on the given database, as an operator runs it."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment(database_url, media),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


def move(source: str, target: str, media: Path, *, check: bool = True):
    """`manage.py move_database --to <target>` run by an operator of the portal on `source`."""
    return run("move_database", "--to", target, database_url=source, media=media, check=check)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """A portal on SQLite with seed records and a secretariat's edits; its media folder."""
    folder = tmp_path_factory.mktemp("portal")
    media = folder / "media"
    url = sqlite_url(folder / "db.sqlite3")
    run("migrate", "--no-input", database_url=url, media=media)
    run("seed", database_url=url, media=media)
    edits = run("shell", "-c", EDITS, database_url=url, media=media)
    facts = json.loads(edits.stdout.strip().splitlines()[-1])
    return {"url": url, "media": media, "path": folder / "db.sqlite3", **facts}


@pytest.fixture
def scratch_postgres():
    """A new, empty PostgreSQL database named accsm_i15_move_<random>, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs PostgreSQL (DATABASE_URL); CI runs this in its full-stack pass")
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.strip('/')}_move_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield urlunsplit(parts._replace(path=f"/{name}", query=""))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------------------------------------
# Reading both databases
# ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def opened(url: str, alias: str, django_db_blocker):
    with django_db_blocker.unblock(), database_connection(environ.Env.db_url_config(url), alias):
        yield alias


def snapshot(alias: str) -> dict[str, list[tuple]]:
    """Every row of every table (the search index apart), by model, in primary-key order.

    A many-to-many link row is compared by what it links: loaddata writes the links anew (its
    own id is not referred to from anywhere)."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label == "search.SearchEntry":
            continue
        fields = model._meta.concrete_fields
        if model._meta.auto_created:
            fields = [field for field in fields if not field.primary_key]
        columns = [field.attname for field in fields]
        rows[model._meta.label] = list(
            model._base_manager.using(alias).order_by(*columns).values_list(*columns)
        )
    return rows


def search_index(alias: str) -> set[tuple]:
    from accsm_portal.search.models import SearchEntry

    return set(
        SearchEntry.objects.using(alias).values_list(
            "record_type", "object_uid", "language", "is_title", "key", "folded", "display"
        )
    )


def file_hashes(alias: str, media: Path) -> dict[int, str]:
    from accsm_portal.core.models import DocumentFile

    return {
        pk: hashlib.sha256((media / name).read_bytes()).hexdigest()
        for pk, name in DocumentFile.objects.using(alias).exclude(file="").values_list("pk", "file")
    }


def translated_columns(alias: str) -> dict[str, list[tuple]]:
    """Every language column of every translated model, as stored."""
    from modeltranslation.translator import translator

    found = {}
    for model in translator.get_registered_models(abstract=False):
        options = translator.get_options_for_model(model)
        columns = sorted(
            f.name for fields in options.all_fields.values() for f in fields if f.concrete
        )
        if columns:
            found[model._meta.label] = list(
                model._base_manager.using(alias).order_by("pk").values_list("pk", *columns)
            )
    return found


def compare(source: str, target: str, media: Path) -> dict[str, list[tuple]]:
    before, after = snapshot(source), snapshot(target)
    assert {label: len(r) for label, r in after.items()} == {
        label: len(r) for label, r in before.items()
    }
    assert translated_columns(target) == translated_columns(source)
    for label in before:
        assert after[label] == before[label], label
    assert search_index(target) == search_index(source)
    assert file_hashes(target, media) == file_hashes(source, media)
    return after


# ---------------------------------------------------------------------------------------------
# Asking the portal itself
# ---------------------------------------------------------------------------------------------


class Answer:
    def __init__(self, status: int, content: bytes):
        self.status_code, self.content = status, content

    def json(self):
        return json.loads(self.content)


class Http:
    """The little of Django's test client that tests/api/test_sync.py's Mirror uses, over HTTP."""

    def __init__(self, base: str, headers: dict | None = None):
        self.base, self.headers = base, headers or {}

    def get(self, url: str) -> Answer:
        address = url if url.startswith("http") else f"{self.base}{url}"
        request = urllib.request.Request(address, headers=self.headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return Answer(response.status, response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(database_url: str, media: Path):
    """The portal on that database, served at 127.0.0.1 by `manage.py runserver`."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=environment(database_url, media),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(120):
            with contextlib.suppress(OSError):
                if Http(base).get("/healthz").status_code == 200:
                    break
            time.sleep(0.25)
        else:
            pytest.fail(f"runserver on {database_url} did not answer")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _page(client: Http, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, path
    return answer.content.decode()


def portal_answers(base: str, token: str) -> dict:
    """What visitors, searchers and partners get from this portal."""
    anonymous, partner = Http(base), Http(base, {"Authorization": f"Bearer {token}"})
    answers: dict = {}
    for lang in LANGUAGES:
        for path in PAGES:
            answers[f"/{lang}/{path}"] = _page(anonymous, f"/{lang}/{path}")
        details = re.findall(rf'href="(/{lang}/meetings/[\w-]+/)"', answers[f"/{lang}/meetings/"])
        for path in sorted(set(details) - {f"/{lang}/meetings/calendar/"})[:4]:
            answers[path] = _page(anonymous, path)
    for lang, phrase in PHRASES:
        answers[f"search {lang} {phrase}"] = _page(anonymous, f"/{lang}/search/?q={quote(phrase)}")
        api = anonymous.get(f"/api/v1/search/?q={quote(phrase)}&language={lang}")
        assert api.status_code == 200
        answers[f"api search {lang} {phrase}"] = api.json()
    for name, kind in [("meetings", "meeting"), ("documents", "document"), ("arcs", "arc")]:
        for who, client in [("public", anonymous), ("partner", partner)]:
            mirror = Mirror(client, name, kind)
            mirror.sync()
            answers[f"mirror {who} {name}"] = mirror.records
    answers["partner token"] = partner.get("/api/v1/documents/").status_code
    # Links name the server's address, which differs between the two servers.
    return json.loads(
        json.dumps(answers, ensure_ascii=False).replace(urlsplit(base).netloc, "portal")
    )


def assert_same_portal(before: dict, after: dict, *, line_order: bool = True) -> None:
    """The same answers; with line_order=False a page may list the same lines in another
    order (PostgreSQL and SQLite break ties of a page's ordering differently: the meeting
    page's delegations of one kind; the data compared equal row by row)."""
    assert after.keys() == before.keys()
    for key in before:
        if line_order:
            assert after[key] == before[key], key
        else:
            assert unordered(after[key]) == unordered(before[key]), key


def unordered(value):
    """The value with every list (and a page's lines) in one canonical order."""
    if isinstance(value, str):
        return sorted(value.splitlines())
    if isinstance(value, dict):
        return {key: unordered(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted((unordered(item) for item in value), key=json.dumps)
    return value


# ---------------------------------------------------------------------------------------------
# The moves
# ---------------------------------------------------------------------------------------------


def test_a_move_to_sqlite_copies_everything_and_the_portal_answers_the_same(
    portal, tmp_path, django_db_blocker
):
    target = sqlite_url(tmp_path / "copy.sqlite3")

    moved = move(portal["url"], target, portal["media"])

    assert "Moved" in moved.stdout
    with (
        opened(portal["url"], "move_source", django_db_blocker) as source,
        opened(target, "move_copy", django_db_blocker) as copy,
    ):
        rows = compare(source, copy, portal["media"])
    # The comparison saw what matters, so it could have failed: edits, deletions, tokens.
    assert rows["accsm_portal.ApiToken"]
    assert rows["accsm_portal.Tombstone"]
    history_type = [
        f.attname for f in apps.get_model("meetings.HistoricalMeeting")._meta.concrete_fields
    ].index("history_type")
    assert {row[history_type] for row in rows["meetings.HistoricalMeeting"]} == {"+", "~", "-"}
    with serving(portal["url"], portal["media"]) as base:
        before = portal_answers(base, portal["token"])
    with serving(target, portal["media"]) as base:
        after = portal_answers(base, portal["token"])
    assert before["partner token"] == 200
    assert portal["deleted"] not in before["mirror public meetings"]
    assert before["mirror public meetings"][portal["edited"]]
    assert any(hits["count"] for key, hits in before.items() if key.startswith("api search"))
    assert_same_portal(before, after)


def test_a_target_that_holds_records_is_refused_and_left_as_it_was(
    portal, tmp_path, django_db_blocker
):
    target = sqlite_url(tmp_path / "copy.sqlite3")
    move(portal["url"], target, portal["media"])
    with opened(target, "move_copy", django_db_blocker) as copy:
        before = snapshot(copy)

    again = move(portal["url"], target, portal["media"], check=False)

    assert again.returncode == 1
    assert "The target database is not empty" in again.stderr
    assert "move into a new, empty database" in again.stderr
    with opened(target, "move_copy", django_db_blocker) as copy:
        assert snapshot(copy) == before


def test_bad_targets_get_a_clear_answer(portal):
    for target, message in [
        ("mysql://root@127.0.0.1/accsm", "must be a PostgreSQL or SQLite database"),
        ("not a url", "is not a database URL"),
        (portal["url"], "is the portal's own database"),
    ]:
        done = move(portal["url"], target, portal["media"], check=False)
        assert done.returncode == 1, target
        assert message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def broken_copy(portal, folder: Path) -> str:
    """A copy of the portal whose database holds a reference to nothing, which SQLite accepts
    with its foreign keys off (an old database, a hand edit) and a load refuses."""
    path = folder / "broken.sqlite3"
    with sqlite3.connect(portal["path"]) as original, sqlite3.connect(path) as copy:
        original.backup(copy)
    with contextlib.closing(sqlite3.connect(path)) as database:
        database.execute("PRAGMA foreign_keys = OFF")
        database.execute(
            "UPDATE core_citation SET source_id = 987654 WHERE id = (SELECT max(id) FROM"
            " core_citation)"
        )
        database.commit()
    return sqlite_url(path)


def test_a_move_that_fails_midway_leaves_no_target_and_the_source_untouched(
    portal, tmp_path, django_db_blocker
):
    source = broken_copy(portal, tmp_path)
    with opened(source, "move_source", django_db_blocker) as alias:
        before = snapshot(alias)
    target = tmp_path / "copy.sqlite3"

    failed = move(source, sqlite_url(target), portal["media"], check=False)

    assert failed.returncode == 1
    assert "The move failed; nothing was kept in the target database" in failed.stderr
    assert not target.exists()
    with opened(source, "move_source", django_db_blocker) as alias:
        assert snapshot(alias) == before


# ---------------------------------------------------------------------------------------------
# PostgreSQL (the full-stack pass)
# ---------------------------------------------------------------------------------------------


def test_a_move_to_postgresql_and_back_copies_everything(
    portal, scratch_postgres, tmp_path, django_db_blocker
):
    # when: the SQLite portal moves to PostgreSQL
    move(portal["url"], scratch_postgres, portal["media"])

    # then: every row, the index and the files are the same, and so is the portal
    with (
        opened(portal["url"], "move_source", django_db_blocker) as source,
        opened(scratch_postgres, "move_postgres", django_db_blocker) as postgres,
    ):
        compare(source, postgres, portal["media"])
    with serving(portal["url"], portal["media"]) as base:
        before = portal_answers(base, portal["token"])
    with serving(scratch_postgres, portal["media"]) as base:
        assert_same_portal(before, portal_answers(base, portal["token"]), line_order=False)

    # and: sequences continue after the copied ids, so new records and their history save
    created = run(
        "shell",
        "-c",
        "from tests.factories import SourceFactory, CountryFactory\n"
        "print(SourceFactory().pk, CountryFactory().pk)",
        database_url=scratch_postgres,
        media=portal["media"],
    )
    with opened(portal["url"], "move_source", django_db_blocker) as source:
        from accsm_portal.core.models import Country, Source

        highest = [
            max(Source.objects.using(source).values_list("pk", flat=True)),
            max(Country.objects.using(source).values_list("pk", flat=True)),
        ]
    new = [int(pk) for pk in created.stdout.split()[-2:]]
    assert all(pk > top for pk, top in zip(new, highest, strict=True))

    # when: a test copy is taken back from PostgreSQL into SQLite
    copy = sqlite_url(tmp_path / "test-copy.sqlite3")
    move(scratch_postgres, copy, portal["media"])

    # then: the copy is the PostgreSQL database, row for row
    with (
        opened(scratch_postgres, "move_postgres", django_db_blocker) as postgres,
        opened(copy, "move_copy", django_db_blocker) as sqlite_copy,
    ):
        compare(postgres, sqlite_copy, portal["media"])


def test_a_failed_move_to_postgresql_leaves_the_database_empty(
    portal, scratch_postgres, tmp_path, django_db_blocker
):
    source = broken_copy(portal, tmp_path)

    failed = move(source, scratch_postgres, portal["media"], check=False)

    assert failed.returncode == 1
    assert "nothing was kept in the target database" in failed.stderr
    with opened(scratch_postgres, "move_postgres", django_db_blocker) as alias:
        from django.db import connections

        assert connections[alias].introspection.table_names() == []
