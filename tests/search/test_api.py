"""GET /api/v1/search/: ranked hits, problem details for bad parameters, published only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import translation

from accsm_portal.lib.search import QueryError
from tests.accounts import login
from tests.factories import DocumentFactory, MeetingFactory, SourceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"
KM_000 = "ឯកឧត្តម យក់ ប៊ុនណា រដ្ឋលេខាធិការប្រចាំការនៃក្រសួងមុខងារសាធារណៈ និងជានាយកសាលាភូមិន្ទរដ្ឋបាល"


def test_a_khmer_query_returns_the_hit_with_its_snippet(client, committed):
    with committed():
        source = SourceFactory(
            title_en="Permanent Secretary leads delegation", language="km", text=KM_000
        )

    response = client.get(URL, {"q": "ក្រសួងមុខងារ"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "count_capped": False,
        "count_text": "1 result",
        "next": None,
        "previous": None,
        "results": [
            {
                "type": "source",
                "type_label": "source",
                "uid": str(source.uid),
                "slug": source.slug,
                "title": "Permanent Secretary leads delegation",
                "title_language": "en",
                "title_is_fallback": False,
                "portal_url": f"http://testserver/en/sources/{source.slug}/",
                "matched_language": "km",
                "title_matched": False,
                "snippet": {
                    "text": KM_000,
                    "html": KM_000.replace("ក្រសួងមុខងារ", "<mark>ក្រសួងមុខងារ</mark>"),
                    "highlights": [[KM_000.index("ក្រសួងមុខងារ"), KM_000.index("ក្រសួងមុខងារ") + 12]],
                },
            }
        ],
    }
    assert response["Content-Language"] == "en"


def test_filters_and_pagination(client, committed):
    with committed():
        for n in range(3):
            MeetingFactory(title_en=f"ACCSM meeting {n}")
        DocumentFactory(title_en="ACCSM statement")
    body = client.get(URL, {"q": "accsm", "type": "meeting", "page_size": 2}).json()
    assert body["count"] == 3
    assert {hit["type"] for hit in body["results"]} == {"meeting"}
    assert "page=2" in body["next"]
    assert len(client.get(body["next"]).json()["results"]) == 1


def test_the_response_language_follows_lang(client, committed):
    with committed():
        MeetingFactory(title_en="Heads meeting", title_vi="Cuộc họp những người đứng đầu")
    body = client.get(URL, {"q": "heads", "lang": "vi"}).json()
    assert body["results"][0]["title"] == "Cuộc họp những người đứng đầu"
    assert body["results"][0]["matched_language"] == "en"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "q"),
        ({"q": "x"}, "q"),
        ({"q": "accsm", "type": "country"}, "type"),
        ({"q": "accsm", "language": "fr"}, "language"),
        ({"q": "accsm", "year": "soon"}, "year"),
        ({"q": "accsm", "page": "0"}, "page"),
        ({"q": "accsm", "page": "9"}, "page"),
        ({"q": "accsm", "page_size": "1000"}, "page_size"),
        ({"q": "accsm", "lang": "fr"}, "lang"),
    ],
)
def test_bad_parameters_are_problem_details_naming_the_parameter(client, params, parameter):
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="lo")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert parameter in [error["parameter"] for error in body["errors"]]


def test_errors_are_translated(client):
    body = client.get(URL, {"q": "x"}, HTTP_ACCEPT_LANGUAGE="vi").json()
    with translation.override("vi"):
        assert body["errors"][0]["message"] == QueryError("too_short").message
    assert body["errors"][0]["code"] == "too_short"


def test_drafts_and_restricted_documents_stay_hidden(client, committed, delegate):
    with committed():
        MeetingFactory(title_en="Draft briefing meeting", publication_state="draft")
        restricted = DocumentFactory(title_en="Delegates' briefing", access="delegates")
    assert client.get(URL, {"q": "briefing"}).json()["count"] == 0
    login(client, delegate)
    results = client.get(URL, {"q": "briefing"}).json()["results"]
    assert [hit["uid"] for hit in results] == [str(restricted.uid)]


def test_the_endpoint_costs_the_same_queries_for_few_or_many_hits(
    client, committed, django_assert_num_queries
):
    with committed():
        MeetingFactory(title_en="Working group meeting")
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "working group"})
    with committed():
        for n in range(15):
            MeetingFactory(title_en=f"Working group meeting {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(URL, {"q": "working group"}).json()
    assert len(body["results"]) == 16


def test_the_schema_documents_the_endpoint(client):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {p["name"] for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
    assert {"q", "type", "language", "year", "page", "page_size"} <= parameters


def test_hits_are_written_as_the_serializer_describes_them(committed, rf):
    """The endpoint writes hits without DRF (hit_data); SearchHitSerializer is the schema, and
    both give the same dict: with and without a snippet, a fallback title, a part's anchor."""
    from accsm_portal.search.api.serializers import SearchHitSerializer, hit_data
    from tests.factories import PriorityAreaFactory
    from tests.search.conftest import hits_for

    with committed():
        SourceFactory(title_en="Zebra crossing", language="km", text=KM_000)
        MeetingFactory(title_en="Zebra meeting", title_km="")
        PriorityAreaFactory(title_en="Zebra area")
    request = rf.get(URL, HTTP_HOST="portal.example")
    hits = hits_for("zebra", reader_language="km") + hits_for("ក្រសួងមុខងារ")
    assert len(hits) == 4
    for hit in hits:
        expected = SearchHitSerializer(hit, context={"request": request}).data
        assert hit_data(hit, request.build_absolute_uri) == expected


def test_a_search_costs_its_candidates_one_query_per_type_shown_and_the_texts(
    client, committed, django_assert_num_queries
):
    """The request's whole cost in queries: the capped candidates (title rows and the rest;
    on PostgreSQL both at once, through the samples, here too few to fill the cap), one query
    per record type on the page, and one for the page's texts: nothing per hit."""
    from accsm_portal.search.selectors import SAMPLES

    with committed():
        for n in range(3):
            MeetingFactory(title_en=f"Working group meeting {n}")
            DocumentFactory(title_en=f"Working group report {n}")
    client.get(URL, {"q": "working group"})  # content types and translations cached
    # SQLite: a query per part; PostgreSQL: both parts at once, one round per sample.
    rounds = len(SAMPLES) if connection.vendor == "postgresql" else 2
    with django_assert_num_queries(rounds + 2 + 1):
        body = client.get(URL, {"q": "working group"}).json()
    assert body["count"] == 6


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/search/", "search-list"),
        ("/api/v1/search.json", "search-list"),
        # Search's patterns are tried first: a record whose slug is "search" keeps its address.
        ("/api/v1/meetings/search/", "meeting-detail"),
        ("/api/v1/documents/search/", "document-detail"),
        ("/api/v1/", "api-root"),
        ("/api/v1/schema/", "api-schema"),
    ],
)
def test_search_and_the_resources_keep_their_addresses(path, name):
    assert resolve(path).url_name == name
