"""A source's page lists every record that cites it, grouped by type, each linked to its page,
at a constant number of queries; drafts and restricted documents stay hidden. A record's page
links each of its citations to the source."""

import pytest
from django.contrib.contenttypes.models import ContentType

from accsm_portal.core.models import Citation
from tests import factories
from tests.accounts import login

pytestmark = pytest.mark.django_db


def cite(source, record) -> Citation:
    return Citation.objects.create(
        source=source,
        content_type=ContentType.objects.get_for_model(record),
        object_uid=record.uid,
    )


def cited_source(size: int):
    source = factories.SourceFactory(title_en="Joint statement")
    for number in range(size):
        cite(source, factories.MeetingFactory(title_en=f"Meeting {number}"))
        cite(source, factories.ActivityFactory(title_en=f"Activity {number}"))
        cite(source, factories.DocumentFactory(title_en=f"Document {number}"))
    return source


def test_the_source_page_lists_the_citing_records_by_type_with_links(client):
    source = factories.SourceFactory(title_en="Joint statement")
    meeting = factories.MeetingFactory(title_en="20th ACCSM")
    activity = factories.ActivityFactory(title_en="Civil service training")
    draft = factories.MeetingFactory(title_en="Draft meeting", publication_state="draft")
    restricted = factories.DocumentFactory(title_en="Delegates' note", access="delegates")
    for record in (meeting, activity, draft, restricted):
        cite(source, record)

    response = client.get(source.get_absolute_url())

    html = response.content.decode()
    groups = [(g.model_name, g.records) for g in response.context["citing"]]
    assert groups == [("meetings", [meeting]), ("activities", [activity])]
    assert f'<a href="{meeting.get_absolute_url()}">' in html
    assert f'<a href="{activity.get_absolute_url()}">' in html
    assert "Draft meeting" not in html
    assert "Delegates&#x27; note" not in html


def test_a_delegate_also_sees_the_delegate_documents_citing_it(client, delegate):
    source = factories.SourceFactory()
    restricted = factories.DocumentFactory(title_en="Delegates' note", access="delegates")
    cite(source, restricted)
    login(client, delegate)

    response = client.get(source.get_absolute_url())

    assert [g.records for g in response.context["citing"]] == [[restricted]]


@pytest.mark.parametrize("size", [1, 6])
def test_the_source_page_costs_the_same_queries_whatever_cites_it(
    client, django_assert_num_queries, size
):
    source = cited_source(size)
    client.get(source.get_absolute_url())  # content types cached, as in a running portal

    # The source, its citations, then each cited type through its selector (with prefetches).
    with django_assert_num_queries(8):
        response = client.get(source.get_absolute_url())

    assert sum(len(g.records) for g in response.context["citing"]) == 3 * size


def test_a_record_page_links_each_citation_to_its_source(client):
    source = factories.SourceFactory(title_en="Joint statement")
    meeting = factories.MeetingFactory()
    cite(source, meeting)

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert f'<a href="{source.get_absolute_url()}">' in html
