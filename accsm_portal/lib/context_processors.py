"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_info


def languages(request: HttpRequest) -> dict:
    """The language switcher: each language's native name and this page's address in it."""
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "is_current": code == current,
            }
        )
    return {"language_links": links}


def portal(request: HttpRequest) -> dict:
    """What the page frame needs beyond the languages.

    `search_url` is the search page's address, or None while no "search:results" URL exists
    (the header's search slot then renders nothing rather than breaking every page)."""
    try:
        search_url = reverse("search:results")
    except NoReverseMatch:
        search_url = None
    return {"search_url": search_url, "ical_feed_path": "/api/v1/meetings.ics"}
