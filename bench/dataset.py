"""The benchmark's data set: the seed records plus 100,000 activities, meetings, documents and
ARCs with text in English, Khmer, Lao and Vietnamese, generated once and reused.

Generated records are clones of the published seed records with new identifiers and new text
made of seed sentences shuffled together (so words repeat as in real records), loaded with
`bulk_create` (no history rows: the benchmark reads, it does not audit), then indexed for
search by the real `search_rebuild`. A data set is kept under a fingerprint of the generating
code, the fixtures and the sizes: a SQLite file in BENCH_DATA_DIR, or a PostgreSQL database
`<name>_bench` holding the fingerprint in a table; anything else is rebuilt. Migrations added
since are applied to a kept data set, as they would be to production (a rebuild costs about half
an hour at 100k); BENCH_REBUILD=1 forces one.
"""

import datetime
import hashlib
import inspect
import json
import os
import random
import re
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "km", "lo", "vi")
# How often a record has text in each language beside English (it always has English).
TRANSLATED_SHARE = {"km": 0.7, "lo": 0.6, "vi": 0.7}


@dataclass(frozen=True)
class Sizes:
    activities: int
    meetings: int
    documents: int
    arcs: int

    @classmethod
    def from_env(cls) -> "Sizes":
        if os.environ.get("BENCH_QUICK"):
            return cls(activities=300, meetings=30, documents=40, arcs=5)
        activities = int(os.environ.get("BENCH_ACTIVITIES", "100000"))
        return cls(
            activities=activities,
            meetings=max(10, activities // 50),
            documents=max(10, activities // 20),
            arcs=max(5, activities // 1000),
        )


def _out(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def fingerprint(sizes: Sizes) -> str:
    """Changes when the generator, the fixtures or the sizes change (not a migration: those
    are applied to the kept data set)."""
    # The generating code only: a docstring or the preparing code may change freely.
    generator = (seed_sentences, _Texts, _clone, _translated, _generate)
    digest = hashlib.sha256(repr((LANGUAGES, TRANSLATED_SHARE)).encode())
    for part in generator:
        digest.update(inspect.getsource(part).encode())
    for path in sorted((BASE_DIR / "fixtures").glob("*.json")):
        digest.update(path.read_bytes())
    digest.update(json.dumps(sizes.__dict__, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def database_url(sizes: Sizes) -> tuple[str, str]:
    """(the benchmark's DATABASE_URL, its vendor) from the caller's DATABASE_URL."""
    url = os.environ.get("DATABASE_URL", "")
    suffix = "_bench_quick" if os.environ.get("BENCH_QUICK") else "_bench"
    if url.startswith("postgres"):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/')}{suffix}")), "postgresql"
    folder = Path(os.environ.get("BENCH_DATA_DIR", "/tmp/accsm-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / (fingerprint(sizes) + suffix + '.sqlite3')}", "sqlite"


def _pg_ready(url: str, fp: str) -> bool:
    """Whether the PostgreSQL benchmark database holds this fingerprint; if not, make it anew
    (UTF-8 with a UTF-8 ctype, which the trigram index needs for Khmer and Lao)."""
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("SELECT fingerprint FROM bench_fingerprint").fetchone()
            if row and row[0] == fp:
                return True
    except psycopg.Error:
        pass
    pg_recreate(url)
    return False


def pg_recreate(url: str) -> None:
    """Drop and create the database of `url`: UTF-8 with a UTF-8 ctype (the trigram index
    needs it for Khmer and Lao)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )


def seed_sentences() -> dict[str, list[str]]:
    """Sentences of the seed records by language: source texts, and every language column."""
    pools: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    splitter = re.compile(r"(?<=[.!?។])\s+|\n+")
    for path in sorted((BASE_DIR / "fixtures").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            fields = item["fields"]
            if item["model"] == "core.source" and fields.get("text"):
                pools[fields["language"]] += splitter.split(fields["text"])
            for name, value in fields.items():
                if isinstance(value, str) and name[-3:] in ("_en", "_km", "_lo", "_vi"):
                    pools[name[-2:]] += splitter.split(value)
    return {
        lang: sorted({s.strip() for s in pool if len(s.strip()) > 15})
        for lang, pool in pools.items()
    }


class _Texts:
    """Titles of one sentence and bodies of a few, per language, reproducibly."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pools = seed_sentences()

    def languages(self) -> list[str]:
        others = [lang for lang, share in TRANSLATED_SHARE.items() if self.rng.random() < share]
        return ["en", *others]

    def title(self, language: str, limit: int) -> str:
        return self.rng.choice(self.pools[language])[:limit]

    def body(self, language: str, low: int = 1, high: int = 4) -> str:
        pool = self.pools[language]
        return " ".join(self.rng.sample(pool, k=min(len(pool), self.rng.randint(low, high))))


def _clone(template, **changes):
    """A new unsaved record with the template's column values and these changes."""
    model = type(template)
    values = {
        f.attname: getattr(template, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key
    }
    values.update(changes)
    return model(**values)


def _translated(texts: _Texts, fields: dict[str, tuple[int, bool]], model) -> dict:
    """Language columns of every translated field: {"title_en": ..., "title_km": ...}.

    `fields` maps a field to (max length, is a body) for this model."""
    from accsm_portal.lib.i18n import translated_fields

    columns: dict[str, str] = {}
    languages = texts.languages()
    for name, (limit, is_body) in fields.items():
        if name not in translated_fields(model):
            continue
        for language in LANGUAGES:
            text = ""
            if language in languages:
                text = texts.body(language) if is_body else texts.title(language, limit)
            columns[f"{name}_{language}"] = text
    return columns


def _generate(sizes: Sizes) -> None:
    from django.db import transaction

    from accsm_portal.core.models import Document
    from arcs.models import ResourceCentre
    from meetings.models import Meeting
    from workplans.models import Activity

    rng = random.Random(2021)
    texts = _Texts(rng)
    plans = [
        (Meeting, sizes.meetings, {"title": (255, False), "summary": (0, True)}),
        (Document, sizes.documents, {"title": (500, False), "summary": (0, True)}),
        (ResourceCentre, sizes.arcs, {"name": (255, False), "description": (0, True)}),
        (Activity, sizes.activities, {"title": (500, False), "description": (0, True)}),
    ]
    for model, count, fields in plans:
        templates = list(model.objects.published())
        if model is Activity:
            templates = [t for t in templates if t.work_plan.publication_state == "published"]
        batch = 2000
        for start in range(0, count, batch):
            records = []
            for n in range(start, min(count, start + batch)):
                template = templates[n % len(templates)]
                changes = {
                    "uid": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "slug": f"bench-{model._meta.model_name}-{n}",
                    **_translated(texts, fields, model),
                }
                if model is Meeting:
                    # Unique per series, kind, number and date.
                    changes["number"] = 1000 + n
                    changes["starts_on"] = datetime.date(2000, 1, 1) + datetime.timedelta(n)
                    changes["ends_on"] = changes["starts_on"] + datetime.timedelta(2)
                    changes["parent_id"] = None
                if model is Activity:
                    year = rng.randint(template.work_plan.starts_year, template.work_plan.ends_year)
                    changes["planned_start"] = datetime.date(year, rng.randint(1, 12), 1)
                    changes["planned_end"] = None
                records.append(_clone(template, **changes))
            with transaction.atomic():
                model.objects.bulk_create(records)
            _out(f"  {model._meta.verbose_name_plural}: {min(count, start + batch)}")


def prepare(sizes: Sizes) -> tuple[str, str]:
    """Make sure the benchmark database holds this data set; returns (DATABASE_URL, vendor).

    Runs in this process with Django set up on that database (the caller then serves it)."""
    url, vendor = database_url(sizes)
    fp = fingerprint(sizes)
    rebuild = bool(os.environ.get("BENCH_REBUILD"))
    if vendor == "postgresql":
        ready = not rebuild and _pg_ready(url, fp)
        if rebuild:
            pg_recreate(url)
    else:
        ready = not rebuild and Path(urlsplit(url).path).exists()
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    if ready:
        call_command("migrate", verbosity=0)
        if vendor == "postgresql":
            # What autovacuum does for a live database, at once: statistics for new indexes
            # (partial, on expressions), and a visibility map for index-only scans after the
            # rows the last run touched. On SQLite `migrate` itself runs ANALYZE
            # (accsm_portal/lib/planner_statistics.py).
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        _out(f"data set {fp}: reused, migrations applied ({url})")
        return url, vendor
    from django.db import connection

    from accsm_portal.search.services import search_rebuild

    _out(f"data set {fp}: generating {sizes} in {url}")
    sqlite_path = Path(urlsplit(url).path) if vendor == "sqlite" else None
    partial = sqlite_path.with_suffix(".partial") if sqlite_path else None
    if partial is not None:
        # Generate beside the final name and rename at the end: an interrupted run leaves no
        # half-built file that the next run would take for a finished one.
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        connection.settings_dict["NAME"] = str(partial)
        connection.close()
    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    if vendor == "postgresql":
        # The GIN index is built once after the bulk load, as a restore would.
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX search_entry_folded_trgm")
    _generate(sizes)
    counts = search_rebuild()
    _out(f"  search index: {sum(counts.values())} entries")
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                "CREATE INDEX search_entry_folded_trgm ON search_searchentry "
                "USING gin (folded gin_trgm_ops)"
            )
            cursor.execute("ANALYZE")
            cursor.execute("CREATE TABLE bench_fingerprint (fingerprint text)")
            cursor.execute("INSERT INTO bench_fingerprint VALUES (%s)", [fp])
        else:
            cursor.execute("ANALYZE")
    connection.close()
    if partial is not None and sqlite_path is not None:
        partial.rename(sqlite_path)
        connection.settings_dict["NAME"] = str(sqlite_path)
    return url, vendor
