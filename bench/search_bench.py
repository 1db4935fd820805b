"""Search latency on a generated corpus of at least 100,000 records (not a test).

    python -m bench.search_bench                   # SQLite, a throw-away file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accsm_dev python -m bench.search_bench
                                                   # PostgreSQL: uses <name>_search_bench
    DATABASE_URL=<a kept data set> python -m bench.search_bench --api
                                                   # the API's queries on `make bench`'s data

`--api` generates nothing: it sends the benchmark's search requests (bench/harness.py,
SEARCH_QUERIES: `/api/v1/search/?q=&lang=`) through Django's test client, with the settings
`make bench` serves with, to the database DATABASE_URL names (copy a kept data set first if
migrations are pending: they are not applied here), and prints p50 / p99 of the wall time
and the p50 of this thread's CPU time per query (on a shared machine the CPU time is the
steadier figure). A quick way to see a change to search before running the whole harness.

The corpus is made of sources in Khmer, Lao, Vietnamese and English whose texts are sentences of
the seed documents shuffled together, so words repeat as they do in real records. Each query
runs the portal's whole search (ranking, count, first page with snippets) and is timed; on
PostgreSQL the queries run again without the trigram index, and EXPLAIN shows which plan
answered. Prints a table; docs/search.md keeps the figures.
"""

import datetime
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.dataset import pg_recreate, seed_sentences

BASE_DIR = Path(__file__).resolve().parent.parent
RECORDS = int(os.environ.get("BENCH_RECORDS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
QUERIES = [
    ("km", "ក្រសួងមុខងារសាធារណៈ"),  # frequent phrase
    ("km", "សាលាភូមិន្ទរដ្ឋបាល"),
    ("km", "ស្ដីពី"),  # COENG DA typed, COENG TA written: many hits
    ("lo", "ຮ່ວມມືອາຊຽນ"),
    ("lo", "ເຈົ້າຫນ້າທີ່ອາວຸໂສ"),
    ("vi", "cong vu"),
    ("vi", "số hoá"),
    ("vi", "vụ"),  # two characters: no trigram
    ("en", "civil service"),
    ("en", "putrajaya"),
    ("en", "zzyzx nothing"),  # no hit
]


def _out(line: str) -> None:
    """This program's output is its table (print is kept out of the code base by ruff)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _configure() -> str:
    """Point Django at a database of its own for the benchmark; returns the vendor label."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        parts = urlsplit(url)
        # Not `<name>_bench`: that is the data set `make bench` keeps (bench/dataset.py).
        name = parts.path.lstrip("/") + "_search_bench"
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        pg_recreate(os.environ["DATABASE_URL"])
    else:
        path = Path("/tmp/accsm-search-bench.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accsm_portal.settings.test")
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


def _generate(count: int) -> None:
    from django.db import transaction

    from accsm_portal.core.models import Source
    from accsm_portal.search.models import SearchEntry
    from accsm_portal.search.registry import BY_KEY
    from accsm_portal.search.services import search_entries_build

    rng = random.Random(2021)
    pools = seed_sentences()
    kind = BY_KEY["source"]
    languages, weights = ["km", "lo", "vi", "en"], [30, 20, 25, 25]
    batch = 2000
    for start in range(0, count, batch):
        sources = []
        for n in range(start, min(count, start + batch)):
            language = rng.choices(languages, weights)[0]
            pool = pools[language]
            text = " ".join(rng.sample(pool, k=min(len(pool), rng.randint(3, 8))))
            year = rng.randint(1995, 2025)
            sources.append(
                Source(
                    uid=uuid.UUID(int=rng.getrandbits(128), version=4),
                    slug=f"bench-{n}",
                    **{
                        "title_en": rng.choice(pools["en"])[:200],
                        f"title_{language}": rng.choice(pool)[:200],
                    },
                    language=language,
                    original_language=language,
                    published_on=datetime.date(year, rng.randint(1, 12), 1),
                    text=text,
                    publication_state="published",
                )
            )
        with transaction.atomic():
            Source.objects.bulk_create(sources)
            entries = [e for s in sources for e in search_entries_build(kind=kind, record=s)]
            SearchEntry.objects.bulk_create(entries, batch_size=1000)
        sys.stderr.write(f"\r  generated {min(count, start + batch):>7} records")
    sys.stderr.write("\n")


def _time_queries() -> list[tuple[str, str, int, float, float]]:
    from accsm_portal.lib.search import parse_query
    from accsm_portal.search.selectors import language_order, search_hits, search_ranked

    rows = []
    for language, text in QUERIES:
        query = parse_query(text)
        timings = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            ranked = search_ranked(query, reader_language="en")
            total = ranked.count()
            search_hits(list(ranked[:20]), query, order=language_order("en"), reader_language="en")
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        rows.append((language, text, total, statistics.median(timings), p95))
    return rows


def _print_table(title: str, rows) -> None:
    _out(f"\n{title}")
    _out(f"{'lang':<5} {'query':<24} {'records':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for language, text, total, p50, p95 in rows:
        _out(f"{language:<5} {text:<24} {total:>8} {p50:>8.1f} {p95:>8.1f}")


def _plans() -> None:
    from django.db import connection

    from accsm_portal.lib.search import parse_query
    from accsm_portal.search.selectors import Filters, candidate_sql

    for language, text in QUERIES:
        # The text rows' candidates of the whole index, as a search asks past its samples.
        sql, params = candidate_sql(
            parse_query(text), Filters(levels=["public"]), [language], is_title=False
        )
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        uses = "trigram index" if "search_entry_folded_trgm" in plan else "sequential scan"
        first = plan.splitlines()[0].strip()
        _out(f"  {text:<24} {uses:<16} {first}")


def api_main() -> None:
    """The API's search requests against an existing data set (see the module docstring)."""
    from bench.harness import SEARCH_QUERIES, SERVER_ENV

    for name, value in SERVER_ENV.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()
    from urllib.parse import quote

    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    _out(f"database: {connection.vendor} {connection.settings_dict['NAME']}, runs: {REPEAT}")
    _out(f"{'lang':<5} {'query':<24} {'count':>7} {'p50 ms':>8} {'p99 ms':>8} {'cpu p50':>8}")
    for language, text in SEARCH_QUERIES:
        path = f"/api/v1/search/?q={quote(text)}&lang={language}"
        body = client.get(path).json()  # a first request warms the caches, untimed
        wall, cpu = [], []
        for _ in range(REPEAT):
            started, started_cpu = time.perf_counter(), time.thread_time()
            client.get(path)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.sort()
        p99 = wall[min(len(wall) - 1, round(0.99 * (len(wall) - 1)))]
        count = f"{body['count']}{'+' if body['count_capped'] else ''}"
        _out(
            f"{language:<5} {text:<24} {count:>7} {statistics.median(wall):>8.1f} "
            f"{p99:>8.1f} {statistics.median(cpu):>8.1f}"
        )


def main() -> None:
    if "--api" in sys.argv[1:]:
        api_main()
        return
    vendor = _configure()
    from django.core.management import call_command
    from django.db import connection

    from accsm_portal.search.models import SearchEntry

    _out(f"database: {vendor}, records: {RECORDS}, runs per query: {REPEAT}")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if vendor == "postgresql":
        # A bulk load builds the GIN index once at the end, as a restore would: maintaining
        # it row by row makes the load several times slower.
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX search_entry_folded_trgm")
    _generate(RECORDS)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE INDEX search_entry_folded_trgm ON search_searchentry "
                "USING gin (folded gin_trgm_ops)"
            )
            cursor.execute("ANALYZE search_searchentry")
    entries = SearchEntry.objects.count()
    _out(f"index: {entries} entries, built in {time.perf_counter() - started:.0f} s")
    _print_table("search (count + first page with snippets)", _time_queries())
    if vendor == "postgresql":
        _out("\nplans (EXPLAIN of the matching step):")
        _plans()
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX search_entry_folded_trgm")
        _print_table("without the trigram index", _time_queries())


if __name__ == "__main__":
    main()
