"""SQLite: the FTS5 trigram table answers searches and follows every write of the index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accsm_portal.lib.search import parse_query
from accsm_portal.search.models import SearchEntry
from accsm_portal.search.selectors import (
    FTS_TABLE,
    FTS_TITLE_TABLE,
    Filters,
    _fts_expression,
    candidate_sql,
    language_order,
    search_hits,
    search_ranked,
)
from tests.factories import SourceFactory
from tests.search.conftest import found_uids

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5: SQLite only"),
]


def fts_rows(term: str, table: str = FTS_TABLE) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", ['"' + term + '"'])
        return {row[0] for row in cursor.fetchall()}


def title_ids(source) -> set[int]:
    entries = SearchEntry.objects.filter(object_uid=source.uid, is_title=True)
    return set(entries.values_list("id", flat=True))


def entry_ids(source) -> set[int]:
    return set(SearchEntry.objects.filter(object_uid=source.uid).values_list("id", flat=True))


def plan(q: str) -> str:
    """EXPLAIN QUERY PLAN of the text rows' capped candidate query, as a line."""
    return " ".join(candidate_plan(q))


def test_the_trigram_table_follows_index_refreshes_and_deletes(committed):
    with committed():
        source = SourceFactory(title_en="Putrajaya retreat", text="ក្រសួងមុខងារសាធារណៈ")
    ids = entry_ids(source)
    assert ids <= fts_rows("putrajaya") | fts_rows("មុខងារ")
    assert fts_rows("មុខងារ") & ids

    with committed():
        source.text_en = ""
        source.text = "Pakse seminar"
        source.save()
    assert not fts_rows("មុខងារ") & entry_ids(source)
    assert fts_rows("pakse") & entry_ids(source)

    with committed():
        source.delete()
    assert fts_rows("pakse") == set()
    assert fts_rows("putrajaya") == set()


@pytest.mark.parametrize("q", ["ក្រសួងមុខងារ", "ຮ່ວມມືອາຊຽນ", "cong vu", "putrajaya"])
def test_terms_of_three_characters_or_more_are_read_from_the_trigram_table(q):
    assert FTS_TABLE in plan(q)


def test_a_two_letter_query_cannot_use_trigrams_and_falls_back_to_the_scan(committed):
    with committed():
        source = SourceFactory(language="vi", title_en="Report", text="Báo cáo về nền công vụ")
        SourceFactory(language="vi", title_en="Other", text="Hội nghị")
    assert FTS_TABLE not in plan("vụ")
    assert found_uids("vụ") == [source.uid]


def test_a_short_term_beside_a_long_one_still_has_to_match(committed):
    with committed():
        both = SourceFactory(language="vi", title_en="A", text="Chuyển đổi số hoá công vụ")
        SourceFactory(language="vi", title_en="B", text="Hoá đơn điện tử")
    # "hoa" narrows through the trigram table, "so" is checked on the rows it found.
    assert FTS_TABLE in plan("số hoá")
    assert found_uids("số hoá") == [both.uid]


def test_a_quote_in_the_query_is_text_not_fts_syntax(committed):
    with committed():
        source = SourceFactory(title_en='The "Hanoi" declaration')
    assert found_uids('"hanoi"') == [source.uid]
    assert found_uids('"hanoi" OR NEAR(x') == []


def candidate_plan(q: str, *, is_title: bool = False) -> list[str]:
    """EXPLAIN QUERY PLAN of the capped candidate query, as search_candidates runs it."""
    query = parse_query(q)
    sql, params = candidate_sql(query, Filters(levels=["public"]), ["km"], is_title=is_title)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [str(row[-1]) for row in cursor.fetchall()]


@pytest.mark.parametrize("q", ["ក្រសួងមុខងារសាធារណៈ", "ស្ដីពី", "ເຈົ້າຫນ້າທີ່ອາວຸໂສ", "civil service"])
def test_the_capped_candidates_are_read_from_the_trigram_table_lazily(q):
    """The trigram table drives the query and each match is looked up by id: SQLite reads
    matches only until the LIMIT (an `id IN (SELECT rowid ...)` collected them all first)."""
    plan = candidate_plan(q)
    assert plan[0].startswith(f"SCAN {FTS_TABLE} VIRTUAL TABLE")
    assert plan[1] == "SEARCH search_searchentry USING INTEGER PRIMARY KEY (rowid=?)"
    assert not any("LIST SUBQUERY" in step or "TEMP B-TREE" in step for step in plan)
    # The title candidates, from the titles' own table, the same way.
    plan = candidate_plan(q, is_title=True)
    assert plan[0].startswith(f"SCAN {FTS_TITLE_TABLE} VIRTUAL TABLE")
    assert plan[1] == "SEARCH search_searchentry USING INTEGER PRIMARY KEY (rowid=?)"


def test_the_title_trigram_table_holds_the_title_rows_only_and_follows_them(committed):
    with committed():
        source = SourceFactory(title_en="Putrajaya retreat", text="Putrajaya retreat report")
    assert fts_rows("putrajaya", FTS_TITLE_TABLE) == title_ids(source)
    assert fts_rows("putrajaya") > title_ids(source)

    with committed():
        source.title_en = "Pakse seminar"
        source.save()
    assert fts_rows("putrajaya", FTS_TITLE_TABLE) == set()
    assert fts_rows("pakse", FTS_TITLE_TABLE) == title_ids(source)

    with committed():
        source.delete()
    assert fts_rows("pakse", FTS_TITLE_TABLE) == set()
    # FTS5's own check that the table holds exactly what its triggers were told.
    with connection.cursor() as cursor:
        table = FTS_TITLE_TABLE
        cursor.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


def test_a_khmer_phrase_keeps_three_characters_or_more_after_normalisation():
    """Khmer and Lao terms are long strings of letters and marks: every one is a trigram
    query (a COENG DA typed as COENG TA too)."""
    expression = _fts_expression(parse_query("ស្ដីពី").terms)
    assert expression == '"ស្តីពី"'


def test_the_texts_of_a_page_are_read_through_the_natural_key_index(committed):
    """The snippets' texts: by record type, record and language (the unique index), never a
    scan of the index for `object_uid` alone (130 ms at 100,000 records). SQLite names the
    unique constraint's index itself."""
    with committed():
        SourceFactory(title_en="Putrajaya retreat", text="Putrajaya retreat report")
    query = parse_query("putrajaya")
    rows = search_ranked(query, reader_language="en")
    with CaptureQueriesContext(connection) as queries:
        hits = search_hits(rows, query, order=language_order("en"), reader_language="en")
    assert hits
    assert hits[0].snippet
    [texts] = [q["sql"] for q in queries if '"display"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {texts}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "USING INDEX" in plan
    assert "(record_type=? AND object_uid=? AND language=?)" in plan
    assert "SCAN search_searchentry" not in plan
