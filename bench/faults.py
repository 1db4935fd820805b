"""`make faults` (python -m bench.faults): the portal's full stack under faults, on this machine.

Starts its OWN PostgreSQL 15 cluster and Redis on free ports in a temporary folder (never the
machine's shared ones), migrates and seeds a database there, serves it with gunicorn (2
workers, production settings) and a Celery worker, then breaks those services one at a time
while a few clients load portal pages and API endpoints:

    redis killed      SIGKILL for 10 s, then started again: 0 failed requests, tasks queued
                      before and during the outage all run after it
    redis frozen      SIGSTOP for 10 s, then SIGCONT: the same criterion
    postgresql        `pg_ctl restart -m fast` under load: only requests in flight during the
                      restart may fail, each with a clean 503 page or problem; the next succeed
    worker process    the pool process running a task (a meeting's PDF record) SIGKILLed, as the
                      OOM killer does: the task runs again, every PDF stored once and whole
    whole worker      the whole worker SIGKILLed mid-task, a second one started: it takes the
                      task after the visibility timeout (10 s here), every PDF stored once

One line per scenario; the exit status is 1 if any missed its criterion. Every loop is bounded
in count and time; everything started is stopped on the way out, also on failure or Ctrl-C.
The upload fault (read-only media) is a test: tests/core/test_upload_faults.py.

Environment: FAULTS_PG_BIN (default /usr/lib/postgresql/15/bin), FAULTS_OUTAGE (seconds,
default 10), FAULTS_CLIENTS (default 3), FAULTS_ONLY (scenario names, comma-separated: redis-killed,
redis-frozen, postgresql, worker-process, whole-worker), FAULTS_KEEP (keep the folder).
docs/reliability.md ("Faults") keeps the figures.
"""

import asyncio
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
OUTAGE = float(os.environ.get("FAULTS_OUTAGE", "10"))
CLIENTS = int(os.environ.get("FAULTS_CLIENTS", "3"))
TASKS_BEFORE, TASKS_DURING = 10, 15
VISIBILITY_TIMEOUT = 10
# Pages and API reads a visitor and a partner make; each exists in the seed data.
PATHS = [
    "/en/",
    "/km/meetings/",
    "/lo/workplans/",
    "/vi/arcs/",
    "/en/states/",
    "/api/v1/meetings/?lang=km",
    "/api/v1/activities/",
    "/api/v1/search/?q=civil+service&lang=en",
]
IS_ROOT = os.geteuid() == 0


def _out(line: str) -> None:
    """This program's output is its lines (print is kept out of the code base by ruff)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, seconds: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process {process.args[0]} exited at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


class Stack:
    """The harness's own PostgreSQL, Redis, gunicorn and Celery workers, in one temp folder."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="accsm-faults-"))
        self.dir.chmod(0o755)
        self.pgdata = self.dir / "pgdata"
        self.media = self.dir / "media"
        self.pg_port, self.redis_port, self.web_port = _free_port(), _free_port(), _free_port()
        self.redis: subprocess.Popen | None = None
        self.web: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []
        self.pg_started = False
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "accsm_portal.settings.base",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/accsm_faults",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "DEBUG": "false",
            "SECRET_KEY": "faults-only-key-" + "k3j4h5g6f7d8" * 5,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "STATIC_MANIFEST": "false",
            "MEDIA_ROOT": str(self.media),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            # PDF records render only when a scenario asks: rendered ahead after the seed, a
            # meeting's four files would be there before its worker is killed.
            "MEETING_RECORD_PDF_PREPARE": "false",
            # A few clients send thousands of requests from one address: no 429 may count.
            "API_THROTTLE_ANON": "100000000/min",
            "LOG_LEVEL": "ERROR",
        }
        for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CELERY_TASK_DEFAULT_QUEUE"):
            self.env.pop(name, None)

    # -- PostgreSQL: run as the postgres user when this is root (initdb refuses root) --------
    def _pg(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if IS_ROOT else []
        # Output to a file, not a pipe: the server started by pg_ctl would hold a pipe open.
        with open(self.dir / "pg_ctl.log", "ab") as log:
            return subprocess.run(
                [*prefix, *command], check=check, stdout=log, stderr=log, timeout=120
            )

    def start_postgres(self) -> None:
        self.pgdata.mkdir()
        if IS_ROOT:
            entry = pwd.getpwnam("postgres")
            os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
        self._pg(
            str(PG_BIN / "initdb"), "-D", str(self.pgdata), "-E", "UTF8",
            "--locale=C.UTF-8", "--auth=trust", "-U", "postgres", "--no-sync",
        )  # fmt: skip
        self.pg_started = True
        self._pg(
            str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-w", "-l",
            str(self.pgdata / "server.log"), "start", "-o",
            f"-p {self.pg_port} -k {self.pgdata} -c listen_addresses=127.0.0.1",
        )  # fmt: skip
        import psycopg

        url = f"postgresql://postgres@127.0.0.1:{self.pg_port}/postgres"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE accsm_faults TEMPLATE template0 ENCODING 'UTF8'")

    def restart_postgres(self) -> None:
        self._pg(
            str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-w", "-m", "fast",
            "-l", str(self.pgdata / "server.log"), "restart",
        )  # fmt: skip

    # -- Redis: like production's (docker-compose.yml), an append-only file keeps the queue ----
    def start_redis(self) -> None:
        folder = self.dir / "redis"
        folder.mkdir(exist_ok=True)
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "yes", "--dir", str(folder), "--daemonize", "no",
             "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_for_port(self.redis_port, 20, self.redis)

    def redis_unacked(self) -> int:
        import redis

        return redis.Redis(port=self.redis_port, socket_timeout=2).hlen("unacked")

    # -- the portal --------------------------------------------------------------------------
    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=self.env, check=True,
            stdout=subprocess.DEVNULL, timeout=300,
        )  # fmt: skip

    def start_web(self) -> None:
        log = open(self.dir / "gunicorn.log", "ab")  # noqa: SIM115 (closed with the process)
        self.web = subprocess.Popen(
            [str(BIN / "gunicorn"), "accsm_portal.wsgi:application",
             "--bind", f"127.0.0.1:{self.web_port}", "--workers", "2",
             "--worker-class", "gthread", "--threads", "2", "--log-level", "warning"],
            cwd=BASE_DIR, env=self.env, stdout=log, stderr=log,
        )  # fmt: skip
        _wait_for_port(self.web_port, 60, self.web)

    def start_worker(self, name: str) -> subprocess.Popen:
        """A Celery worker in its own process group, so a kill reaches all its processes."""
        log = open(self.dir / f"worker-{name}.log", "ab")  # noqa: SIM115 (closed with it)
        worker = subprocess.Popen(
            [str(BIN / "celery"), "-A", "accsm_portal", "worker", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--loglevel=INFO",
             f"--hostname={name}@faults"],
            cwd=BASE_DIR, env=self.env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        self.workers.append(worker)
        return worker

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
        for process in (self.web, self.redis):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGCONT)
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        if self.pg_started:
            self._pg(str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-m", "immediate", "stop",
                     check=False)  # fmt: skip
        if os.environ.get("FAULTS_KEEP"):
            _out(f"kept: {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


# -- the load -------------------------------------------------------------------------------
@dataclass
class Answer:
    started: float
    ended: float
    path: str
    status: int  # 0: no answer (connection error or timeout)
    content_type: str
    clean: bool  # a 503 page or problem, no traceback
    error: str = ""


class Load:
    """CLIENTS keep-alive clients cycling through PATHS until stopped (or 2,000 each)."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.answers: list[Answer] = []
        self.stopping = asyncio.Event()

    async def _client(self, session, offset: int) -> None:
        import aiohttp

        for n in range(2000):
            if self.stopping.is_set():
                return
            path = PATHS[(n + offset) % len(PATHS)]
            started = time.monotonic()
            try:
                async with session.get(self.base + path, allow_redirects=False) as response:
                    body = await response.text(errors="replace")
                    kind = response.headers.get("Content-Type", "")
                    status = response.status
            except (aiohttp.ClientError, TimeoutError) as failure:
                body, kind, status = repr(failure)[:200], "", 0
            clean = (
                status == 503
                and "Traceback" not in body
                and (
                    kind.startswith("application/problem+json")
                    if path.startswith("/api/")
                    else kind.startswith("text/html")
                )
            )
            error = "" if 200 <= status < 400 else f"{status} {body[:200]}"
            self.answers.append(Answer(started, time.monotonic(), path, status, kind, clean, error))

    async def run(self) -> None:
        import aiohttp

        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()) as s:
            await asyncio.gather(*(self._client(s, i) for i in range(CLIENTS)))

    @property
    def failed(self) -> list[Answer]:
        return [a for a in self.answers if not (200 <= a.status < 400)]

    def first_failure(self) -> str:
        failed = self.failed
        return f" [first: {failed[0].path} {failed[0].error}]" if failed else ""


async def _under_load(port: int, fault) -> tuple[Load, object]:
    """Load for 2 s, then `fault` (a blocking function, run in a thread), then 3 s more."""
    load = Load(port)
    runner = asyncio.create_task(load.run())
    await asyncio.sleep(2)
    outcome = await asyncio.to_thread(fault)
    await asyncio.sleep(3)
    load.stopping.set()
    await runner
    return load, outcome


def _wait_results(ids: list[str], seconds: float) -> int:
    """How many of these tasks succeeded within `seconds` (read from the result backend)."""
    from celery.result import AsyncResult

    deadline = time.monotonic() + seconds
    done: set[str] = set()
    while time.monotonic() < deadline and len(done) < len(ids):
        for task_id in ids:
            if task_id not in done and AsyncResult(task_id).state == "SUCCESS":
                done.add(task_id)
        time.sleep(0.5)
    return len(done)


# -- the scenarios --------------------------------------------------------------------------
def redis_outage(stack: Stack, how: str) -> tuple[str, bool]:
    """Redis killed (and started again) or frozen for OUTAGE seconds under load, with health
    ping tasks sent just before and all through the outage by the portal's own code path."""
    from accsm_portal.tasks import health_ping_task

    ids: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()

    def send(delay: float) -> None:
        time.sleep(delay)
        try:
            task_id = health_ping_task.delay().id
        except Exception as error:  # a task that could not be queued is a failure to report
            with lock:
                errors.append(repr(error))
            return
        with lock:
            ids.append(task_id)

    def fault() -> None:
        for _ in range(TASKS_BEFORE):
            send(0)
        assert stack.redis is not None
        if how == "killed":
            stack.redis.send_signal(signal.SIGKILL)
            stack.redis.wait(timeout=10)
        else:
            stack.redis.send_signal(signal.SIGSTOP)
        step = OUTAGE / (TASKS_DURING + 1)
        with ThreadPoolExecutor(TASKS_DURING) as pool:
            for n in range(TASKS_DURING):
                pool.submit(send, step * (n + 1))
            time.sleep(OUTAGE)
            if how == "killed":
                stack.start_redis()
            else:
                stack.redis.send_signal(signal.SIGCONT)

    load, _ = asyncio.run(_under_load(stack.web_port, fault))
    ran = _wait_results(ids, 60)
    total = TASKS_BEFORE + TASKS_DURING
    failed = len(load.failed)
    ok = failed == 0 and ran == total and not errors
    line = (
        f"redis {how} {OUTAGE:.0f} s under load: {len(load.answers)} requests, {failed} failed, "
        f"{ran}/{total} tasks run after"
    )
    if errors:
        line += f" ({len(errors)} not queued: {errors[0][:80]})"
    if not ok:
        line += load.first_failure()
    return line, ok


def postgres_restart(stack: Stack) -> tuple[str, bool]:
    """`pg_ctl restart -m fast` under load; then each page and endpoint once more."""
    window: list[float] = []

    def fault() -> None:
        window.append(time.monotonic())
        stack.restart_postgres()
        window.append(time.monotonic())

    load, _ = asyncio.run(_under_load(stack.web_port, fault))
    began, ended = window
    failed = load.failed
    # In flight during the restart: started before it ended (plus a second for the workers'
    # first query on their old connections, which the health check then replaces).
    late = [a for a in failed if a.started > ended + 1.0]
    unclean = [a for a in failed if not a.clean]
    next_ok = 0
    for path in PATHS:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{stack.web_port}{path}", timeout=10
            ) as response:
                next_ok += 200 <= response.status < 400
        except OSError:
            pass
    ok = not late and not unclean and next_ok == len(PATHS)
    line = load.first_failure() if not ok else ""
    line = (
        f"postgresql restarted under load ({ended - began:.1f} s): {len(load.answers)} requests, "
        f"{len(failed)} failed, {len(failed) - len(unclean)} of them a clean 503, "
        f"{len(late)} after the restart; next {next_ok}/{len(PATHS)} requests ok"
    ) + line
    return line, ok


def _pdfs(stack: Stack, slug: str) -> list[Path]:
    folder = stack.media / "records" / "meetings" / slug
    return sorted(folder.glob("*.pdf")) if folder.exists() else []


def _whole(pdf: Path) -> bool:
    data = pdf.read_bytes()
    return data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]


def worker_killed(stack: Stack, whole: bool) -> tuple[str, bool]:
    """A meeting's PDF record task (4 languages, several seconds) killed mid-render."""
    from meetings.selectors import meeting_list_public
    from meetings.tasks import meeting_record_pdf_task

    slugs = list(meeting_list_public().values_list("slug", flat=True))
    slug = slugs[0 if whole else -1]
    worker = stack.workers[-1]
    result = meeting_record_pdf_task.delay(slug)
    deadline = time.monotonic() + 30
    while stack.redis_unacked() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    # Killed as soon as the first language's PDF is stored: the others are still to come,
    # however fast the machine renders (a fixed wait let a quiet machine finish all four).
    deadline = time.monotonic() + 30
    while not _pdfs(stack, slug) and time.monotonic() < deadline:
        time.sleep(0.02)
    before = len(_pdfs(stack, slug))
    if whole:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        started = time.monotonic()
        # Its replacement comes up once the task's visibility timeout has passed (a supervisor
        # restarts it after a while): on start it takes back every task older than that. One
        # started sooner finds the task still "in progress" and waits for its next periodic
        # restore, which kombu runs only every 10th 10 s poll.
        time.sleep(VISIBILITY_TIMEOUT + 1)
        stack.start_worker("second")
    else:
        children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
        os.kill(int(children[0]), signal.SIGKILL)
        started = time.monotonic()
    try:
        outcome = result.get(timeout=VISIBILITY_TIMEOUT + 60)
    except Exception as error:  # the task lost or failed: the scenario's failure, reported
        outcome = {"error": repr(error)}
    took = time.monotonic() - started
    pdfs = _pdfs(stack, slug)
    languages = sorted({p.name.split("-", 1)[0] for p in pdfs})
    rerendered = sum(1 for v in outcome.values() if isinstance(v, dict) and v.get("rendered"))
    ok = (
        "error" not in outcome
        and before < 4
        and len(pdfs) == 4
        and languages == ["en", "km", "lo", "vi"]
        and all(_whole(p) for p in pdfs)
    )
    what = (
        "whole worker SIGKILLed mid-task" if whole else "worker's pool process SIGKILLed mid-task"
    )
    then = (
        f"a second worker started {VISIBILITY_TIMEOUT + 1} s later ran it"
        if whole
        else "the same worker ran it again"
    )
    return (
        f"{what} ({before}/4 PDFs done): {then}, done {took:.0f} s after the kill, "
        f"rendering {rerendered}; "
        f"{len(pdfs)} PDFs stored, {sum(_whole(p) for p in pdfs)} whole, one per language"
        + ("" if ok else f" — NOT MET {outcome if 'error' in outcome else ''}"),
        ok,
    )


def main() -> int:
    stack = Stack()
    # A SIGTERM from CI (its time limit) must still stop the services: turn it into an exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results: list[bool] = []
    try:
        stack.start_postgres()
        stack.start_redis()
        for name, value in stack.env.items():
            os.environ[name] = value
        stack.manage("migrate", "--no-input")
        stack.manage("seed")
        import django

        django.setup()
        stack.start_web()
        stack.start_worker("first")
        _out(
            f"faults: own PostgreSQL :{stack.pg_port}, Redis :{stack.redis_port}, gunicorn "
            f":{stack.web_port} (2 workers), 1 Celery worker; {CLIENTS} clients, "
            f"{len(PATHS)} pages and endpoints"
        )
        scenarios = {
            "redis-killed": lambda: redis_outage(stack, "killed"),
            "redis-frozen": lambda: redis_outage(stack, "frozen"),
            "postgresql": lambda: postgres_restart(stack),
            "worker-process": lambda: worker_killed(stack, whole=False),
            "whole-worker": lambda: worker_killed(stack, whole=True),
        }
        only = [n for n in os.environ.get("FAULTS_ONLY", "").split(",") if n]
        for name, scenario in scenarios.items():
            if only and name not in only:
                continue
            line, ok = scenario()
            results.append(ok)
            _out(f"{'ok  ' if ok else 'FAIL'} {line}")
    finally:
        stack.stop()
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Every service is stopped by now. Skip the interpreter's finalizers: Celery's Redis result
    # backend subscribed to each task this process sent, and each AsyncResult's __del__ would
    # spend 20 s retrying to unsubscribe from the Redis that is gone.
    os._exit(status)
