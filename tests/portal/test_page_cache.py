"""Anonymous portal pages are served from the page cache until any record changes."""

import pytest
from django.utils import translation

from accsm_portal.core.models import PublicationState
from meetings.services import meeting_set_publication
from tests.accounts import login
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def meetings_url(language: str = "en") -> str:
    from django.urls import reverse

    with translation.override(language):
        return reverse("meetings:list")


def test_a_repeated_anonymous_page_is_served_from_the_cache(anonymous_visitor):
    first = anonymous_visitor.get(meetings_url())
    second = anonymous_visitor.get(meetings_url())
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Language"] == "en"


def test_each_language_and_query_string_is_its_own_page(anonymous_visitor):
    anonymous_visitor.get(meetings_url("en"))
    assert anonymous_visitor.get(meetings_url("km"))["X-Page-Cache"] == "miss"
    assert anonymous_visitor.get(meetings_url("km"))["Content-Language"] == "km"
    assert anonymous_visitor.get(meetings_url(), {"page": "2"})["X-Page-Cache"] == "miss"


def test_publishing_a_meeting_shows_it_on_the_next_request(anonymous_visitor):
    # given a cached list, and a draft meeting that it does not show
    meeting = MeetingFactory(title_en="Pakse retreat on digital skills", publication_state="draft")
    anonymous_visitor.get(meetings_url())
    assert "Pakse retreat" not in anonymous_visitor.get(meetings_url()).content.decode()

    # when an editor publishes it
    meeting_set_publication(meeting=meeting, state=PublicationState.PUBLISHED)

    # then the next anonymous reader gets a fresh page that lists it
    response = anonymous_visitor.get(meetings_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Pakse retreat" in response.content.decode()


def test_unpublishing_removes_it_from_the_cached_detail_page(anonymous_visitor):
    meeting = MeetingFactory(title_en="Vientiane seminar")
    url = meeting.get_absolute_url()
    assert anonymous_visitor.get(url).status_code == 200
    assert anonymous_visitor.get(url)["X-Page-Cache"] == "hit"

    meeting_set_publication(meeting=meeting, state=PublicationState.DRAFT)

    assert anonymous_visitor.get(url).status_code == 404


def test_signed_in_readers_are_never_served_or_stored(client, delegate):
    login(client, delegate)
    first = client.get(meetings_url())
    second = client.get(meetings_url())
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
