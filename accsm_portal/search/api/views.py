"""GET /api/v1/search/?q=&type=&language=&year=&page=&page_size=: ranked hits over every
searchable record type, published records only (restricted documents per the caller's access)."""

import re

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from accsm_portal.lib.api.schema import PROBLEM_SCHEMA
from accsm_portal.search.api.serializers import SearchPageSerializer, hit_data
from accsm_portal.search.forms import SearchForm
from accsm_portal.search.registry import BY_KEY
from accsm_portal.search.selectors import language_order, search_hits, search_ranked

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def problem(errors: dict[str, list[tuple[str, str]]]) -> Response:
    """An RFC 9457 problem document naming each offending parameter."""
    return Response(
        {
            "type": "about:blank",
            "title": _("Invalid query parameters"),
            "status": 400,
            "code": "invalid_parameters",
            "detail": " ".join(
                f"{name}: {msg}" for name, items in errors.items() for _c, msg in items
            ),
            "errors": [
                {"parameter": name, "code": code, "message": message}
                for name, items in errors.items()
                for code, message in items
            ],
        },
        status=400,
        content_type="application/problem+json",
    )


def count_text(count: int, *, capped: bool) -> str:
    """The number of results in words, honest about the ranking cap."""
    if capped:
        return ngettext("more than %(count)s result", "more than %(count)s results", count) % {
            "count": number_format(count, force_grouping=True)
        }
    return ngettext("%(count)s result", "%(count)s results", count) % {
        "count": number_format(count, force_grouping=True)
    }


def _page_size(raw: str | None) -> int | None:
    if raw in (None, ""):
        return DEFAULT_PAGE_SIZE
    if raw.isdigit() and 1 <= int(raw) <= MAX_PAGE_SIZE:
        return int(raw)
    return None


# A path that iri_to_uri() leaves as it is (what build_absolute_uri() ends with).
_URI_PATH = re.compile(r"/[A-Za-z0-9/#%\[\]=:;$&()+,!?*@'~_.\-]*")


def _absolute_paths(request: Request):
    """request.build_absolute_uri for the hits' links, with the scheme and host worked out
    once per page instead of once per hit: a link is reverse()'s output, a quoted path, which
    build_absolute_uri() only prefixes. Anything else goes through it."""
    origin = request.build_absolute_uri("/")[:-1]

    def absolute(path: str) -> str:
        plain = _URI_PATH.fullmatch(path) and not path.startswith("//")
        if plain and "/./" not in path and "/../" not in path:
            return origin + path
        return request.build_absolute_uri(path)

    return absolute


class SearchViewSet(viewsets.ViewSet):
    """Search every published record in English, Khmer, Lao and Vietnamese."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description="The query."),
            OpenApiParameter("type", OpenApiTypes.STR, enum=list(BY_KEY)),
            OpenApiParameter(
                "language",
                OpenApiTypes.STR,
                enum=LANGUAGE_CODES,
                description="Only text in this language (default: all four).",
            ),
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter(
                "lang",
                OpenApiTypes.STR,
                enum=LANGUAGE_CODES,
                description="Language of titles and messages (default: Accept-Language).",
            ),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="1-100, default 20."),
        ],
        # The page as `_search` returns it, and the problems it and the throttle answer with.
        responses={
            200: SearchPageSerializer,
            (400, "application/problem+json"): OpenApiResponse(
                PROBLEM_SCHEMA, description="Invalid query parameters (each one named)."
            ),
            (429, "application/problem+json"): OpenApiResponse(
                PROBLEM_SCHEMA, description="Too many requests; see Retry-After."
            ),
        },
    )
    def list(self, request: Request) -> Response:
        lang = request.query_params.get("lang")
        if lang is not None and lang not in LANGUAGE_CODES:
            return problem(
                {
                    "lang": [
                        (
                            "invalid_choice",
                            _("Use one of: %(codes)s.") % {"codes": ", ".join(LANGUAGE_CODES)},
                        )
                    ]
                }
            )
        with translation.override(lang or translation.get_language()):
            response = self._search(request)
            response["Content-Language"] = translation.get_language()
            return response

    def _search(self, request: Request) -> Response:
        form = SearchForm(request.query_params)
        errors: dict[str, list[tuple[str, str]]] = {}
        if not form.is_valid():
            for name, items in form.errors.as_data().items():
                errors[name] = [(e.code or "invalid", " ".join(e.messages)) for e in items]
        elif form.cleaned_data["q"] is None:
            errors["q"] = [("required", _("Give the words to search for in q."))]
        page_size = _page_size(request.query_params.get("page_size"))
        if page_size is None:
            errors["page_size"] = [
                ("invalid", _("Use a whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE})
            ]
        page_number = request.query_params.get("page", "1")
        if not page_number.isdigit() or int(page_number) < 1:
            errors["page"] = [("invalid", _("Use a whole number from 1."))]
        if errors:
            return problem(errors)

        data = form.cleaned_data
        reader_language = translation.get_language()
        language = data["language"] or None
        ranked = search_ranked(
            data["q"],
            reader_language=reader_language,
            user=request.user,
            record_types=[data["type"]] if data["type"] else None,
            language=language,
            year=data["year"],
        )
        paginator = Paginator(ranked, page_size)
        try:
            page = paginator.page(int(page_number))
        except EmptyPage:
            message = _("There is no page %(number)s.") % {"number": page_number}
            return problem({"page": [("invalid", message)]})
        hits = search_hits(
            page.object_list,
            data["q"],
            order=language_order(language or reader_language),
            reader_language=reader_language,
            user=request.user,
        )
        url = request.build_absolute_uri()
        absolute = _absolute_paths(request)
        return Response(
            {
                "count": paginator.count,
                # Past the ranking cap `count` is a lower bound: "more than count" records.
                "count_capped": ranked.capped,
                "count_text": count_text(paginator.count, capped=ranked.capped),
                "next": replace_query_param(url, "page", page.next_page_number())
                if page.has_next()
                else None,
                "previous": replace_query_param(url, "page", page.previous_page_number())
                if page.has_previous()
                else None,
                "results": [hit_data(hit, absolute) for hit in hits],
            }
        )
