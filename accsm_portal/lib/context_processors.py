"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
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
