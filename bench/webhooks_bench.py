"""Webhooks on the full stack (not a test): 1,000 record changes to 20 subscriptions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accsm_dev REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python -m bench.webhooks_bench      (make bench runs it when both are set)

Uses its own database (<name>_webhooks_bench), a private Celery queue, a real worker
(prefork, 2 processes) and a local receiver on 127.0.0.1. Each meeting is saved twice, once
with webhooks on and once off, interleaved, so both timings share the machine's state; the
ratio of the medians is the editor's cost of webhooks. Commit-to-delivery is measured from the
end of the saving transaction to the receiver's arrival, for every (change, subscription).
docs/webhooks.md keeps the figures.
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
# BENCH_QUICK (the test of `make bench`) proves the path end to end on a few changes.
QUICK = bool(os.environ.get("BENCH_QUICK"))
CHANGES = int(os.environ.get("BENCH_CHANGES", "40" if QUICK else "1000"))
SUBSCRIPTIONS = int(os.environ.get("BENCH_SUBSCRIPTIONS", "3" if QUICK else "20"))
arrivals: dict[str, list[float]] = {}
lock = threading.Lock()


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        now = time.time()
        # By record, not by title: a delivery carries the record as it is when it is sent,
        # which may already be the next (webhooks-off) save's title.
        uid = json.loads(body)["data"].get("id", "")
        with lock:
            arrivals.setdefault(uid, []).append(now)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def _configure(queue: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or not os.environ.get("REDIS_URL"):
        sys.exit("webhooks_bench needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_webhooks_bench"
    import psycopg

    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    os.environ["CELERY_TASK_DEFAULT_QUEUE"] = queue
    # The partners' senders have their own queue (settings CELERY_TASK_ROUTES); the worker
    # below consumes both.
    os.environ["WEBHOOKS_DELIVERY_QUEUE"] = f"{queue}-webhooks"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accsm_portal.settings.test")
    import django

    django.setup()
    return name


def main() -> int:
    queue = f"accsm-bench-{uuid.uuid4().hex[:8]}"
    _configure(queue)
    _out("")
    _out("webhooks: postgresql + Redis + a Celery worker (2 processes)")
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from accsm_portal.models import ApiToken
    from accsm_portal.webhooks.models import WebhookDelivery, WebhookSubscription
    from tests.factories import MeetingFactory

    call_command("migrate", verbosity=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "accsm_portal", "worker",
         f"--queues={queue},{queue}-webhooks", "--concurrency=2",
         "--without-gossip", "--without-mingle",
         "--loglevel=WARNING", f"--hostname={queue}@localhost"],
        cwd=BASE_DIR, env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        settings.WEBHOOKS_ENABLED = False
        meetings = [MeetingFactory(title_en=f"setup {i}") for i in range(CHANGES)]
        user = get_user_model().objects.create_user(username="bench.partner")
        token, _text = ApiToken.issue(user=user, name="bench")
        for n in range(SUBSCRIPTIONS):
            WebhookSubscription.objects.create(
                token=token,
                name=f"partner {n}",
                target_url=f"http://127.0.0.1:{server.server_port}/hook/{n}",
                record_types=["meeting"],
                events=["updated", "published", "created"],
            )
        time.sleep(3)  # the worker starts
        on, off, committed = [], [], {}
        for i, meeting in enumerate(meetings):
            for enabled in (True, False) if i % 2 else (False, True):
                settings.WEBHOOKS_ENABLED = enabled
                started = time.perf_counter()
                with transaction.atomic():
                    # The same field both ways, so the two saves differ only in webhooks.
                    meeting.title_en = f"{'on' if enabled else 'off'} {i}"
                    meeting.save()
                (on if enabled else off).append(time.perf_counter() - started)
                if enabled:
                    committed[str(meeting.uid)] = time.time()
        expected = CHANGES * SUBSCRIPTIONS
        deadline = time.monotonic() + (120 if QUICK else 1800)
        while time.monotonic() < deadline:
            with lock:
                got = sum(len(v) for v in arrivals.values())
            if got >= expected:
                break
            time.sleep(1)
        latencies = sorted(
            t - committed[uid] for uid, times in arrivals.items() if uid in committed
            for t in times
        )  # fmt: skip
        ratio = statistics.median(on) / statistics.median(off)
        _out(f"changes: {CHANGES}, subscriptions: {SUBSCRIPTIONS}, deliveries: {expected}")
        _out(f"editor save, webhooks off: median {statistics.median(off) * 1000:.2f} ms")
        _out(f"editor save, webhooks on:  median {statistics.median(on) * 1000:.2f} ms")
        _out(f"ratio on/off (medians): {ratio:.3f}  (goal <= 1.10)")
        _out(f"received {len(latencies)} of {expected}; failed or pending: "
             f"{WebhookDelivery.objects.exclude(status='succeeded').count()}")  # fmt: skip
        if latencies:
            p50 = latencies[len(latencies) // 2]
            p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
            _out(f"commit to delivery: p50 {p50:.2f} s, p99 {p99:.2f} s")
        # A lost delivery is a failure of the run, not a figure.
        return 0 if len(latencies) >= expected else 1
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
