"""Writes to the search index: refresh one record's entries, or rebuild the whole index."""

import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from accsm_portal.lib.search import search_keys
from accsm_portal.search.models import SearchEntry
from accsm_portal.search.registry import BY_KEY, TYPES, SearchableType

logger = logging.getLogger(__name__)

LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
# Above this many records in one commit, the refresh goes to a Celery worker instead of
# delaying the response (a work plan with hundreds of activities, an import).
INLINE_LIMIT = 50


def search_entries_build(*, kind: SearchableType, record: models.Model) -> list[SearchEntry]:
    """The unsaved index entries of one record: its title and the rest of its text, per language
    that has any."""
    start, end = kind.years(record)
    common = {
        "record_type": kind.key,
        "object_uid": record.uid,
        "access": kind.access(record),
        "year_start": start,
        "year_end": end if end is not None else start,
        "sort_date": kind.sort_date(record),
    }
    entries = []
    for language in LANGUAGES:
        for is_title, text in ((True, kind.title(record, language)), (False, None)):
            if text is None:
                text = kind.body(record, language)
            if not text.strip():
                continue
            key, folded = search_keys(text)
            entries.append(
                SearchEntry(
                    language=language,
                    is_title=is_title,
                    key=key,
                    folded=folded,
                    display=text,
                    **common,
                )
            )
    return entries


_UPDATED_FIELDS = [
    "key",
    "folded",
    "display",
    "access",
    "year_start",
    "year_end",
    "sort_date",
    "indexed_at",
]


@transaction.atomic
def search_index_record(*, record_type: str, uid: uuid.UUID | str) -> int:
    """Bring one record's entries in line with the database; returns how many it now has.

    Safe to run twice or concurrently: entries are upserted on their natural key and the ones
    no longer produced are deleted, so the last run wins."""
    kind = BY_KEY[record_type]
    record = kind.indexable().prefetch_related(*kind.prefetch).filter(uid=uid).first()
    entries = search_entries_build(kind=kind, record=record) if record is not None else []
    if entries:
        SearchEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["record_type", "object_uid", "language", "is_title"],
            update_fields=_UPDATED_FIELDS,
        )
    stale = SearchEntry.objects.filter(record_type=record_type, object_uid=uid)
    for entry in entries:
        stale = stale.exclude(language=entry.language, is_title=entry.is_title)
    stale.delete()
    return len(entries)


def search_index_records(*, items: Iterable[tuple[str, str]]) -> int:
    """Refresh several records, each in its own transaction."""
    return sum(search_index_record(record_type=kind, uid=uid) for kind, uid in items)


def search_rebuild(*, record_types: Iterable[str] | None = None, batch_size: int = 500) -> dict:
    """Recreate the index from the database, type by type; returns the entries per type.

    Each type is swapped in one transaction, so a search during a rebuild sees either the old
    or the new entries of a type, never none."""
    counts = {}
    for kind in TYPES:
        if record_types is not None and kind.key not in record_types:
            continue
        with transaction.atomic():
            SearchEntry.objects.filter(record_type=kind.key).delete()
            records = kind.indexable().prefetch_related(*kind.prefetch).order_by("pk")
            batch: list[SearchEntry] = []
            total = 0
            for record in records.iterator(chunk_size=batch_size):
                batch += search_entries_build(kind=kind, record=record)
                if len(batch) >= batch_size:
                    SearchEntry.objects.bulk_create(batch)
                    total, batch = total + len(batch), []
            SearchEntry.objects.bulk_create(batch)
            counts[kind.key] = total + len(batch)
    _merge_pending_lists()
    return counts


def _merge_pending_lists() -> None:
    """PostgreSQL: move the entries a rebuild left in the GIN indexes' pending lists into the
    indexes. Every scan reads a pending list whole and the planner counts it: full after a
    rebuild, it made PostgreSQL skip the samples' and the titles' indexes until a vacuum
    (migration search 0007). The samples' indexes keep none; this serves the others."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "WHERE i.indrelid = %s::regclass AND a.amname = 'gin'",
            [SearchEntry._meta.db_table],
        )


# ---------------------------------------------------------------------------------------------
# Refresh after commit
# ---------------------------------------------------------------------------------------------


class _Refresh:
    """The records to refresh after one transaction commits (one on-commit callback)."""

    def __init__(self) -> None:
        self.items: set[tuple[str, str]] = set()
        self.done = False

    def __call__(self) -> None:
        from accsm_portal.search.tasks import search_index_records_task

        self.done = True
        items = sorted(self.items)
        if len(items) > INLINE_LIMIT:
            search_index_records_task.delay(items)
            return
        try:
            search_index_records(items=items)
        except Exception:
            # The change itself is committed; a worker retries the refresh rather than fail
            # the editor's request.
            logger.exception("search refresh failed; handing %d records to a worker", len(items))
            search_index_records_task.delay(items)


def search_schedule(*, items: Iterable[tuple[str, object]], using: str | None = None) -> None:
    """Refresh these records' entries once the current transaction commits (at once outside
    one). Several changes in one transaction refresh each record once, after the commit."""
    items = {(kind, str(uid)) for kind, uid in items if uid}
    if not items:
        return
    connection = connections[using or DEFAULT_DB_ALIAS]
    # Join the refresh already waiting for this transaction, if any. Django drops the callbacks
    # of a rolled-back transaction or savepoint from run_on_commit, so a rolled-back write
    # leaves nothing behind, and a later write registers a new refresh.
    pending = None
    if connection.in_atomic_block:
        pending = next(
            (
                callback
                for _savepoints, callback, _robust in connection.run_on_commit
                if isinstance(callback, _Refresh) and not callback.done
            ),
            None,
        )
    if pending is not None:
        pending.items.update(items)
        return
    refresh = _Refresh()
    refresh.items.update(items)
    transaction.on_commit(refresh, using=using, robust=True)
