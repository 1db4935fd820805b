"""The portal's search page: /<language>/search/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accsm_portal.lib.search import QueryError
from tests.factories import DocumentFactory, MeetingFactory, SourceFactory

pytestmark = pytest.mark.django_db

LO_003 = "ກະຊວງພາຍໃນໄດ້ເຂົ້າຮ່ວມກອງປະຊຸມທາງໄກຮ່ວມມືອາຊຽນກ່ຽວກັບວຽກງານລັດຖະກອນ"


def search_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("search:results")


def test_the_page_lives_under_each_language_prefix():
    assert search_url("km") == "/km/search/"
    assert search_url("lo") == "/lo/search/"


def test_results_show_type_title_matched_language_and_a_highlighted_snippet(
    anonymous_visitor, committed
):
    with committed():
        source = SourceFactory(
            title_en="20th ACCSM", title_lo="ກອງປະຊຸມ ຄັ້ງທີ 20", language="lo", text=LO_003
        )

    response = anonymous_visitor.get(search_url("lo"), {"q": "ທາງໄກຮ່ວມມື"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="lo"' in page
    assert "<mark>ທາງໄກຮ່ວມມື</mark>" in page
    assert "ກອງປະຊຸມ ຄັ້ງທີ 20" in page  # the title in the reader's language
    hit = response.context["hits"][0]
    assert hit.uid == source.uid
    assert hit.language == "lo"


def test_the_matched_language_is_named_in_the_readers_language(anonymous_visitor, committed):
    with committed():
        DocumentFactory(title_en="Report", title_vi="Báo cáo về nền công vụ")
    page = anonymous_visitor.get(search_url("en"), {"q": "cong vu"}).content.decode()
    assert "Found in Vietnamese" in page


def test_drafts_are_never_listed(anonymous_visitor, committed):
    with committed():
        MeetingFactory(title_en="Secret preparatory meeting", publication_state="draft")
    response = anonymous_visitor.get(search_url(), {"q": "preparatory"})
    assert response.context["page"].paginator.count == 0
    assert "Secret preparatory meeting" not in response.content.decode()


def test_filters_by_type_and_offers_counts_per_type(anonymous_visitor, committed):
    with committed():
        meeting = MeetingFactory(title_en="ACCSM Heads meeting")
        DocumentFactory(title_en="ACCSM Terms of Reference")
    response = anonymous_visitor.get(search_url(), {"q": "accsm", "type": "meeting"})
    assert [hit.uid for hit in response.context["hits"]] == [meeting.uid]
    assert {c["key"]: c["count"] for c in response.context["type_counts"]} == {
        "meeting": 1,
        "document": 1,
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "a"}, "q"),
        ({"q": "accsm", "year": "20x1"}, "year"),
        ({"q": "accsm", "type": "x"}, "type"),
    ],
)
def test_bad_input_is_a_translated_error_not_a_crash(anonymous_visitor, params, field):
    response = anonymous_visitor.get(search_url("km"), params)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()


def test_a_too_short_query_is_explained_in_khmer(anonymous_visitor):
    response = anonymous_visitor.get(search_url("km"), {"q": "a"})
    with translation.override("km"):
        khmer = QueryError("too_short").message
    with translation.override("en"):
        english = QueryError("too_short").message
    assert khmer != english  # a real Khmer translation, not the English text
    assert khmer in response.content.decode()


def test_an_empty_search_shows_the_form(anonymous_visitor):
    response = anonymous_visitor.get(search_url())
    assert response.status_code == 200
    assert response.context["page"] is None


def _make(n: int) -> None:
    for i in range(n):
        MeetingFactory(title_en=f"Working group meeting {i}")
        DocumentFactory(title_en=f"Working group report {i}")


def test_the_results_page_costs_the_same_queries_for_few_or_many_hits(
    anonymous_visitor, committed, django_assert_num_queries
):
    with committed():
        _make(2)
    with CaptureQueriesContext(connection) as few:
        anonymous_visitor.get(search_url(), {"q": "working group"})
    with committed():
        _make(12)
    with django_assert_num_queries(len(few.captured_queries)):
        response = anonymous_visitor.get(search_url(), {"q": "working group"})
    assert len(response.context["hits"]) == 20
    assert response.context["page"].paginator.count == 28
