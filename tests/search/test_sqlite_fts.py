"""SQLite: the FTS5 trigram table answers searches and follows every write of the index."""

import pytest
from django.db import connection

from accsm_portal.lib.search import parse_query
from accsm_portal.search.models import SearchEntry
from accsm_portal.search.selectors import FTS_TABLE, search_entries
from tests.factories import SourceFactory
from tests.search.conftest import found_uids

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5: SQLite only"),
]


def fts_rows(term: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            ['"' + term + '"'],
        )
        return {row[0] for row in cursor.fetchall()}


def entry_ids(source) -> set[int]:
    return set(SearchEntry.objects.filter(object_uid=source.uid).values_list("id", flat=True))


def plan(q: str) -> str:
    with connection.cursor() as cursor:
        sql, params = search_entries(parse_query(q)).order_by().values("id").query.sql_with_params()
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


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
