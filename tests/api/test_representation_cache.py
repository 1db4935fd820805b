"""The kept representations' store (accsm_portal/lib/api/representations.py,
RepresentationCache) answers a page's reads as Django's memory cache does: what was kept and
has not expired, and the entries read most recently survive when it is full."""

from unittest import mock

from accsm_portal.lib.api.representations import RepresentationCache


def _cache(entries: int = 10) -> RepresentationCache:
    # MAX_ENTRIES and CULL_FREQUENCY as in settings: a third culled when full.
    return RepresentationCache(
        "test-representations", {"TIMEOUT": 60, "OPTIONS": {"MAX_ENTRIES": entries}}
    )


def test_a_page_read_returns_what_was_kept_and_nothing_else():
    cache = _cache()
    cache.set_many({"a": b'{"uid": "a"}', "b": b'{"uid": "b"}'})

    assert cache.get_many(["a", "missing", "b"]) == {"a": b'{"uid": "a"}', "b": b'{"uid": "b"}'}


def test_an_expired_representation_is_not_returned_and_is_dropped():
    cache = _cache()
    cache.set_many({"old": b"1"}, timeout=10)
    cache.set_many({"new": b"2"}, timeout=100)

    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=2e10):
        assert cache.get_many(["old", "new"]) == {}
    assert cache.get_many(["old"]) == {}
    assert not cache.has_key("old")


def test_representations_read_recently_survive_a_full_store():
    cache = _cache(entries=3)
    cache.set_many({"first": b"1", "second": b"2", "third": b"3"})
    cache.get_many(["first"])  # read: now the most recent

    cache.set_many({"fourth": b"4"})  # full: the least recently used third goes

    assert set(cache.get_many(["first", "second", "third", "fourth"])) == {
        "first",
        "third",
        "fourth",
    }


def test_keys_longer_than_memcached_allows_are_kept_without_a_warning(recwarn):
    cache = _cache()
    key = "api|7|km|one|public|http://127.0.0.1:8000/|workplans.activity|" + "9" * 250

    cache.set_many({key: b"x"})

    assert cache.get_many([key]) == {key: b"x"}
    assert not [w for w in recwarn if "memcached" in str(w.message)]
