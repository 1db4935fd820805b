"""Anonymous portal pages, cached whole, and dropped all at once when any record changes.

Most readers are anonymous delegates and the public, and they all get the same page for the
same address and language; rendering a meeting list costs tens of milliseconds, a cached copy
well under one. A signed-in reader (a delegate seeing restricted documents, an editor) is never
served from or stored in this cache, nor is a request with a pending message or a response
that sets a cookie.

Invalidation is by generation: every key holds the current content generation, and
`page_cache_clear()` moves it, so a change anywhere (a publication, an edit, a delete, a
relation) is visible on the next request to every page that could show it. accsm_portal/sync.py
calls it after the commit of any change to a record, from the same receivers that move
`updated_at`, so no write path is missed. The generation is in the database (migration
accsm_portal 0003 says how and why), where an API list reads it in the statement of its
validators. The pages are in Redis when the portal runs with it, otherwise in each worker's
memory (`CACHES["page-store"]`): as every key holds the generation, a worker's copy is never
older than the last change.
"""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION = "accsm_content_generation"
# Below 2**52, so that a value survives any JSON reader's float.
_SQLITE_NEW_VALUE = f"UPDATE {GENERATION} SET value = abs(random() % 4503599627370496) WHERE id = 1"
T = TypeVar("T")


def _store():
    """Where the pages are: each worker's memory (the embedded default, see settings), or
    Redis; a settings override that names only the default cache (a test) keeps them there."""
    for name in ("page-store", "pages"):
        if name in settings.CACHES:
            return caches[name]
    return caches["default"]


def generation_sql(vendor: str | None = None) -> str:
    """A scalar subquery giving the content generation, for a statement that reads it beside
    other values (accsm_portal/lib/api/conditional.py)."""
    if (vendor or connection.vendor) == "postgresql":
        return f"(SELECT last_value FROM {GENERATION})"
    return f"(SELECT value FROM {GENERATION} WHERE id = 1)"


# The generation read during the current request, so that the page cache and what it caches
# inside a page read it once. Only within a request: a Celery worker or a shell has no end of
# request to forget it at.
_request = Local()


def request_started(**kwargs: Any) -> None:
    _request.active, _request.generation = True, None


def request_finished(**kwargs: Any) -> None:
    _request.active, _request.generation = False, None


def content_generation(using: str = DEFAULT_DB_ALIAS) -> str:
    """A token moved after any change to any record: part of every key whose value may show
    a record (cached pages; API representations, accsm_portal/lib/api/representations.py) and
    of every API ETag. Read once per request."""
    within_request = using == DEFAULT_DB_ALIAS and getattr(_request, "active", False)
    if within_request and _request.generation is not None:
        return _request.generation
    database = connections[using]
    with database.cursor() as cursor:
        cursor.execute(f"SELECT {generation_sql(database.vendor)}")
        generation = str(cursor.fetchone()[0])
    if within_request:
        _request.generation = generation
    return generation


def _move_generation(postgresql: str) -> None:
    _request.generation = None
    with connection.cursor() as cursor:
        # On SQLite a random value, not value + 1: a rolled-back transaction's value would
        # come back with the next change, and anything kept under it in between with it.
        cursor.execute(postgresql if connection.vendor == "postgresql" else _SQLITE_NEW_VALUE)


def page_cache_clear() -> None:
    """Drop every cached page and kept representation: the generation moves on, and old
    entries expire unread. On PostgreSQL every session sees the new value at once (a
    sequence is outside transactions); on SQLite the writing transaction sees it at once and
    the others at its commit, with the data it wrote."""
    _move_generation(f"SELECT nextval('{GENERATION}')")


def page_cache_reset() -> None:
    """After a restore: the restored database brings back a generation of the past, under
    which pages of that past may still be cached; a random one is new to every cache."""
    _move_generation(f"SELECT setval('{GENERATION}', (random() * 2^52)::bigint)")


def page_cache_clear_on_commit() -> None:
    """Drop every cached page now and again once the current transaction commits.

    Now, so that a reader in the same transaction (a test, a service reading back) never gets
    the old page; after the commit, because a request served in between may have cached the
    old data again under the new generation."""
    page_cache_clear()
    connection = transaction.get_connection()
    # One clear per transaction, however many records it changes.
    if connection.in_atomic_block and any(
        callback is page_cache_clear for _sids, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(page_cache_clear, robust=True)


def shared_fragment(name: str, build: Callable[[], T]) -> T:
    """What every reader of a page shares in the active language (a list's filter choices, its
    rendered filter fields), kept in this process's memory under the content generation: built
    again after any change to any record, as cached pages are, and kept for signed-in readers
    and uncached pages too. `name` must say everything the value depends on besides the
    language and the records."""
    key = f"fragment:{content_generation()}:{get_language()}:{name}"
    store = caches["fragments"]
    value = store.get(key)
    if value is None:
        value = build()
        store.set(key, value)
    return value


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        # A session or message cookie may carry a message for this reader alone.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def cache_anonymous_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve this view's anonymous 200 answers from the page cache, keyed by the full path
    (language prefix and query string included) and the active language."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = f"page:{content_generation()}:{get_language()}:{request.get_full_path()}"
        cached = _store().get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            _store().set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
        return response

    return wrapped
