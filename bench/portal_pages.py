"""Uncached portal pages, measured in process with the Django test client: p50/p90 per page
kind, with the SQL each page sends and its time, on the data set `DATABASE_URL` names.

    DATABASE_URL=sqlite:////tmp/accsm-bench/<fingerprint>_bench.sqlite3 \
        .venv/bin/python -m bench.portal_pages [--n 50] [--only meeting_list,activity]

The page cache is off (PAGE_CACHE_SECONDS=0), so every request renders, as in the benchmark's
"uncached" scenarios where each address is asked once. A quicker loop than `make bench` for
finding what a page spends its time on; the figures to report stay the harness's (through
gunicorn). Reads only: safe on the shared data sets."""

import argparse
import os
import random
import statistics
import sys
import time

from bench.harness import SERVER_ENV


def _setup() -> None:
    for key, value in SERVER_ENV.items():
        os.environ.setdefault(key, value)
    if "--cache" not in sys.argv:
        os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ["ALLOWED_HOSTS"] = os.environ["ALLOWED_HOSTS"] + ",testserver"
    import django

    django.setup()


def _addresses(n: int) -> dict[str, list[str]]:
    from django.db.models import Count

    from accsm_portal.core.selectors import member_state_list
    from arcs.selectors import resource_centre_list_public
    from meetings.selectors import meeting_list_public
    from workplans.selectors import activity_list_public, work_plan_list_public

    rng = random.Random(12)
    meetings = meeting_list_public()
    pages = max(1, meetings.count() // 20)
    # The plan with the most activities first.
    plans = list(
        work_plan_list_public()
        .annotate(size=Count("activities"))
        .order_by("-size")
        .values_list("slug", flat=True)
    )
    states = [c.code.lower() for c in member_state_list()]
    # The two member states leading the most activities.
    leading = [
        row["lead_country__code"].lower()
        for row in activity_list_public()
        .values("lead_country__code")
        .annotate(n=Count("pk"))
        .order_by("-n")[:2]
    ]
    centres = list(resource_centre_list_public().values_list("slug", flat=True))
    return {
        "meeting_list": [
            f"/km/meetings/?page={p}" for p in rng.sample(range(1, pages + 1), min(n, pages))
        ],
        # Seeded samples: two runs (two branches) ask the same addresses.
        "activity": [
            f"/km/workplans/activities/{s}/"
            for s in rng.sample(sorted(activity_list_public().values_list("slug", flat=True)), n)
        ],
        "meeting": [
            f"/km/meetings/{s}/"
            for s in rng.sample(sorted(meetings.values_list("slug", flat=True)), n)
        ],
        "work_plan": [f"/km/workplans/{s}/" for s in plans],
        "work_plan_list": ["/km/workplans/"],
        # The pages of a plan's largest area, and of the activities a member state leads
        # (routes of this branch: absent before it, so left out with --only there).
        "work_plan_area": [
            f"/km/workplans/{plans[0]}/activities/?track={track}&area=none&page={p}"
            for i, p in enumerate(rng.sample(range(1, 1000), n))
            for track in [("accsm", "plus_three")[i % 2]]
        ]
        if plans
        else [],
        "state_activities": [
            f"/km/states/{code}/activities/?page={p}"
            for code in leading
            for p in rng.sample(range(1, 1000), 5)
        ],
        "arcs": ["/km/arcs/"] + [f"/km/arcs/{s}/" for s in centres[:5]],
        "home": ["/km/"],
        "states": ["/km/states/"] + [f"/km/states/{c}/" for c in states[:5]],
    }


def _measure(client, paths: list[str], repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # One untimed request first: the templates, translations and connection warm up.
    client.get(paths[0])
    times, queries, sql_ms, sizes = [], [], [], []
    for _ in range(repeat):
        for path in paths:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code}")
            queries.append(len(captured))
            sql_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
            sizes.append(len(response.content))
    return {
        "p50": statistics.median(times),
        "p90": sorted(times)[int(len(times) * 0.9)] if len(times) > 1 else times[0],
        "max": max(times),
        "queries": max(queries),
        "sql_ms": statistics.median(sql_ms),
        "kb": statistics.median(sizes) / 1024,
        "n": len(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=50, help="addresses per page kind")
    parser.add_argument("--only", default="", help="comma-separated page kinds")
    parser.add_argument(
        "--cache",
        action="store_true",
        help="keep the page cache on, each address asked once (a miss, as in `make bench`)",
    )
    args = parser.parse_args()
    _setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # CaptureQueriesContext records the SQL's time only with debug cursors.
    connection.force_debug_cursor = True
    kinds = _addresses(args.n)
    only = [k for k in args.only.split(",") if k]
    client = Client()
    out = sys.stdout
    # The page cache is "pages" (Redis) with REDIS_URL, otherwise "page-store" (memory).
    pages = settings.CACHES.get("pages") or settings.CACHES["page-store"]
    out.write(
        f"{connection.vendor}, DEBUG={settings.DEBUG}, "
        f"page cache {settings.PAGE_CACHE_SECONDS} s ({pages['BACKEND']})\n"
    )
    out.write(
        f"{'page':16} {'n':>4} {'p50 ms':>8} {'p90 ms':>8} {'max ms':>8} "
        f"{'queries':>7} {'SQL ms':>7} {'KB':>7}\n"
    )
    for kind, paths in kinds.items():
        if (only and kind not in only) or not paths:
            continue
        # Pages with few addresses are asked several times (there is no cache to hit).
        if args.cache:
            # Each address once, and a fresh one for a page with few: every request misses.
            stamp = time.time_ns()
            paths = [
                f"{p}{'&' if '?' in p else '?'}bust={stamp}-{i}"
                for i, p in enumerate(paths * max(1, 10 // len(paths)))
            ]
            r = _measure(client, paths, repeat=1)
        else:
            r = _measure(client, paths, repeat=max(1, 10 // len(paths)))
        out.write(
            f"{kind:16} {r['n']:4} {r['p50']:8.1f} {r['p90']:8.1f} {r['max']:8.1f} "
            f"{r['queries']:7} {r['sql_ms']:7.1f} {r['kb']:7.0f}\n"
        )
        out.flush()


if __name__ == "__main__":
    main()
