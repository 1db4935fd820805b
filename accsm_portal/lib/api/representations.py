"""Each record's API representation, kept per reader variant so that a list page is one query
for its keys and a multi-get (the first lever of shared/design/PERFORMANCE.md).

A kept representation is never invalidated, only left unread: its key holds everything the
representation depends on.

- the record's `updated_at`, which accsm_portal/sync.py moves whenever the record, one of its
  parts or its citations change;
- the content generation (accsm_portal/lib/page_cache.py), which the same receivers replace
  after any change to any record, so a change to a record shown *inside* another (a meeting's
  title in an activity's `reported_at`, a draft that must vanish from a nested list) is seen
  at once;
- the reader's variant: language, `translations=all`, the document access levels, and the
  scheme and host the links are built with.

The store is a memory cache in each process (`CACHES["representations"]`,
`RepresentationCache`): reading it costs microseconds, and as keys cannot go stale, workers
need not share it. At 10,000 entries of about 3 KB it stays within the memory target of
docs/performance.md.
"""

import datetime
import pickle
import time
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db.models import Model

from accsm_portal.lib.api.renderers import to_json


class RepresentationCache(LocMemCache):
    """Django's memory cache, read 50 keys at a time: one lock for the whole page, and the keys
    not checked for memcached's rules (they are ours, and no memcached ever sees them).

    LocMemCache's `get_many` is a `get` per key, each taking the lock and checking every
    character of its 150-character key in Python: 1.7 ms of a 4 ms API list, against 0.4 ms
    for the same 50 reads here (python -c timing of 2,000 pages of 50 kept 3 KB entries)."""

    def validate_key(self, key: str) -> None:
        return None

    def get_many(self, keys, version=None) -> dict:
        # The clock read once for the page, and `_has_expired` inlined: 50 calls each.
        make_key, entries, expiries = self.make_key, self._cache, self._expire_info
        now = time.time()
        kept = {}
        with self._lock:
            for key in keys:
                store_key = make_key(key, version)
                expiry = expiries.get(store_key, -1)
                if expiry is not None and expiry <= now:
                    self._delete(store_key)
                    continue
                entries.move_to_end(store_key, last=False)
                kept[key] = entries[store_key]
        return {key: pickle.loads(value) for key, value in kept.items()}


def _store():
    """The store, or None where it is switched off (a settings override without it)."""
    if not settings.API_REPRESENTATION_CACHE or "representations" not in settings.CACHES:
        return None
    return caches["representations"]


def variant(request: Any, access_levels: Sequence[str]) -> str:
    """What a representation depends on besides the record and the generation."""
    return "|".join(
        [
            getattr(request, "api_language", "en"),
            "all" if getattr(request, "api_all_languages", False) else "one",
            ",".join(sorted(access_levels)),
            request.build_absolute_uri("/"),
        ]
    )


def _key(prefix: str, pk: Any, moment: datetime.datetime | None) -> str:
    return f"{prefix}|{pk}|{moment.isoformat() if moment is not None else '-'}"


def representations(
    model: type[Model],
    rows: list[dict],
    *,
    reader: str,
    generation: str,
    timestamp_field: str,
    load: Callable[[list[Any]], list[Model]],
    serialize: Callable[[list[Model]], list[dict]],
    as_json: bool = False,
) -> list[Any]:
    """The representations of the records of `rows` (dictionaries holding at least `pk` and
    `timestamp_field`), in their order (`generation`: the content generation, read by the
    caller): kept ones from the store, the others from
    `load(pks)` (the full records, with what their serializer needs) and `serialize(records)`,
    then kept. A record gone between the two reads is left out.

    They are kept as JSON. With `as_json` they are returned as orjson fragments, which the
    JSON renderer writes as they are (no decoding, no encoding again); otherwise as dicts."""
    if not rows:
        return []
    store = _store()
    if store is None:
        return serialize(load([row["pk"] for row in rows]))
    prefix = f"api|{generation}|{reader}|{model._meta.label_lower}"
    keys = {row["pk"]: _key(prefix, row["pk"], row[timestamp_field]) for row in rows}
    found = store.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        loaded = load(missing)
        fresh = {}
        for record, data in zip(loaded, serialize(loaded), strict=True):
            encoded = to_json(data)
            # Kept under the moment just read: a row changed since the page was chosen is
            # shown as it is now, and kept under its new moment.
            fresh[_key(prefix, record.pk, getattr(record, timestamp_field))] = encoded
            found[keys[record.pk]] = encoded
        store.set_many(fresh, timeout=settings.API_REPRESENTATION_SECONDS)
    kept = [found[key] for key in keys.values() if key in found]
    if as_json:
        return [orjson.Fragment(item) for item in kept]
    return [orjson.loads(item) for item in kept]
