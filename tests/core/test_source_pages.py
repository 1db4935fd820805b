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


def listed_record_for(record):
    """What a source page should list for a citation on `record`, by the registry's `part_of`
    (an outcome -> its meeting), or None with the reason it is rightly absent."""
    from accsm_portal.lib.record_types import record_type_for

    while True:
        if record.publication_state != "published":
            return None, f"{record._meta.label_lower} {record.uid} is not published"
        record_type = record_type_for(record)
        if record_type.visible is not None or not record_type.part_of:
            return record, ""
        owner = getattr(record, record_type.part_of)
        if owner is None:
            return None, f"{record._meta.label_lower} {record.uid} belongs to no record"
        record = owner


def test_every_seeded_citation_is_listed_on_its_source_page(client):
    # given the seed records, as `make run` loads them
    import json
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    from accsm_portal.core.models import Source
    from accsm_portal.core.services import seed_load
    from accsm_portal.management.commands.seed import seed_fixture_paths

    seed_load(paths=seed_fixture_paths())
    citations = json.loads((Path(settings.BASE_DIR) / "fixtures/080_citations.json").read_text())
    listed_on: dict = {}
    missing, absent = [], []

    for citation in citations:
        fields = citation["fields"]
        model = apps.get_model(*fields["content_type"])
        source = Source.objects.get(uid=fields["source"][0])
        record = model.objects.get(uid=fields["object_uid"])
        expected, reason = listed_record_for(record)
        if expected is None:
            absent.append(reason)
            continue
        # when the source's page is opened
        if source.pk not in listed_on:
            if source.publication_state != "published":
                absent.append(f"source {source.uid} is not published")
                continue
            response = client.get(source.get_absolute_url())
            assert response.status_code == 200
            listed_on[source.pk] = [r for g in response.context["citing"] for r in g.records]
        # then the cited record, or the record its cited part is shown in, is listed, once
        listed = listed_on[source.pk]
        if expected not in listed:
            missing.append(f"{model._meta.label_lower} {record.uid} on {source.slug}")
        assert len(listed) == len(set(listed))

    assert missing == []
    # The seed cites published records only: nothing is left out for a documented reason.
    assert absent == []
