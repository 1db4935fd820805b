"""Fixtures shared by the whole suite: the real services when configured, and named personas."""

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from django.conf import settings
from kombu import Exchange, Queue

ARTIFACTS_DIR = Path(settings.BASE_DIR) / "test-artifacts"


def full_stack_configured() -> bool:
    """True when the suite runs against real PostgreSQL and Redis (the second CI pass)."""
    return bool(os.environ.get("DATABASE_URL")) and bool(settings.REDIS_URL)


requires_full_stack = pytest.mark.skipif(
    not full_stack_configured(),
    reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL; CI runs these in its full-stack pass",
)


@dataclass(frozen=True)
class CeleryWorker:
    """A real Celery worker process consuming the queue that this test session sends to."""

    nodename: str
    queue: str
    process: subprocess.Popen
    log_path: Path


def _database_url_for(database_name: str) -> str:
    """DATABASE_URL pointing at the given database (pytest's); its connections name the worker."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    query = [*parse_qsl(parts.query), ("application_name", "accsm-test-celery-worker")]
    return urlunsplit(parts._replace(path=f"/{database_name}", query=urlencode(query)))


def _wait_until_ready(app, worker: CeleryWorker, attempts: int = 30) -> None:
    for _attempt in range(attempts):
        if worker.process.poll() is not None:
            break
        if app.control.ping(destination=[worker.nodename], timeout=1.0):
            return
    log = worker.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
    pytest.fail(f"the Celery worker {worker.nodename} did not answer a ping; its log:\n{log}")


def _stop(process: subprocess.Popen) -> None:
    # SIGTERM is Celery's warm shutdown: the current task finishes, then the worker exits.
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def delivery_queue(queue: str) -> str:
    """The private queue of the webhook senders beside a private test queue."""
    return f"{queue}-webhooks"


@contextmanager
def tasks_sent_to(queue: str) -> Iterator[None]:
    """Send this process's tasks to a private test queue, and its webhook senders to the
    delivery queue beside it (settings CELERY_TASK_ROUTES), as a test worker consumes them."""
    from accsm_portal.celery import app

    previous = app.conf.task_default_queue, app.conf.task_routes
    app.conf.task_default_queue = queue
    app.conf.task_routes = {
        name: {**route, "queue": delivery_queue(queue)}
        for name, route in (previous[1] or {}).items()
    }
    app.amqp.flush_routes()
    try:
        yield
    finally:
        app.conf.task_default_queue, app.conf.task_routes = previous
        app.amqp.flush_routes()


def start_celery_worker(queue: str, log_name: str = "celery-worker.log") -> CeleryWorker:
    """Start a real Celery worker on the test database, consuming only `queue` and its
    delivery queue, and wait until it answers a ping. Full-stack only."""
    from accsm_portal.celery import app

    nodename = f"{queue}@localhost"
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    log_path = ARTIFACTS_DIR / log_name
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "accsm_portal.settings.test",
        # The worker must read and write the database pytest created, not the configured one.
        "DATABASE_URL": _database_url_for(settings.DATABASES["default"]["NAME"]),
        # What the worker's own tasks send (webhook senders) stays on its private queues.
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "WEBHOOKS_DELIVERY_QUEUE": delivery_queue(queue),
        # Small, so that a test sees a sender take turns with the others (a few deliveries).
        "WEBHOOKS_DELIVERIES_PER_TASK": "2",
    }
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "accsm_portal",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        f"--queues={queue},{delivery_queue(queue)}",
        f"--hostname={nodename}",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
    ]
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    worker = CeleryWorker(nodename=nodename, queue=queue, process=process, log_path=log_path)
    try:
        _wait_until_ready(app, worker)
    except BaseException:
        _stop(process)
        raise
    return worker


def delete_queue(queue: str) -> None:
    """Leave nothing of a private test queue behind in Redis. (Binding it first tells this
    connection what to delete; Celery binds it the same way.)"""
    from accsm_portal.celery import app

    with app.connection_for_write() as connection:
        private = Queue(queue, Exchange(queue), routing_key=queue)(connection.default_channel)
        private.declare()
        private.delete()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup) -> Iterator[CeleryWorker]:
    """Start one real Celery worker for the session, on the test database and a private queue.

    Tasks sent from the tests (`.delay()`, `delay_on_commit()`) go to this worker: the queue is
    made the session's default queue, so a developer's own `make worker` on the same Redis
    never takes them. Tests that use it need `django_db(transaction=True)` so the worker sees
    committed rows. Full-stack only (DATABASE_URL and REDIS_URL set).
    """
    if not full_stack_configured():
        pytest.skip("a real Celery worker needs DATABASE_URL and REDIS_URL")

    queue = f"accsm-test-{uuid.uuid4().hex[:10]}"
    worker = start_celery_worker(queue)
    try:
        with tasks_sent_to(queue):
            yield worker
    finally:
        _stop(worker.process)
        delete_queue(queue)
        delete_queue(delivery_queue(queue))


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English: a request through the test client leaves its page's
    language active in the thread, which would otherwise translate the next test's messages."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so throttle counters and cached answers of one
    test never decide another's outcome (the API throttles 127.0.0.1 like any client)."""
    from django.core.cache import caches

    for cache in (caches["default"], caches["pages"], caches["fragments"]):
        if hasattr(cache, "delete_pattern"):
            # django-redis: only this run's keys (settings/test.py gives them their own prefix);
            # clear() would flush the whole Redis database, the Celery broker's queues with it.
            cache.delete_pattern("*")
        else:
            cache.clear()


# Named personas: permission tests read as stories and share their setup.
# Issue-specific personas (secretariat editor, translators, focal points) are added beside these.


@pytest.fixture
def anonymous_visitor(client):
    """Anyone on the internet: sees published, public records only."""
    return client


@pytest.fixture
def delegate(django_user_model):
    """A member-state delegate signed in on the portal: may read delegate-only documents."""
    from django.contrib.auth.models import Group

    from accsm_portal.core.roles import DELEGATE

    user = django_user_model.objects.create_user(username="delegate.kh", password="s3cret-pass!")
    user.groups.add(Group.objects.get(name=DELEGATE))
    return user


@pytest.fixture
def partner_system(django_user_model):
    """A partner system's API account (its token is issued by the API)."""
    from django.contrib.auth.models import Group

    from accsm_portal.core.roles import PARTNER

    user = django_user_model.objects.create_user(username="partner.asec", password=None)
    user.groups.add(Group.objects.get(name=PARTNER))
    return user


def _staff_member(django_user_model, username: str, role: str):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username, password="s3cret-pass!", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def cambodia(db):
    """Cambodia, a member state, with its names in the four languages."""
    from tests.factories import member_state

    return member_state("KH", "Cambodia", name_km="កម្ពុជា", name_lo="ກຳປູເຈຍ", name_vi="Campuchia")


@pytest.fixture
def secretariat_editor(django_user_model):
    """ACCSM secretariat staff: edits every record in the admin, publishes, imports, restores."""
    from accsm_portal.core.roles import SECRETARIAT_EDITOR

    return _staff_member(django_user_model, "editor.asec", SECRETARIAT_EDITOR)


@pytest.fixture
def lao_translator(django_user_model):
    """A translator into Lao: edits only the Lao columns of any record; cannot publish or delete."""
    return _staff_member(django_user_model, "translator.lo", "translator_lo")


@pytest.fixture
def khmer_translator(django_user_model):
    """A translator into Khmer: edits and marks for review only the Khmer columns."""
    return _staff_member(django_user_model, "translator.km", "translator_km")


@pytest.fixture
def cambodian_focal_point(django_user_model, cambodia):
    """Cambodia's focal point: edits Cambodia's delegations, the activities it leads and its ARC;
    cannot publish."""
    from accsm_portal.core.models import FocalPoint
    from accsm_portal.core.roles import FOCAL_POINT

    user = _staff_member(django_user_model, "focal.kh", FOCAL_POINT)
    FocalPoint.objects.create(user=user, country=cambodia)
    return user


@pytest.fixture
def partner_manager(django_user_model):
    """Secretariat staff who look after partner systems: issue and revoke their API tokens."""
    from accsm_portal.core.roles import PARTNER_MANAGER

    return _staff_member(django_user_model, "partners.asec", PARTNER_MANAGER)


@pytest.fixture
def viewer(django_user_model):
    """Reads the whole admin and changes nothing (an auditor, a new colleague)."""
    from accsm_portal.core.roles import VIEWER

    return _staff_member(django_user_model, "viewer.asec", VIEWER)


@pytest.fixture
def vietnamese_translator(django_user_model):
    """A translator into Vietnamese: edits and marks for review only the Vietnamese columns."""
    return _staff_member(django_user_model, "translator.vi", "translator_vi")


@pytest.fixture
def superuser(django_user_model):
    """The portal's technical administrator: every permission, including accounts and roles."""
    return django_user_model.objects.create_superuser(
        username="root.asec", password="s3cret-pass!", email="root@example.org"
    )


# One-line figures that tests measure (docs/reliability.md quotes them): each is written to
# test-artifacts/<name>.txt and repeated in pytest's terminal summary, so no `-s` is needed.
# A figure reported again (a running total) replaces the one before.
FIGURES: dict[str, str] = {}


def report_figure(name: str, text: str) -> None:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    (ARTIFACTS_DIR / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    FIGURES[name] = text.splitlines()[0]


def pytest_terminal_summary(terminalreporter) -> None:
    if FIGURES:
        terminalreporter.section("figures")
        for line in FIGURES.values():
            terminalreporter.write_line(line)


@pytest.fixture
def eager_tasks():
    """Run tasks in process, as the embedded default does (whatever REDIS_URL says): for tests
    whose code runs in this process (the test client, the live server) with no worker to wait
    for."""
    from accsm_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session", autouse=True)
def _no_stray_database_sessions(django_db_setup, django_db_blocker):
    """Ends, at the close of the run, any other session still connected to the PostgreSQL test
    database (a worker process or a server thread finishing its last query), so that pytest can
    drop the database instead of failing the run on "is being accessed by other users"."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
