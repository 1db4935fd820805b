"""The API list's first page and its page 1,000 (the harness's scenarios), measured in process
by what does not depend on the machine's load: instructions under callgrind, and the
PostgreSQL backend's CPU time. Reads only: safe on the shared data sets.

    DATABASE_URL=... valgrind --tool=callgrind --instr-atstart=no \\
        --callgrind-out-file=/tmp/cg.%p .venv/bin/python -m bench.api_instructions list
    callgrind_annotate /tmp/cg.<pid> | grep 'PROGRAM TOTALS'     # divide by --n
    DATABASE_URL=postgres://... .venv/bin/python -m bench.api_instructions deep --backend-cpu

`list` is `/api/v1/activities/?lang=km`, `deep` the same with the harness's cursor of page
1,000. Each is asked 30 times first (the kept representations and statements filled), then
`--n` times with callgrind's instrumentation on (`callgrind_control -i on`); outside valgrind
that switch does nothing."""

import argparse
import os
import subprocess
import sys

from bench.harness import SERVER_ENV


def _setup() -> None:
    for key, value in SERVER_ENV.items():
        os.environ.setdefault(key, value)
    os.environ["ALLOWED_HOSTS"] = os.environ["ALLOWED_HOSTS"] + ",testserver"
    import django

    django.setup()


def _deep_cursor() -> str:
    """The harness's cursor of page 1,000 (bench.harness._fixtures)."""
    import base64
    import json

    from workplans.selectors import activity_list_public

    activities = activity_list_public().order_by("updated_at", "uid")
    deep_page = max(2, min(1000, activities.count() // 50))
    before = activities.values_list("updated_at", "uid")[(deep_page - 1) * 50 - 1]
    payload = {"o": "updated_at", "v": [before[0].isoformat(), str(before[1])]}
    cursor = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode())
    return cursor.decode().rstrip("=")


def _backend_cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=["list", "deep"])
    parser.add_argument("--n", type=int, default=100, help="requests measured")
    parser.add_argument(
        "--backend-cpu", action="store_true", help="PostgreSQL: the backend's CPU per request"
    )
    args = parser.parse_args()
    _setup()
    from django.db import connection
    from django.test import Client

    url = "/api/v1/activities/?lang=km"
    if args.scenario == "deep":
        url += f"&cursor={_deep_cursor()}"
    client = Client()
    for _ in range(30):
        if client.get(url).status_code != 200:
            raise SystemExit(f"{url}: not 200")
    backend = None
    if args.backend_cpu:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        before = _backend_cpu_seconds(backend)
    toggle = ["callgrind_control", "-i"]
    subprocess.run([*toggle, "on", str(os.getpid())], capture_output=True, check=False)
    for _ in range(args.n):
        client.get(url)
    subprocess.run([*toggle, "off", str(os.getpid())], capture_output=True, check=False)
    if backend is not None:
        spent = (_backend_cpu_seconds(backend) - before) / args.n * 1000
        sys.stdout.write(f"PostgreSQL backend CPU: {spent:.3f} ms per request\n")
    sys.stdout.write(f"{args.n} requests of {url}\n")


if __name__ == "__main__":
    main()
