"""Anonymous portal pages, cached whole, and dropped all at once when any record changes.

Most readers are anonymous delegates and the public, and they all get the same page for the
same address and language; rendering a meeting list costs tens of milliseconds, a cached copy
well under one. A signed-in reader (a delegate seeing restricted documents, an editor) is never
served from or stored in this cache, nor is a request with a pending message or a response
that sets a cookie.

Invalidation is by generation: every key holds the current generation token, and
`page_cache_clear()` replaces the token, so a change anywhere (a publication, an edit, a delete,
a relation) is visible on the next request to every page that could show it. accsm_portal/sync.py
calls it after the commit of any change to a record, from the same receivers that move
`updated_at`, so no write path is missed. The generation is in `CACHES["pages"]`: Redis when
the portal runs with it, otherwise a file cache on this machine, shared by every gunicorn
worker. The pages are there too with Redis; otherwise in each worker's memory
(`CACHES["page-store"]`): as every key holds the shared generation, a worker's copy is never
older than the last change.
"""

import functools
import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "page-generation"
T = TypeVar("T")
logger = logging.getLogger(__name__)


def _cache():
    # A settings override that names only the default cache (a test) keeps pages there.
    return caches["pages"] if "pages" in settings.CACHES else caches["default"]


def _store():
    """Where the pages are: each worker's memory beside a shared generation (the embedded
    default, see settings), or the same cache as the generation (Redis)."""
    return caches["page-store"] if "page-store" in settings.CACHES else _cache()


def content_generation() -> str:
    """A token replaced after any change to any record: part of every key whose value may show
    a record (cached pages; API representations, accsm_portal/lib/api/representations.py).

    With the cache unreachable, a new token each call: nothing kept is read, and no ETag
    matches, so readers get fresh answers rather than errors."""
    cache = _cache()
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            generation = uuid.uuid4().hex
            # add(): two workers starting together agree on one generation.
            if not cache.add(GENERATION_KEY, generation, timeout=None):
                generation = cache.get(GENERATION_KEY) or generation
    except Exception:  # any backend's connection error
        logger.warning("content generation unreadable: cache unreachable", exc_info=True)
        return uuid.uuid4().hex
    return generation


def page_cache_clear() -> None:
    """Drop every cached page (a new generation; old entries expire unread)."""
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


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
