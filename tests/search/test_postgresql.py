"""PostgreSQL: the trigram index exists, the database ctype lets Khmer and Lao use it."""

import pytest
from django.core.checks import run_checks
from django.db import connection

from accsm_portal.lib.search import parse_query
from accsm_portal.search.selectors import Filters, candidate_sql
from accsm_portal.search.services import search_rebuild
from tests.factories import SourceFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="trigram index: PostgreSQL only (CI pass 2)"
    ),
]


def test_the_database_ctype_is_utf8_and_the_check_agrees():
    with connection.cursor() as cursor:
        cursor.execute("SHOW lc_ctype")
        ctype = cursor.fetchone()[0]
    assert "utf" in ctype.lower().replace("-", "")
    assert [m for m in run_checks(databases=["default"]) if m.id == "search.W001"] == []


@pytest.mark.parametrize("text", ["មុខងារសាធារណៈ", "ຮ່ວມມືອາຊຽນ", "công vụ"])
def test_khmer_lao_and_vietnamese_produce_trigrams(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_length(show_trgm(%s), 1)", [text])
        assert cursor.fetchone()[0] >= len(text) - 2


def candidate_plan(query: str, *, is_title: bool, one_in: int = 1) -> str:
    """EXPLAIN of the capped candidate query as search_candidates sends it. On a handful of
    rows the planner rightly prefers reading the table, or the natural key's index for
    is_title alone: both are forbidden (the constraint dropped inside the test's transaction,
    which is rolled back) to see which trigram index answers (bench/ shows it chosen at
    scale)."""
    sql, params = candidate_sql(
        parse_query(query), Filters(levels=["public"]), ["km"], is_title=is_title, one_in=one_in
    )
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE search_searchentry DROP CONSTRAINT search_entry_once")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("query", ["ក្រសួងមុខងារ", "ທາງໄກຮ່ວມມື", "cong vu"])
def test_a_search_is_answered_from_the_trigram_index(committed, query):
    with committed():
        SourceFactory(language="km", text="ក្រសួងមុខងារសាធារណៈ")
    assert "search_entry_folded_trgm" in candidate_plan(query, is_title=False)


@pytest.mark.parametrize("one_in", [256, 16])
@pytest.mark.parametrize(("is_title", "part"), [(True, "title"), (False, "text")])
def test_the_samples_are_answered_from_their_partial_indexes(committed, one_in, is_title, part):
    """The ranking cap asks the 1-in-256 and 1-in-16 samples first (a GIN bitmap cannot stop
    at a LIMIT), title rows and other rows apart: the predicates the selectors write must be
    the ones their indexes carry."""
    with committed():
        SourceFactory(language="km", title_km="ក្រសួងមុខងារ", text="ក្រសួងមុខងារសាធារណៈ")
    plan = candidate_plan("ក្រសួងមុខងារ", is_title=is_title, one_in=one_in)
    assert f"search_entry_folded_trgm_1in{one_in}_{part}" in plan


def test_the_title_candidates_past_the_samples_are_answered_from_the_title_index(committed):
    """Past the samples the title rows are asked of the whole index: the titles' own trigram
    index (migration 0005) answers, not the index of every row and its texts."""
    with committed():
        SourceFactory(language="km", title_km="ក្រសួងមុខងារ", text="ក្រសួងមុខងារសាធារណៈ")
    assert "search_entry_folded_trgm_title" in candidate_plan("ក្រសួងមុខងារ", is_title=True)


def test_the_samples_indexes_keep_no_pending_list():
    """A pending list is read whole by every scan and counted by the planner: filled by a bulk
    load and never vacuumed, it made PostgreSQL read the index of every row instead of a
    sample's (migration 0007). The samples' indexes write each entry in place."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname LIKE 'search_entry_folded%%'"
        )
        options = dict(cursor.fetchall())
    samples = {name: value for name, value in options.items() if "_1in" in name}
    assert len(samples) == 4
    assert all(value == ["fastupdate=off"] for value in samples.values())


def test_a_rebuild_leaves_the_index_answering_searches(committed):
    """search_rebuild ends by merging the GIN pending lists it filled (services.py)."""
    with committed():
        SourceFactory(language="km", text="ក្រសួងមុខងារសាធារណៈ")
    counts = search_rebuild(record_types=["source"])
    assert counts["source"] >= 1
    assert "search_entry_folded_trgm" in candidate_plan("ក្រសួងមុខងារ", is_title=False)
