"""`python -m bench.explain` (make bench-explain): the query plans of the hot requests on the
benchmark's data set, for docs/performance.md.

Each request of the benchmark's scenarios is made once through Django's test client on the
data set `make bench` uses (SQLite, or PostgreSQL with DATABASE_URL); every SELECT it runs is
printed with its plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL), and a plan that
reads a whole table of the data set without an index is flagged "FULL SCAN".
"""

import datetime
import os
import re
import sys

from bench.dataset import Sizes, prepare
from bench.harness import SERVER_ENV, _out

# A scan of a table this small is the planner's best choice at any size of the data set; the
# flag is for the tables that grow with it (activities, meetings, documents, the index).
LARGE_TABLE_ROWS = 10_000
# SQLite "SCAN t" without "USING ... INDEX" (a virtual table, a subquery or a constant row is
# no table scan); PostgreSQL "Seq Scan on t".
SCAN = re.compile(
    r"\bSCAN (?!subquery|CONSTANT|\w+ VIRTUAL)(\w+)\b(?! USING (?:COVERING )?INDEX)"
    r"|Seq Scan on (\w+)"
)


def _requests(fx: dict) -> list[tuple[str, str]]:
    from urllib.parse import quote

    api = "/api/v1/activities/?lang=km"
    since = quote(fx["since"].isoformat())
    return [
        ("API list, page 1", api),
        (f"API cursor page {fx['deep_page']}", f"{api}&cursor={fx['deep_cursor']}"),
        ("API updated_since page", f"/api/v1/activities/?updated_since={since}&page_size=500"),
        ("portal home (the current plan's progress)", "/km/"),
        ("portal meeting list, a deep page", f"/km/meetings/?page={fx['meeting_pages']}"),
        ("portal activity page", f"/km/workplans/activities/{fx['activity_slugs'][0]}/"),
        ("portal meeting page", f"/km/meetings/{fx['meeting_slugs'][0]}/"),
        ("search, common term", "/api/v1/search/?q=civil+service&lang=en"),
        ("search, Khmer", f"/api/v1/search/?q={quote('ក្រសួងមុខងារសាធារណៈ')}&lang=km"),
    ]


_ROWS: dict[str, int] = {}


def _rows(cursor, table: str) -> int:
    if table not in _ROWS:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        _ROWS[table] = cursor.fetchone()[0]
    return _ROWS[table]


def _plan(cursor, vendor: str, sql: str, params) -> list[str]:
    if vendor == "sqlite":
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [row[3] for row in cursor.fetchall()]
    # The captured text has its values inlined: a LIKE's "%" must not read as a placeholder.
    cursor.execute("EXPLAIN " + sql.replace("%", "%%"), params)
    return [row[0] for row in cursor.fetchall()]


def main() -> int:
    for name, value in SERVER_ENV.items():
        os.environ[name] = value
    os.environ["API_REPRESENTATION_CACHE"] = "false"
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    _url, vendor = prepare(Sizes.from_env())
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.harness import _fixtures

    fx = _fixtures()
    fx["since"] = fx["newest"] - datetime.timedelta(seconds=1)
    client = Client(HTTP_HOST="127.0.0.1")
    failed = 0
    scans = 0
    for label, path in _requests(fx):
        client.get(path)  # warm: what only a first request does (content types) stays out
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        _out(f"\n### {label}: `{path[:90]}`\n")
        if status != 200:
            _out(f"answered {status}, not 200")
            failed += 1
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                # The captured SQL has its parameters inlined; it runs as it is.
                plan = _plan(cursor, vendor, sql, ())
                full = [
                    table
                    for match in SCAN.finditer("\n".join(plan))
                    for table in match.groups()
                    if table and _rows(cursor, table) >= LARGE_TABLE_ROWS
                ]
                scans += bool(full)
                flag = f"  <- FULL SCAN of {', '.join(full)}" if full else ""
                _out(f"- `{sql[:160]}`{flag}")
                for line in plan:
                    _out(f"    {line}")
    _out(f"\n{scans} queries read a large table without an index; {failed} requests failed.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
