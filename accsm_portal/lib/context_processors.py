"""Template context shared by every page."""

from urllib.parse import unquote, urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import get_language, get_language_info, override


def languages(request: HttpRequest) -> dict:
    """The language switcher: each language's native name and this page's address in it."""
    current = get_language()
    addresses = translated_urls(request.get_full_path(), [code for code, _ in settings.LANGUAGES])
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": addresses[code],
                "is_current": code == current,
            }
        )
    return {"language_links": links}


def translated_urls(url: str, languages: list[str]) -> dict[str, str]:
    """Django's `translate_url(url, code)` for each language, with the address resolved once
    rather than once per language (it is resolved in the active language either way)."""
    parsed = urlsplit(url)
    try:
        match = resolve(unquote(parsed.path))
    except Resolver404:
        return dict.fromkeys(languages, url)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    addresses = {}
    for code in languages:
        with override(code):
            try:
                path = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                addresses[code] = url
            else:
                addresses[code] = urlunsplit(
                    (parsed.scheme, parsed.netloc, path, parsed.query, parsed.fragment)
                )
    return addresses


def portal(request: HttpRequest) -> dict:
    """What the page frame needs beyond the languages.

    `search_url` is the search page's address, or None while no "search:results" URL exists
    (the header's search slot then renders nothing rather than breaking every page)."""
    try:
        search_url = reverse("search:results")
    except NoReverseMatch:
        search_url = None
    return {"search_url": search_url, "ical_feed_path": "/api/v1/meetings.ics"}
