"""The page frame's context: the search slot appears only when the search page exists."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import path

from accsm_portal.lib.context_processors import portal

urlpatterns = [path("elsewhere/", lambda request: None, name="elsewhere")]


def test_the_search_slot_points_at_the_search_page_when_it_exists():
    from django.urls import NoReverseMatch, reverse

    try:
        expected = reverse("search:results")
    except NoReverseMatch:
        pytest.skip("the search page is not mounted in this tree")

    assert portal(RequestFactory().get("/en/"))["search_url"] == expected


@override_settings(ROOT_URLCONF=__name__)
def test_the_search_slot_is_empty_while_no_search_page_exists():
    context = portal(RequestFactory().get("/en/"))

    assert context["search_url"] is None
    assert context["ical_feed_path"] == "/api/v1/meetings.ics"
