"""Checks behind /healthz: each dependency answers quickly or is reported down."""

import time
import uuid
from collections.abc import Callable

from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.conf import settings
from django.core.cache import cache
from django.db import connection


def _timed(check: Callable[[], dict]) -> dict:
    started = time.monotonic()
    try:
        result = {"ok": True, **check()}
    # Whatever a dependency raises, the answer is the same: it is down, and here is why.
    except Exception as exc:
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    # django-redis swallows errors by design (IGNORE_EXCEPTIONS); a lost value reveals them.
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _broker() -> dict:
    from accsm_portal.celery import app

    if app.conf.task_always_eager:
        return {"mode": "eager"}
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=1)
    return {"mode": "broker"}


def _worker() -> dict:
    from accsm_portal.tasks import health_ping_task

    try:
        answer = health_ping_task.delay().get(timeout=5)
    except CeleryTimeoutError as exc:
        raise RuntimeError("no worker answered within 5 seconds") from exc
    return {"answer": answer}


def health_report(*, deep: bool = False) -> dict:
    """The state of every dependency; `deep` also sends a task round trip through a worker."""
    checks = {"database": _timed(_database), "cache": _timed(_cache), "broker": _timed(_broker)}
    if deep:
        checks["worker"] = _timed(_worker)
    status = "ok" if all(c["ok"] for c in checks.values()) else "error"
    return {"status": status, "checks": checks}
