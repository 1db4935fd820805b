"""The ranking cap: a search matching more than RANK_CAP rows ranks the first ones found and
says "more than", on the portal and in the API, instead of ranking every match."""

import pytest
from django.urls import reverse
from django.utils import translation

from accsm_portal.lib.search import parse_query
from accsm_portal.search import selectors
from accsm_portal.search.selectors import search_ranked
from tests.factories import DocumentFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cap_of_three(monkeypatch):
    monkeypatch.setattr(selectors, "RANK_CAP", 3)


def make_sources(n: int) -> list:
    return [SourceFactory(title_en=f"Article {i}", text="Civil service reform") for i in range(n)]


def test_at_the_cap_the_count_is_exact(cap_of_three, committed):
    with committed():
        make_sources(3)
    ranked = search_ranked(parse_query("civil service"), reader_language="en")
    assert (ranked.count(), ranked.capped) == (3, False)


def test_past_the_cap_only_the_cap_is_ranked_and_the_count_says_so(cap_of_three, committed):
    with committed():
        make_sources(5)
    ranked = search_ranked(parse_query("civil service"), reader_language="en")
    assert (ranked.count(), ranked.capped) == (3, True)
    assert len(list(ranked)) == 3


def test_a_title_match_is_ranked_first_whatever_the_number_of_text_matches(cap_of_three, committed):
    with committed():
        make_sources(6)
        titled = DocumentFactory(title_en="Civil service statistics")
    rows = list(search_ranked(parse_query("civil service"), reader_language="en"))
    assert rows[0]["object_uid"] == titled.uid


def test_the_portal_says_more_than_in_the_readers_language(
    cap_of_three, committed, anonymous_visitor
):
    with committed():
        make_sources(5)
        DocumentFactory(title_en="Civil service statistics")
    with translation.override("en"):
        en = anonymous_visitor.get(reverse("search:results"), {"q": "civil service"})
    with translation.override("vi"):
        vi = anonymous_visitor.get(reverse("search:results"), {"q": "civil service"})
    assert "More than 4 records found" in en.content.decode()
    assert "Tìm thấy hơn 4 hồ sơ" in vi.content.decode()
    # Past the cap no per-type count is known: every type is offered, none with a number.
    facets = en.context["type_counts"]
    assert {f["key"] for f in facets} >= {"source", "document", "meeting"}
    assert "Sources (" not in en.content.decode()


def test_the_api_flags_a_capped_count_and_words_it(cap_of_three, committed, client):
    with committed():
        make_sources(5)
    body = client.get(
        "/api/v1/search/", {"q": "civil service", "lang": "km"}, HTTP_ACCEPT_LANGUAGE="km"
    ).json()
    assert body["count"] == 3
    assert body["count_capped"] is True
    assert body["count_text"] != "more than 3 results"  # translated
    assert "3" in body["count_text"]
    small = client.get("/api/v1/search/", {"q": "article 1", "lang": "en"}).json()
    assert (small["count"], small["count_capped"], small["count_text"]) == (1, False, "1 result")
