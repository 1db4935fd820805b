"""`make bench`: the portal served by gunicorn on 127.0.0.1, driven at fixed concurrency by an
asyncio client (aiohttp), every figure a ratio to a plain Django view measured in the same run.

    make bench                                                        # SQLite (embedded default)
    DATABASE_URL=postgres://... REDIS_URL=redis://... make bench      # PostgreSQL + Redis
    BENCH_QUICK=1 make bench                                          # a small data set: smoke

Environment: BENCH_QUICK (small data set, few requests), BENCH_ACTIVITIES (default 100,000),
BENCH_CONCURRENCY (clients, default 2: one per core of the development machine),
BENCH_WORKERS (gunicorn workers, default 2), BENCH_PORT (default: a free port in 18800-18899),
BENCH_DATA_DIR (where SQLite data sets are kept), BENCH_RESULTS_DIR (default bench/results),
BENCH_REBUILD (generate the data set anew), BENCH_ONLY=dataset (prepare the data set, measure
nothing).

Prints one row per target with met / not met and writes bench/results/<vendor>-<time>.json.
docs/performance.md keeps the figures and explains each scenario.
"""

import asyncio
import datetime
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.dataset import BASE_DIR, Sizes, prepare

QUICK = bool(os.environ.get("BENCH_QUICK"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# Requests per scenario (bounded by count and by time).
SCALE = 0.05 if QUICK else 1.0
SCENARIO_SECONDS = 5 if QUICK else 30
SOAK_REQUESTS = 300 if QUICK else 10_000
# The query classes of docs/search.md, in every language.
SEARCH_QUERIES = [
    ("km", "ក្រសួងមុខងារសាធារណៈ"),
    ("km", "សាលាភូមិន្ទរដ្ឋបាល"),
    ("km", "ស្ដីពី"),
    ("lo", "ຮ່ວມມືອາຊຽນ"),
    ("lo", "ເຈົ້າຫນ້າທີ່ອາວຸໂສ"),
    ("vi", "cong vu"),
    ("vi", "số hoá"),
    ("vi", "vụ"),
    ("en", "civil service"),
    ("en", "putrajaya"),
    ("en", "zzyzx nothing"),
]
# Settings of the served portal and of this process (the same database and cache).
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "accsm_portal.settings.base",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-key-" + "q7w8e9r0t1" * 5,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "STATIC_MANIFEST": "false",
    "BENCH_PLAIN_VIEW": "true",
    # The benchmark is one client sending thousands of requests: no throttle may answer 429.
    # "none", not a huge rate: DRF's throttle keeps every request's time of the last minute
    # and rewrites that list on each request, which would be measured instead of the portal.
    "API_THROTTLE_ANON": "none",
    # Nothing runs a Celery worker here: index refreshes of the seed run in process.
    "CELERY_TASK_ALWAYS_EAGER": "true",
    # Seeding a new data set would render every meeting's PDF record in process.
    "MEETING_RECORD_PDF_PREPARE": "false",
    "LOG_LEVEL": "WARNING",
}


def _out(line: str = "") -> None:
    """This program's output is its table (print is kept out of the code base by ruff)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


@dataclass
class Measured:
    name: str
    requests: int
    seconds: float
    latencies_ms: list[float] = field(repr=False)
    statuses: dict[int, int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p99(self) -> float:
        return self.percentile(0.99)

    def summary(self, plain_rps: float | None) -> dict:
        return {
            "name": self.name,
            "requests": self.requests,
            "req_per_s": round(self.rps, 1),
            "ratio_to_plain": round(self.rps / plain_rps, 3) if plain_rps else None,
            "p50_ms": round(self.p50, 2),
            "p99_ms": round(self.p99, 2),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
        }


class Client:
    """Fixed-concurrency keep-alive clients sharing one list of requests."""

    def __init__(self, base: str, session) -> None:
        self.base = base
        self.session = session
        self.total = 0

    async def run(self, name: str, requests: list, *, count: int | None = None) -> Measured:
        """Send `count` requests (cycling through `requests`: (path, headers)), within the
        scenario's time bound, CONCURRENCY at a time."""
        count = count or len(requests)
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        position = 0
        deadline = time.perf_counter() + SCENARIO_SECONDS

        async def worker() -> None:
            nonlocal position
            while position < count and time.perf_counter() < deadline:
                path, headers = requests[position % len(requests)]
                position += 1
                started = time.perf_counter()
                async with self.session.get(self.base + path, headers=headers) as response:
                    await response.read()
                    status = response.status
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[status] = statuses.get(status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        seconds = time.perf_counter() - started
        self.total += len(latencies)
        return Measured(name, len(latencies), seconds, latencies, statuses)

    async def get_json(self, path: str) -> tuple[int, Any, dict]:
        async with self.session.get(self.base + path) as response:
            body = await response.json(content_type=None)
            self.total += 1
            # Case-insensitive, as HTTP headers are: a dict() of them has "Etag", not "ETag",
            # and an earlier run sent an empty If-None-Match that way (all 200s).
            return response.status, response.headers.copy(), body


def _n(full: int) -> int:
    return max(10, int(full * SCALE))


def _free_port() -> int:
    wanted = os.environ.get("BENCH_PORT")
    if wanted:
        return int(wanted)
    for port in range(18800, 18900):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18800-18899")


def _serve(port: int) -> subprocess.Popen:
    """gunicorn on 127.0.0.1 with the benchmark settings; returns once it answers."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "accsm_portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        # gthread keeps client connections alive, as a browser or a partner's client does.
        "--worker-class",
        "gthread",
        "--threads",
        "2",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=BASE_DIR, env={**os.environ, **SERVER_ENV})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def _worker_rss_mb(master: int) -> list[float]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def _fixtures() -> dict:
    """What the requests need from the data set: slugs, the cursor of a deep page."""
    import base64

    from django.db.models import Max

    from meetings.selectors import meeting_list_public
    from workplans.selectors import activity_list_public

    activities = activity_list_public().order_by("updated_at", "uid")
    total = activities.count()
    deep_page = max(2, min(1000, total // 50))
    before = activities.values_list("updated_at", "uid")[(deep_page - 1) * 50 - 1]
    payload = {"o": "updated_at", "v": [before[0].isoformat(), str(before[1])]}
    cursor = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode())
    meetings = meeting_list_public()
    return {
        "activities": total,
        "deep_page": deep_page,
        "deep_cursor": cursor.decode().rstrip("="),
        "activity_slugs": list(activities.order_by("?").values_list("slug", flat=True)[: _n(400)]),
        "meeting_slugs": list(meetings.order_by("?").values_list("slug", flat=True)[: _n(400)]),
        "meeting_pages": max(1, meetings.count() // 20),
        "newest": activities.aggregate(Max("updated_at"))["updated_at__max"],
    }


def _touch(count: int) -> datetime.datetime:
    """Change `count` activities as an editor would (their `updated_at` moves); returns the
    moment just before, for `updated_since`."""
    from django.utils import timezone

    from workplans.models import Activity
    from workplans.selectors import activity_list_public

    since = timezone.now()
    time.sleep(0.01)
    ids = list(activity_list_public().order_by("?").values_list("pk", flat=True)[:count])
    Activity.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    return since


async def _sync(client: Client, since: datetime.datetime) -> tuple[float, int]:
    """A partner's mirror: every page of ?updated_since=, end to end; (ms, rows)."""
    from urllib.parse import quote

    started = time.perf_counter()
    path = f"/api/v1/activities/?updated_since={quote(since.isoformat())}&page_size=500"
    rows = 0
    while path:
        _status, _headers, body = await client.get_json(path)
        rows += len(body["results"])
        path = body["next"].split("127.0.0.1", 1)[1].split("/", 1)[1] if body["next"] else None
        path = "/" + path if path else None
    return (time.perf_counter() - started) * 1000, rows


async def _drive(port: int, fx: dict) -> tuple[dict[str, Measured], dict]:
    from urllib.parse import quote

    import aiohttp

    base = f"http://127.0.0.1:{port}"
    connector = aiohttp.TCPConnector(limit=CONCURRENCY, keepalive_timeout=60)
    extra: dict = {}
    # No cookie jar: a partner's client keeps none, and a cookie would change the variant.
    jar = aiohttp.DummyCookieJar()
    async with aiohttp.ClientSession(connector=connector, cookie_jar=jar) as session:
        client = Client(base, session)
        m: dict[str, Measured] = {}
        plain = [("/bench/plain", {})]
        await client.run("warm-up", [*plain, ("/api/v1/activities/?lang=km", {})], count=40)
        m["plain"] = await client.run("plain view", plain, count=_n(3000))

        api = "/api/v1/activities/?lang=km"
        m["api_list"] = await client.run("API list, 50 rows, km", [(api, {})], count=_n(600))
        m["api_all"] = await client.run(
            "API list, translations=all", [(api + "&translations=all", {})], count=_n(400)
        )
        _status, headers, _body = await client.get_json(api)
        etag = headers["ETag"]
        m["api_304"] = await client.run(
            "API list, If-None-Match -> 304", [(api, {"If-None-Match": etag})], count=_n(2000)
        )
        deep = f"{api}&cursor={fx['deep_cursor']}"
        m["api_deep"] = await client.run(
            f"API cursor page {fx['deep_page']}", [(deep, {})], count=_n(600)
        )

        # The portal, uncached: each list page and each detail page asked for once.
        pages = [(f"/km/meetings/?page={n}", {}) for n in range(1, fx["meeting_pages"] + 1)]
        m["portal_list"] = await client.run(
            "portal list (uncached)", pages, count=min(len(pages), _n(300))
        )
        details = [(f"/km/workplans/activities/{s}/", {}) for s in fx["activity_slugs"]]
        m["portal_detail"] = await client.run("portal activity page (uncached)", details)
        meetings = [(f"/km/meetings/{s}/", {}) for s in fx["meeting_slugs"]]
        m["portal_meeting"] = await client.run("portal meeting page (uncached)", meetings)
        m["portal_cached"] = await client.run(
            "portal list, cached anonymous", [("/km/meetings/", {})], count=_n(2000)
        )

        for language, text in SEARCH_QUERIES:
            path = f"/api/v1/search/?q={quote(text)}&lang={language}"
            m[f"search {language} {text}"] = await client.run(
                f"search [{language}] {text}", [(path, {})], count=_n(120)
            )

        timings, rows = [], 0
        for _ in range(3 if QUICK else 5):
            since = await asyncio.to_thread(_touch, 1000 if not QUICK else 50)
            ms, rows = await _sync(client, since)
            timings.append(ms)
        extra["sync"] = {"p50_ms": round(statistics.median(timings), 1), "rows": rows}

        # Memory after as many requests as the target names, the mix above repeated.
        mix = [
            (api, {}),
            (api + "&translations=all", {}),
            *details[:50],
            *pages[:20],
            ("/api/v1/search/?q=civil+service&lang=en", {}),
            ("/bench/plain", {}),
        ]
        remaining = max(0, SOAK_REQUESTS - client.total)
        if remaining:
            soak = Client(base, session)
            for _ in range(20):
                if soak.total >= remaining:
                    break
                await soak.run("soak", mix, count=remaining - soak.total)
            client.total += soak.total
        m["plain_end"] = await client.run("plain view (again)", plain, count=_n(3000))
        extra["requests"] = client.total
    return m, extra


def _row(target: str, figure: str, met: bool) -> dict:
    return {"target": target, "figure": figure, "met": met}


def _targets(m: dict[str, Measured], extra: dict, rss: list[float]) -> list[dict]:
    """Every target of issue #12 as a row: figure, target, met."""
    plain = (m["plain"].rps + m["plain_end"].rps) / 2
    rows = []

    def ratio(key: str, minimum: float) -> None:
        r = m[key].rps / plain
        rows.append(_row(f"{m[key].name}: >= {minimum:.0%} of plain", f"{r:.0%}", r >= minimum))

    ratio("api_list", 0.25)
    ratio("api_all", 0.15)
    ratio("api_304", 0.60)
    deep, first = m["api_deep"].p50, m["api_list"].p50
    rows.append(_row(f"{m['api_deep'].name}: p50 <= 10 ms", f"{deep:.1f} ms", deep <= 10))
    rows.append(
        {
            "target": f"{m['api_deep'].name}: within 20% of page 1",
            "figure": f"{deep / first:.2f} x page 1 ({first:.1f} ms)",
            "met": deep <= first * 1.2,
        }
    )
    sync = extra["sync"]
    rows.append(
        {
            "target": f"updated_since sync of {sync['rows']} changed rows: <= 1 s",
            "figure": f"{sync['p50_ms']:.0f} ms",
            "met": sync["p50_ms"] <= 1000,
        }
    )
    for key in ("portal_list", "portal_detail", "portal_meeting"):
        p50 = m[key].p50
        rows.append(_row(f"{m[key].name}: p50 <= 30 ms", f"{p50:.1f} ms", p50 <= 30))
    ratio("portal_cached", 0.50)
    for key in [k for k in m if k.startswith("search ")]:
        p50, p99 = m[key].p50, m[key].p99
        rows.append(
            {
                "target": f"{m[key].name}: p50 <= 15 ms, p99 <= 60 ms",
                "figure": f"{p50:.1f} / {p99:.1f} ms",
                "met": p50 <= 15 and p99 <= 60,
            }
        )
    worst = max(rss) if rss else float("nan")
    rows.append(
        {
            "target": f"gunicorn worker RSS after {extra['requests']:,} requests: < 250 MB",
            "figure": f"{worst:.0f} MB",
            "met": worst < 250 and extra["requests"] >= SOAK_REQUESTS,
        }
    )
    # A figure from answers that were errors would be meaningless: say so on its row.
    for key, measured in m.items():
        expected = 304 if key == "api_304" else 200
        bad = {s: n for s, n in measured.statuses.items() if s != expected}
        if bad:
            rows.append(_row(f"{measured.name}: every answer {expected}", str(bad), False))
    return rows


def _machine() -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True
    ).stdout.strip()
    load = Path("/proc/loadavg").read_text().split()[:3]
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "commit": commit,
        "load": load,
    }


def main() -> int:
    for name, value in SERVER_ENV.items():
        os.environ[name] = value
    sizes = Sizes.from_env()
    _url, vendor = prepare(sizes)
    if os.environ.get("BENCH_ONLY") == "dataset":
        return 0
    from django.conf import settings

    from accsm_portal.lib.page_cache import page_cache_clear

    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    fx = _fixtures()
    page_cache_clear()
    port = _free_port()
    server = _serve(port)
    try:
        measured, extra = asyncio.run(_drive(port, fx))
        rss = _worker_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    plain = (measured["plain"].rps + measured["plain_end"].rps) / 2
    rows = _targets(measured, extra, rss)
    machine = _machine()

    _out(
        f"\n{vendor} + {cache}, {fx['activities']:,} activities, {CONCURRENCY} clients, "
        f"{WORKERS} gunicorn workers, commit {machine['commit']}, "
        f"{machine['nproc']} x {machine['cpu']}, "
        f"load {' '.join(machine['load'])}"
    )
    start, end = measured["plain"].rps, measured["plain_end"].rps
    _out(f"plain view: {plain:,.0f} req/s (start {start:,.0f}, end {end:,.0f})\n")
    _out(f"{'request':<52} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8}")
    for item in measured.values():
        s = item.summary(plain)
        _out(
            f"{item.name[:52]:<52} {s['req_per_s']:>8.1f} {s['ratio_to_plain']:>6.2f} "
            f"{s['p50_ms']:>8.1f} {s['p99_ms']:>8.1f}"
        )
    _out(f"\n{'target':<70} {'figure':>24}  result")
    for row in rows:
        _out(f"{row['target'][:70]:<70} {row['figure']:>24}  {'met' if row['met'] else 'NOT MET'}")

    folder = Path(os.environ.get("BENCH_RESULTS_DIR", BASE_DIR / "bench" / "results"))
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"{vendor}-{'quick-' if QUICK else ''}{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "database": vendor,
                "cache": cache,
                "quick": QUICK,
                "sizes": asdict(sizes),
                "activities_visible": fx["activities"],
                "concurrency": CONCURRENCY,
                "gunicorn_workers": WORKERS,
                "machine": machine,
                "plain_req_per_s": round(plain, 1),
                "requests": {key: item.summary(plain) for key, item in measured.items()},
                "sync": extra["sync"],
                "worker_rss_mb": [round(x, 1) for x in rss],
                "targets": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    _out(f"\nwritten: {path.relative_to(BASE_DIR) if path.is_relative_to(BASE_DIR) else path}")
    return 0
