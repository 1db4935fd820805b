"""`python -m bench.latency`: one client, one request at a time, through the benchmark's
gunicorn on its data set: the latency of each hot request without the concurrency of
`make bench` (which doubles a p50 on a 2-core machine where the client, gunicorn and the
database share the cores). For looking at one change, not a target: targets are `make bench`'s.

    python -m bench.latency                                   # SQLite
    DATABASE_URL=postgres://... REDIS_URL=redis://... python -m bench.latency
"""

import asyncio
import os
import statistics
import sys
import time

from bench.dataset import Sizes, prepare
from bench.harness import SERVER_ENV, _fixtures, _free_port, _out, _serve

REPEAT = int(os.environ.get("BENCH_REPEAT", "300"))


async def _measure(port: int, fx: dict) -> None:
    import aiohttp

    base = f"http://127.0.0.1:{port}"
    jar = aiohttp.DummyCookieJar()
    async with aiohttp.ClientSession(cookie_jar=jar) as session:

        async def once(path: str, headers: dict) -> tuple[float, int, str]:
            started = time.perf_counter()
            async with session.get(base + path, headers=headers) as response:
                await response.read()
                return (
                    (time.perf_counter() - started) * 1000,
                    response.status,
                    response.headers.get("ETag", ""),
                )

        api = "/api/v1/activities/?lang=km"
        for _ in range(20):
            *_, etag = await once(api, {})
        requests = [
            ("plain view", [("/bench/plain", {})]),
            ("API list, 50 rows, km", [(api, {})]),
            ("API list, translations=all", [(api + "&translations=all", {})]),
            ("API list, 304", [(api, {"If-None-Match": etag})]),
            (
                "meetings list (each page once)",
                [(f"/km/meetings/?page={n}", {}) for n in range(1, fx["meeting_pages"] + 1)],
            ),
            ("meeting page (each once)", [(f"/km/meetings/{s}/", {}) for s in fx["meeting_slugs"]]),
            (
                "activity page (each once)",
                [(f"/km/workplans/activities/{s}/", {}) for s in fx["activity_slugs"]],
            ),
        ]
        for label, paths in requests:
            count = min(REPEAT, len(paths)) if len(paths) > 1 else REPEAT
            timings, statuses = [], set()
            for n in range(count):
                path, headers = paths[n % len(paths)]
                ms, status, _etag = await once(path, headers)
                timings.append(ms)
                statuses.add(status)
            _out(
                f"{label:<34} p50 {statistics.median(timings):7.2f} ms"
                f"  ({count} requests, {sorted(statuses)})"
            )


def main() -> int:
    for name, value in SERVER_ENV.items():
        os.environ[name] = value
    _url, vendor = prepare(Sizes.from_env())
    fx = _fixtures()
    port = _free_port()
    server = _serve(port)
    _out(f"{vendor}, one client, one request at a time")
    try:
        asyncio.run(_measure(port, fx))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
