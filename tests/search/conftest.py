"""Search tests: records are created inside `committed()`, which runs the index refresh that a
real commit runs (pytest-django's test transaction is never committed)."""

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs the on-commit callbacks (the index refresh) at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def hits_for(q: str, *, reader_language: str = "en", user=None, **filters) -> list:
    """Every hit for `q`, best first (SearchHit)."""
    from accsm_portal.lib.search import parse_query
    from accsm_portal.search.selectors import language_order, search_hits, search_ranked

    query = parse_query(q)
    rows = search_ranked(query, reader_language=reader_language, user=user, **filters)
    order = language_order(filters.get("language") or reader_language)
    return search_hits(rows, query, order=order, reader_language=reader_language, user=user)


def found(q: str, *, reader_language: str = "en", user=None, **filters) -> list[tuple]:
    """(record type, uid, matched language) of every hit for `q`, best first."""
    hits = hits_for(q, reader_language=reader_language, user=user, **filters)
    return [(hit.record_type, hit.uid, hit.language) for hit in hits]


def found_uids(q: str, **kwargs) -> list:
    return [uid for _type, uid, _language in found(q, **kwargs)]
