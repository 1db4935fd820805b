"""The page frame's context: the search slot appears only when the search page exists; the
language switcher links each page to itself in every language."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import path, translate_url
from django.utils import translation

from accsm_portal.lib.context_processors import languages, portal, translated_urls

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


@pytest.mark.parametrize(
    "address",
    [
        "/km/meetings/som-21/?tab=agenda#outcomes",
        "/en/meetings/?host=vn&page=3",
        "/lo/workplans/activities/workshop-on-leadership/",
        "/vi/states/kh/",
        "/en/no-such-page/",
        "/en/meetings/a%20b/",
    ],
)
def test_the_language_links_are_django_s_translated_addresses(address):
    codes = ["en", "km", "lo", "vi"]
    with translation.override(address.split("/")[1]):
        expected = {code: translate_url(address, code) for code in codes}

        assert translated_urls(address, codes) == expected


def test_the_language_switcher_offers_this_page_in_each_language():
    with translation.override("km"):
        links = languages(RequestFactory().get("/km/meetings/?page=2"))["language_links"]

    assert [(link["code"], link["url"], link["is_current"]) for link in links] == [
        ("en", "/en/meetings/?page=2", False),
        ("km", "/km/meetings/?page=2", True),
        ("lo", "/lo/meetings/?page=2", False),
        ("vi", "/vi/meetings/?page=2", False),
    ]
