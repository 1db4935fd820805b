"""The response language (`?lang=`, else Accept-Language, else English) and its reading."""

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from accsm_portal.lib.api.params import LANG_PARAM
from accsm_portal.lib.api.problems import InvalidParameter
from accsm_portal.lib.i18n import LANGUAGE_CODES


def language_from_accept_header(header: str) -> str | None:
    for accepted, _quality in parse_accept_lang_header(header or ""):
        code = accepted.split("-")[0].lower()
        if code in LANGUAGE_CODES:
            return code
    return None


def activate_from_accept_language(request: Any) -> str:
    language = language_from_accept_header(request.headers.get("Accept-Language", ""))
    language = language or settings.LANGUAGE_CODE
    translation.activate(language)
    return language


def negotiate_language(request: Any) -> str:
    """`?lang=` when given (it must be one of the portal's languages), else Accept-Language,
    else English. The portal's language cookie is ignored: an API answer depends on the
    request alone. Errors about `lang` itself come in the Accept-Language language."""
    requested = request.query_params.get(LANG_PARAM)
    if requested in LANGUAGE_CODES:
        # Accept-Language is read only when it is needed: activating its language first
        # (parsing the header, loading a catalogue) was wasted on every `?lang=` request.
        translation.activate(requested)
        return requested
    fallback = activate_from_accept_language(request)
    if requested is None:
        return fallback
    raise InvalidParameter(
        LANG_PARAM,
        _("The language “%(language)s” is not available. Use one of: %(languages)s.")
        % {"language": requested[:20], "languages": ", ".join(LANGUAGE_CODES)},
        code="unsupported_language",
    )


def api_language(context: dict) -> tuple[str, bool]:
    """(response language, all languages?) for a serializer from its context."""
    request = context.get("request")
    language = getattr(request, "api_language", None) or translation.get_language() or "en"
    return language, bool(getattr(request, "api_all_languages", False))
