"""The machinery every endpoint of the REST API shares (docs/api.md explains the choices).

- Language: `?lang=` or Accept-Language picks the response language; Content-Language says it;
  each translated field reports a fallback; `?translations=all` gives all four languages.
- Sync: keyset cursor pagination on a stable key (default `updated_at`, then `uid`), so that
  `updated_since` plus the cursor builds a complete mirror; ETag and Last-Modified computed
  from the newest `updated_at`, the row count and the newest tombstone, before any row is
  serialised, so a 304 costs three small queries.
- Errors: RFC 9457 problem details with a stable `code`, a translated message, and the
  offending query parameter named.
- Formats: JSON, and CSV for every resource.
- Throttling: one throttle with a rate per kind of client (anonymous, partner, other
  accounts); it lets requests through when the cache is unreachable.

This module imports no app: the apps' API modules build on it.
"""

import base64
import binascii
import csv
import datetime
import hashlib
import io
import json
import logging
import math
import uuid
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Max, Model, Q, QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header
from django_filters import rest_framework as filters
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import BasePagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils.urls import replace_query_param
from rest_framework.viewsets import GenericViewSet

from accsm_portal.lib.i18n import LANGUAGE_CODES, all_translations, translated

logger = logging.getLogger(__name__)

LANG_PARAM = "lang"
TRANSLATIONS_PARAM = "translations"
FORMAT_PARAM = "format"
CURSOR_PARAM = "cursor"
PAGE_SIZE_PARAM = "page_size"
ORDERING_PARAM = "ordering"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
PROBLEM_TYPE = "urn:accsm:api:problem:"


# ---------------------------------------------------------------------------------------------
# Errors: RFC 9457 problem details
# ---------------------------------------------------------------------------------------------
class InvalidParameter(exceptions.APIException):
    """A query parameter the API cannot use; the problem names it."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameter"

    def __init__(self, parameter: str, detail: str, code: str = "invalid_parameter") -> None:
        super().__init__(detail=detail, code=code)
        self.parameter = parameter


PROBLEM_TITLES = {
    "not_found": gettext_lazy("Not found"),
    "invalid_parameter": gettext_lazy("Invalid query parameter"),
    "unknown_parameter": gettext_lazy("Unknown query parameter"),
    "unsupported_language": gettext_lazy("Unsupported language"),
    "not_authenticated": gettext_lazy("Authentication required"),
    "authentication_failed": gettext_lazy("Authentication failed"),
    "permission_denied": gettext_lazy("Permission denied"),
    "method_not_allowed": gettext_lazy("Method not allowed"),
    "not_acceptable": gettext_lazy("Not acceptable"),
    "throttled": gettext_lazy("Too many requests"),
    "parse_error": gettext_lazy("Malformed request"),
    "unsupported_media_type": gettext_lazy("Unsupported media type"),
    "error": gettext_lazy("Request failed"),
}


def _first_message(detail: Any) -> str:
    if isinstance(detail, list | tuple):
        return _first_message(detail[0]) if detail else ""
    if isinstance(detail, dict):
        return _first_message(next(iter(detail.values()), ""))
    return str(detail)


def _parameter_errors(detail: dict) -> list[dict[str, str | None]]:
    errors = []
    for name, messages in detail.items():
        parameter = None if name in {"__all__", "non_field_errors"} else name
        for message in messages if isinstance(messages, list) else [messages]:
            errors.append(
                {
                    "parameter": parameter,
                    "detail": str(message),
                    "code": getattr(message, "code", "invalid"),
                }
            )
    return errors


def problem_details(exc: exceptions.APIException, request: Any = None) -> dict[str, Any]:
    """The problem document for an API exception, in the active (response) language."""
    code = exc.get_codes()
    body: dict[str, Any] = {}
    if isinstance(exc, InvalidParameter):
        code = exc.detail.code or "invalid_parameter"
        body["parameter"] = exc.parameter
        body["errors"] = [{"parameter": exc.parameter, "detail": str(exc.detail), "code": code}]
        detail = str(exc.detail)
    elif isinstance(exc, exceptions.ValidationError):
        # django-filter reports invalid filters by parameter name; a serializer by field name.
        code = "invalid_parameter"
        errors = (
            _parameter_errors(exc.detail)
            if isinstance(exc.detail, dict)
            else [{"parameter": None, "detail": _first_message(exc.detail), "code": "invalid"}]
        )
        body["parameter"] = errors[0]["parameter"] if errors else None
        body["errors"] = errors
        detail = errors[0]["detail"] if errors else _("The request is not valid.")
    else:
        code = code if isinstance(code, str) else "error"
        detail = _first_message(exc.detail)
    if isinstance(exc, exceptions.Throttled):
        body["retry_after"] = math.ceil(exc.wait) if exc.wait is not None else None
        detail = _("Too many requests. Try again in %(seconds)s seconds.") % {
            "seconds": math.ceil(exc.wait or 1)
        }
    title = PROBLEM_TITLES.get(code, PROBLEM_TITLES["error"])
    return {
        "type": f"{PROBLEM_TYPE}{code}",
        "title": str(title),
        "status": exc.status_code,
        "detail": detail,
        "code": code,
        "instance": request.path if request is not None else None,
        **body,
    }


def problem_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's EXCEPTION_HANDLER for the API: every error as a problem document."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("No such record is published here."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.Throttled):
        headers["Retry-After"] = str(math.ceil(exc.wait or 1))
    request = context.get("request")
    response = Response(problem_details(exc, request), status=exc.status_code, headers=headers)
    response.content_type = "application/problem+json"
    return response


class ProblemJSONRenderer(JSONRenderer):
    media_type = "application/problem+json"
    format = "problem"


def not_found_view(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any /api/v1/ address no endpoint answers: a 404 problem, not the portal's HTML page."""
    _activate_from_accept_language(request)
    problem = problem_details(exceptions.NotFound(_("There is no such API address.")), request)
    response = HttpResponse(
        json.dumps(problem, ensure_ascii=False),
        status=404,
        content_type="application/problem+json",
    )
    response["Content-Language"] = translation.get_language()
    return response


# ---------------------------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------------------------
def language_from_accept_header(header: str) -> str | None:
    for accepted, _quality in parse_accept_lang_header(header or ""):
        code = accepted.split("-")[0].lower()
        if code in LANGUAGE_CODES:
            return code
    return None


def _activate_from_accept_language(request: Any) -> str:
    language = language_from_accept_header(request.headers.get("Accept-Language", ""))
    language = language or settings.LANGUAGE_CODE
    translation.activate(language)
    return language


def negotiate_language(request: Any) -> str:
    """`?lang=` when given (it must be one of the portal's languages), else Accept-Language,
    else English. The portal's language cookie is ignored: an API answer depends on the
    request alone. Errors about `lang` itself come in the Accept-Language language."""
    fallback = _activate_from_accept_language(request)
    requested = request.query_params.get(LANG_PARAM)
    if requested is None:
        return fallback
    if requested not in LANGUAGE_CODES:
        raise InvalidParameter(
            LANG_PARAM,
            _("The language “%(language)s” is not available. Use one of: %(languages)s.")
            % {"language": requested[:20], "languages": ", ".join(LANGUAGE_CODES)},
            code="unsupported_language",
        )
    translation.activate(requested)
    return requested


def api_language(context: dict) -> tuple[str, bool]:
    """(response language, all languages?) for a serializer from its context."""
    request = context.get("request")
    language = getattr(request, "api_language", None) or translation.get_language() or "en"
    return language, bool(getattr(request, "api_all_languages", False))


# ---------------------------------------------------------------------------------------------
# Serializer fields
# ---------------------------------------------------------------------------------------------
_NULLABLE_STRING = {"type": "string", "nullable": True}
TRANSLATED_SCHEMA = {
    "oneOf": [
        {"type": "string", "description": "The text in the response language (or a fallback)."},
        {
            "type": "object",
            "description": "With ?translations=all: the text in every language, null if missing.",
            "properties": dict.fromkeys(LANGUAGE_CODES, _NULLABLE_STRING),
            "required": list(LANGUAGE_CODES),
        },
    ],
    "nullable": True,
}


@extend_schema_field(TRANSLATED_SCHEMA)
class TranslatedField(serializers.Field):
    """A translated model field in the response language, by the portal's fallback rule."""

    def __init__(self, model_field: str | None = None, **kwargs: Any) -> None:
        self.model_field = model_field
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def bind(self, field_name: str, parent: Any) -> None:
        super().bind(field_name, parent)
        self.model_field = self.model_field or field_name

    def to_representation(self, instance: Model) -> Any:
        language, every = api_language(self.context)
        if every:
            return all_translations(instance, self.model_field)
        return translated(instance, self.model_field, language).value or None


@extend_schema_field(
    {
        "type": "object",
        "description": "Translated fields served in another language than the one asked for, "
        "with the language served. Empty with ?translations=all.",
        "additionalProperties": {"type": "string", "enum": list(LANGUAGE_CODES)},
    }
)
class FallbacksField(serializers.Field):
    """Which translated fields of this object fell back, and to which language."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance: Model) -> dict[str, str]:
        language, every = api_language(self.context)
        if every:
            return {}
        fallbacks = {}
        for name, field in self.parent.fields.items():
            if isinstance(field, TranslatedField):
                text = translated(instance, field.model_field, language)
                if text.is_fallback:
                    fallbacks[name] = text.language
        return fallbacks


def format_partial_date(value: datetime.date | None, precision: str) -> str | None:
    """ "2009-10-01" known to the month is "2009-10"; known to the year, "2009"."""
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "description": "ISO 8601 date cut to its precision: 2009-10-05, 2009-10 or 2009.",
    }
)
class PartialDateField(serializers.Field):
    """A date written to its precision, read from a precision field of the same object."""

    def __init__(self, precision_field: str, date_field: str | None = None, **kwargs: Any):
        self.precision_field = precision_field
        self.date_field = date_field
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def bind(self, field_name: str, parent: Any) -> None:
        super().bind(field_name, parent)
        self.date_field = self.date_field or field_name

    def to_representation(self, instance: Model) -> str | None:
        precision = getattr(instance, self.precision_field, "day") or "day"
        return format_partial_date(getattr(instance, self.date_field), precision)


class UTCDateTimeField(serializers.DateTimeField):
    """ISO 8601 in UTC with microseconds: `updated_at` values feed `updated_since` exactly."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(default_timezone=datetime.UTC, **kwargs)


def absolute_api_url(request: Any, view_name: str, **kwargs: Any) -> str:
    path = reverse(view_name, kwargs=kwargs)
    return request.build_absolute_uri(path) if request is not None else path


def absolute_portal_url(request: Any, obj: Model) -> str | None:
    """The record's portal page in the response language (its language prefix), or None for
    records the portal shows only inside other pages."""
    get_url = getattr(obj, "get_absolute_url", None)
    if get_url is None:
        return None
    language, _every = api_language({"request": request})
    with translation.override(language):
        path = get_url()
    return request.build_absolute_uri(path) if request is not None else path


class ApiUrlField(serializers.Field):
    """The object's own absolute API URL."""

    def __init__(self, view_name: str, lookup: str = "slug", url_kwarg: str | None = None, **kw):
        self.view_name = view_name
        self.lookup = lookup
        self.url_kwarg = url_kwarg or lookup
        kw.update(source="*", read_only=True)
        super().__init__(**kw)

    def to_representation(self, instance: Model) -> str:
        value = getattr(instance, self.lookup)
        return absolute_api_url(
            self.context.get("request"), self.view_name, **{self.url_kwarg: str(value)}
        )


extend_schema_field({"type": "string", "format": "uri"})(ApiUrlField)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class PortalUrlField(serializers.Field):
    """The record's absolute portal URL in the response language."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance: Model) -> str | None:
        return absolute_portal_url(self.context.get("request"), instance)


def ordered_columns(serializer: serializers.BaseSerializer, every: bool) -> list[str]:
    """CSV columns for a serializer: nested objects flattened with dots, translated fields
    one column per language with ?translations=all."""
    columns: list[str] = []
    for name, field in serializer.fields.items():
        if isinstance(field, TranslatedField):
            columns += [f"{name}.{code}" for code in LANGUAGE_CODES] if every else [name]
        elif isinstance(field, serializers.Serializer):
            columns += [f"{name}.{column}" for column in ordered_columns(field, every)]
        else:
            columns.append(name)
    return columns


# ---------------------------------------------------------------------------------------------
# Visibility of records reached through relations, and the records' common fields
# ---------------------------------------------------------------------------------------------
def _no_text_index(queryset: QuerySet, text: str) -> QuerySet:
    raise LookupError(queryset.model._meta.label)


class Hooks:
    """What the API needs from the core app, wired by the configuration (PortalConfig.ready):
    this module imports no app. The defaults fail closed: nothing related is shown."""

    def __init__(self) -> None:
        self.access_levels: Callable[[Any], list[str]] = lambda user: ["public"]
        self.is_visible: Callable[..., bool] = lambda record, access_levels: False
        self.citations: Callable[[list], dict] = lambda records: {}
        self.text_filter: Callable[[QuerySet, str], QuerySet] = _no_text_index


HOOKS = Hooks()


def configure(**hooks: Callable) -> None:
    for name, function in hooks.items():
        if not hasattr(HOOKS, name):
            raise TypeError(f"Unknown API hook {name!r}")
        setattr(HOOKS, name, function)


def is_visible(record: Model, context: dict) -> bool:
    levels = context.get("access_levels") or ["public"]
    return HOOKS.is_visible(record, access_levels=levels)


class VisibleListSerializer(serializers.ListSerializer):
    """A nested list that leaves out whatever the reader may not see (drafts, restricted
    documents), whatever the queryset that loaded it: the selectors filter, this double-checks
    in memory, without a query."""

    def to_representation(self, data: Any) -> list:
        items = data.all() if hasattr(data, "all") else data
        return [
            self.child.to_representation(item) for item in items if is_visible(item, self.context)
        ]


class VisibleSerializerMixin:
    """A nested record the reader may not see is shown as null, never as itself."""

    def to_representation(self, instance: Any) -> Any:
        if instance is None or not is_visible(instance, self.context):
            return None
        return super().to_representation(instance)


# ---------------------------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------------------------
def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        if not value and prefix:
            out[prefix] = ""
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    else:
        out[prefix] = value


# A cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            value = " | ".join("" if item is None else str(item) for item in value)
        else:
            value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return text


def _at_path(row: Any, column: str) -> Any:
    value = row
    for part in column.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


class CSVRenderer(BaseRenderer):
    """A list (or one object) as CSV: one row per object, nested objects as dotted columns
    (`host_country.code`), translated fields one column per language with ?translations=all,
    lists of objects as JSON in their cell. The columns come from the serializer, so every page
    has the same header; the next page is in the Link header."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None):
        rows = data.get("results", [data]) if isinstance(data, dict) else list(data or [])
        view = (renderer_context or {}).get("view")
        request = (renderer_context or {}).get("request")
        if view is not None and hasattr(view, "get_serializer"):
            every = bool(getattr(request, "api_all_languages", False))
            columns = ordered_columns(view.get_serializer(), every)
            if isinstance(data, dict) and "results" not in data and "language" in data:
                columns = ["language", *columns]
        else:
            columns = []
            for row in rows:
                flat: dict[str, Any] = {}
                _flatten(row, "", flat)
                columns += [key for key in flat if key not in columns]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(_at_path(row, column)) for column in columns])
        return buffer.getvalue().encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Query parameters: filters shared by every list
# ---------------------------------------------------------------------------------------------
class IsoDateTimeParamField(filters.IsoDateTimeFilter.field_class):
    """ISO 8601 date-time; a value without offset is UTC, and a '+' that arrived as a space
    (an unencoded `+07:00`) is read as the '+' it was."""

    def to_python(self, value: Any) -> datetime.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value
        text = str(value).strip().replace(" ", "+")
        if "T" not in text and "+" in text[10:11]:
            text = text.replace("+", "T", 1)
        try:
            parsed = parse_datetime(text)
            if parsed is None and len(text) == 10:
                day = parse_date(text)
                parsed = datetime.datetime.combine(day, datetime.time()) if day else None
        except ValueError:  # well formed, but no such date (2021-13-45)
            parsed = None
        if parsed is None:
            raise DjangoValidationError(
                _("Give a date and time in ISO 8601, e.g. 2024-01-31T08:00:00Z."),
                code="invalid",
            )
        if timezone.is_naive(parsed):
            parsed = parsed.replace(tzinfo=datetime.UTC)
        return parsed

    def validate(self, value: Any) -> None:  # the base class would re-validate its own format
        return None


class SinceFilter(filters.Filter):
    field_class = IsoDateTimeParamField


class IsoDateField(forms.DateField):
    """A date in ISO 8601 only: 08/04/2021 is 8 April or 4 August depending on who reads it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["input_formats"] = ["%Y-%m-%d"]
        kwargs.setdefault(
            "error_messages", {"invalid": gettext_lazy("Give a date in ISO 8601, e.g. 2021-04-08.")}
        )
        super().__init__(**kwargs)


class DateFilter(filters.DateFilter):
    field_class = IsoDateField


def filter_text(queryset: QuerySet, text: str) -> QuerySet:
    """The free-text `q` of every list: the search index's matching (HOOKS.text_filter, the
    search app's `search_filter_queryset`, wired by the configuration), in every language.
    A query the index refuses (too short, too many words) is a 400 naming `q`.

    The small reference lists the index does not cover (countries, organisations) are matched
    with the same text rules (lib.search: NFC, no zero-width characters, casefolded, Khmer
    variants unified, accents folded) over their translated columns, in Python: `icontains`
    would fold only ASCII on SQLite and miss Khmer or Lao inside a longer run."""
    from accsm_portal.lib.search import QueryError, parse_query, search_keys

    try:
        return HOOKS.text_filter(queryset, text)
    except LookupError:
        pass
    except ValueError as error:  # lib.search.QueryError: the reader's message, translated
        raise InvalidParameter("q", str(getattr(error, "message", error))) from error
    try:
        query = parse_query(text)
    except QueryError as error:
        raise InvalidParameter("q", str(getattr(error, "message", error))) from error
    from accsm_portal.lib.i18n import translated_fields

    columns = [
        f"{name}_{code}" for name in translated_fields(queryset.model) for code in LANGUAGE_CODES
    ]
    if not columns:
        return queryset.none()
    matching = []
    for pk, *values in queryset.values_list("pk", *columns):
        folded = " \n ".join(search_keys(value)[1] for value in values if value)
        if all(term in folded for term in query.terms):
            matching.append(pk)
    return queryset.filter(pk__in=matching)


class RecordFilterSet(filters.FilterSet):
    """The parameters of every list: sync (`updated_since`, `created_since`) and `q`."""

    updated_since = SinceFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=gettext_lazy(
            "Only records changed at or after this moment (ISO 8601; UTC if no offset)."
        ),
    )
    created_since = SinceFilter(
        field_name="created_at",
        lookup_expr="gte",
        help_text=gettext_lazy("Only records created at or after this moment (ISO 8601)."),
    )
    q = filters.CharFilter(
        method="filter_q",
        max_length=200,
        help_text=gettext_lazy("Free text, matched in every language."),
    )

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return filter_text(queryset, value) if value else queryset


def choice_filter(choices: Any, field_name: str, help_text: Any) -> filters.MultipleChoiceFilter:
    """A choice parameter; several values may be given comma-separated (`status=held,scheduled`)."""
    return CommaChoiceFilter(field_name=field_name, choices=choices, help_text=help_text)


class IntegerFilter(filters.NumberFilter):
    """A whole number (NumberFilter would accept 2021.5 as a year)."""

    field_class = forms.IntegerField


class RecordChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, uppercase: bool = False, **kwargs: Any) -> None:
        self.uppercase = uppercase
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        if self.uppercase and isinstance(value, str):
            value = value.upper()
        return super().to_python(value)


class RecordChoiceFilter(filters.ModelChoiceFilter):
    """A record named by its public key (slug, ISO code) among the records the public may see:
    a draft answers exactly like a record that does not exist."""

    field_class = RecordChoiceField

    def __init__(self, *, selector: Callable[[], QuerySet], to_field_name: str = "slug", **kw):
        kw.setdefault("queryset", lambda request: selector())
        super().__init__(to_field_name=to_field_name, **kw)


class CommaChoiceField(filters.MultipleChoiceFilter.field_class):
    def to_python(self, value: Any) -> list[str]:
        values = super().to_python(value)
        return [part.strip() for item in values for part in str(item).split(",") if part.strip()]


class CommaChoiceFilter(filters.MultipleChoiceFilter):
    field_class = CommaChoiceField


# ---------------------------------------------------------------------------------------------
# Pagination: keyset cursor on a stable order
# ---------------------------------------------------------------------------------------------
def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


class KeysetCursorPagination(BasePagination):
    """Forward-only cursor over (ordering fields..., uid): a new or changed record lands after
    the cursor (ordering by `updated_at`), so paging while the data changes skips nothing, and a
    page costs the same at any depth. The cursor is opaque, carries no database id, and is
    checked: a tampered cursor or one from another ordering is a 400 naming `cursor`."""

    def paginate_queryset(self, queryset: QuerySet, request: Any, view: Any = None) -> list:
        self.request = request
        name, keys = view.resolve_ordering(request)
        keys = [*keys, (getattr(view, "cursor_tiebreaker", "uid"), keys[-1][1])]
        self.page_size = self._page_size(request)
        self.ordering_name = name
        self.keys = keys
        queryset = queryset.order_by(*[f"-{f}" if desc else f for f, desc in keys])
        raw = request.query_params.get(CURSOR_PARAM)
        if raw:
            queryset = queryset.filter(self._after(queryset.model, raw, name, keys))
        rows = list(queryset[: self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        page = rows[: self.page_size]
        self.last = page[-1] if page else None
        return page

    def _page_size(self, request: Any) -> int:
        raw = request.query_params.get(PAGE_SIZE_PARAM)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise InvalidParameter(
                PAGE_SIZE_PARAM,
                _("Give a whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE},
            )
        return size

    def _after(self, model: type[Model], raw: str, name: str, keys: list) -> Q:
        invalid = InvalidParameter(
            CURSOR_PARAM,
            _("This cursor is not valid here: use the “next” link of a previous page."),
        )
        try:
            padded = raw + "=" * (-len(raw) % 4)
            decoded = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
            values = decoded["v"]
            if decoded.get("o") != name or len(values) != len(keys):
                raise invalid
            parsed = [
                model._meta.get_field(field).to_python(value)
                for (field, _desc), value in zip(keys, values, strict=True)
            ]
        except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError) as error:
            raise invalid from error
        except exceptions.APIException:
            raise
        except Exception as error:  # a field's to_python raising ValidationError
            raise invalid from error
        condition = Q()
        for index, (field, desc) in enumerate(keys):
            equal = {keys[j][0]: parsed[j] for j in range(index)}
            condition |= Q(**equal, **{f"{field}__{'lt' if desc else 'gt'}": parsed[index]})
        return condition

    def next_cursor(self) -> str | None:
        if not self.has_next or self.last is None:
            return None
        values = [_encode_value(getattr(self.last, field)) for field, _desc in self.keys]
        payload = json.dumps({"o": self.ordering_name, "v": values}, separators=(",", ":"))
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")

    def next_link(self) -> str | None:
        cursor = self.next_cursor()
        if cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), CURSOR_PARAM, cursor)

    def get_paginated_response(self, data: list) -> Response:
        link = self.next_link()
        headers = {"Link": f'<{link}>; rel="next"'} if link else {}
        body = {"language": self.request.api_language, "next": link, "results": data}
        return Response(body, headers=headers)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["language", "next", "results"],
            "properties": {
                "language": {
                    "type": "string",
                    "pattern": "^(" + "|".join(LANGUAGE_CODES) + ")$",
                    "description": "The response language (also in Content-Language).",
                },
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page; null on the last page. No total count is "
                    "given: a cursor page costs the same at any depth.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        orderings = list(getattr(view, "ordering_options", {}) or {"updated_at": ()})
        return [
            {
                "name": CURSOR_PARAM,
                "in": "query",
                "required": False,
                "description": "Opaque position from the `next` link of the previous page.",
                "schema": {"type": "string"},
            },
            {
                "name": PAGE_SIZE_PARAM,
                "in": "query",
                "required": False,
                "description": f"Records per page (default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": ORDERING_PARAM,
                "in": "query",
                "required": False,
                "description": "Sort order; the default, updated_at, is the one to mirror with.",
                "schema": {"type": "string", "enum": orderings},
            },
        ]


# ---------------------------------------------------------------------------------------------
# Throttling, authentication helpers, permissions
# ---------------------------------------------------------------------------------------------
PARTNER_GROUP = "partner"


class ApiRateThrottle(SimpleRateThrottle):
    """One throttle, three rates: `anon` per address, `partner` per partner account, `user` per
    other account. Rates are read per request (so tests and settings changes apply at once).

    When the cache (Redis) cannot be reached, requests are let through and a warning is logged:
    refusing every partner because the rate counter is down would turn a cache outage into an
    API outage, and the database-backed reads it protects keep working."""

    def __init__(self) -> None:
        # The scope and rate depend on the client: they are set in allow_request().
        self.scope = "anon"
        self.rate = None

    def allow_request(self, request: Any, view: Any) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            in_partner_group = any(g.name == PARTNER_GROUP for g in user.groups.all())
            self.scope = PARTNER_GROUP if in_partner_group else "user"
        else:
            self.scope = "anon"
        rates = api_settings.DEFAULT_THROTTLE_RATES
        self.rate = rates.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except Exception:  # any cache backend error: fail open (see the docstring)
            logger.warning("API throttle cache unavailable; request let through", exc_info=True)
            return True

    def get_cache_key(self, request: Any, view: Any) -> str:
        user = getattr(request, "user", None)
        ident = user.pk if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PublicReadOnly(BasePermission):
    """Published public records are open to anyone for reading; nothing else is allowed."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in SAFE_METHODS


# ---------------------------------------------------------------------------------------------
# Schema: the parameters and answers every operation shares
# ---------------------------------------------------------------------------------------------
PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "instance": {"type": "string", "nullable": True},
        "parameter": {"type": "string", "nullable": True},
        "retry_after": {"type": "integer", "nullable": True},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "parameter": {"type": "string", "nullable": True},
                    "detail": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
}


class ApiAutoSchema(AutoSchema):
    """Adds `lang` and `translations` to every operation, and the problem answers."""

    def get_override_parameters(self) -> list:
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                LANG_PARAM,
                OpenApiTypes.STR,
                enum=list(LANGUAGE_CODES),
                description="Response language (else Accept-Language, else en).",
            ),
            OpenApiParameter(
                TRANSLATIONS_PARAM,
                OpenApiTypes.STR,
                enum=["all"],
                description="`all`: every translated field in every language.",
            ),
        ]

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        problem = {"application/problem+json": {"schema": PROBLEM_SCHEMA}}
        for code, description in (
            ("400", "Invalid query parameter (the problem names it)."),
            ("401", "The token given is not valid (anonymous access needs none)."),
            ("404", "No such published record."),
            ("429", "Too many requests; see Retry-After."),
        ):
            if code == "404" and self._is_list_view():
                continue
            responses.setdefault(code, {"description": description, "content": problem})
        if "200" in responses:
            responses["200"].setdefault("headers", {}).update(
                {
                    "ETag": {"schema": {"type": "string"}},
                    "Last-Modified": {"schema": {"type": "string"}},
                    "Content-Language": {"schema": {"type": "string"}},
                }
            )
            responses.setdefault(
                "304", {"description": "Not modified since the ETag or date given."}
            )
        return responses


# ---------------------------------------------------------------------------------------------
# The base viewset
# ---------------------------------------------------------------------------------------------
def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


class ListViewSet(GenericViewSet):
    """A read-only list endpoint with the API's languages, sync, formats and errors.

    Subclasses define `get_queryset()` (calling their app's visibility selector),
    `serializer_class`, `filterset_class` and, optionally, `ordering_options`
    ({public name: ((field, descending), ...)}) — only those orders are accepted."""

    permission_classes = [PublicReadOnly]
    throttle_classes = [ApiRateThrottle]
    renderer_classes = [JSONRenderer, CSVRenderer]
    pagination_class = KeysetCursorPagination
    filter_backends = [filters.DjangoFilterBackend]
    schema = ApiAutoSchema()
    ordering_options: dict[str, tuple[tuple[str, bool], ...]] = {
        "updated_at": (("updated_at", False),),
        "-updated_at": (("updated_at", True),),
        "created_at": (("created_at", False),),
        "-created_at": (("created_at", True),),
    }
    lookup_value_regex = r"[A-Za-z0-9_-]+"
    # The moment a row last changed, and the unique column that orders rows of equal moments.
    timestamp_field = "updated_at"
    cursor_tiebreaker = "uid"
    # Extra query parameters an action accepts besides the filters.
    common_params = frozenset({LANG_PARAM, TRANSLATIONS_PARAM, FORMAT_PARAM})
    list_params = frozenset({CURSOR_PARAM, PAGE_SIZE_PARAM, ORDERING_PARAM})

    # -- request set-up ---------------------------------------------------------------------
    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        # The language first, so that every later error is in the reader's language.
        request.api_language = "en"
        request.api_all_languages = False
        request.api_language = negotiate_language(request)
        super().initial(request, *args, **kwargs)
        every = request.query_params.get(TRANSLATIONS_PARAM)
        if every is not None and every != "all":
            raise InvalidParameter(TRANSLATIONS_PARAM, _("The only value accepted is “all”."))
        request.api_all_languages = every == "all"
        self.check_parameters(request)

    def allowed_parameters(self) -> set[str]:
        allowed = set(self.common_params)
        if self.action == "list":
            allowed |= self.list_params
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                allowed |= set(filterset_class.base_filters)
        return allowed

    def check_parameters(self, request: Any) -> None:
        allowed = self.allowed_parameters()
        for name in request.query_params:
            if name not in allowed:
                raise InvalidParameter(
                    name[:50],
                    _("Unknown parameter “%(name)s”. Accepted here: %(names)s.")
                    % {"name": name[:50], "names": ", ".join(sorted(allowed))},
                    code="unknown_parameter",
                )
        for name in allowed & {LANG_PARAM, TRANSLATIONS_PARAM, CURSOR_PARAM, ORDERING_PARAM}:
            if len(request.query_params.getlist(name)) > 1:
                raise InvalidParameter(name, _("Give this parameter once."))

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any):
        if response.status_code >= 400:
            # Errors are problem documents whatever format was asked for (CSV, iCalendar).
            request.accepted_renderer = ProblemJSONRenderer()
            request.accepted_media_type = ProblemJSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = getattr(request, "api_language", None) or (
            translation.get_language()
        )
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
        for header in ("Accept", "Accept-Language", "Authorization", "Cookie"):
            if header not in vary:
                vary.append(header)
        response["Vary"] = ", ".join(vary)
        # Only a client already authenticated: reading request.user here would authenticate
        # afresh, and a bad token would raise while the error is being answered.
        authenticated = getattr(getattr(request, "_user", None), "is_authenticated", False)
        # Always revalidate (the ETag makes that cheap): an unpublished record must never be
        # served from a cache. Partner answers may hold restricted documents: private.
        response["Cache-Control"] = "private, no-cache" if authenticated else "no-cache"
        return response

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["language"] = getattr(self.request, "api_language", "en")
        if not hasattr(self, "_access_levels"):
            self._access_levels = HOOKS.access_levels(self.request.user)
        context["access_levels"] = self._access_levels
        context["citations"] = getattr(self, "_citations", {})
        return context

    def perform_content_negotiation(self, request: Any, force: bool = False) -> Any:
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as error:  # DRF's answer to an unknown ?format= or suffix
            raise InvalidParameter(
                FORMAT_PARAM,
                _("Unknown format. Use one of: %(formats)s.")
                % {"formats": ", ".join(r.format for r in self.get_renderers())},
            ) from error

    # -- ordering --------------------------------------------------------------------------
    def resolve_ordering(self, request: Any) -> tuple[str, list[tuple[str, bool]]]:
        name = request.query_params.get(ORDERING_PARAM) or "updated_at"
        if name not in self.ordering_options:
            raise InvalidParameter(
                ORDERING_PARAM,
                _("Sort by one of: %(names)s.") % {"names": ", ".join(self.ordering_options)},
            )
        return name, list(self.ordering_options[name])

    # -- conditional requests --------------------------------------------------------------
    def variant_key(self) -> str:
        request = self.request
        user = request.user
        who = f"user:{user.pk}" if user.is_authenticated else "anon"
        params = sorted((k, v) for k, values in request.query_params.lists() for v in values)
        fmt = getattr(request.accepted_renderer, "format", "json")
        return "|".join([request.path, urlencode(params), request.api_language, who, fmt])

    def tombstone_moment(self, model: type[Model]) -> datetime.datetime | None:
        tombstone = apps.get_model("accsm_portal", "Tombstone")
        return tombstone.objects.filter(model=model._meta.label_lower).aggregate(newest=Max("at"))[
            "newest"
        ]

    def list_validators(self, queryset: QuerySet) -> tuple[str, datetime.datetime | None]:
        """ETag and Last-Modified of a list, from three aggregate queries (no row is read)."""
        moment = self.timestamp_field
        filtered = queryset.order_by().aggregate(newest=Max(moment), count=Count("pk"))
        overall = self.get_queryset().order_by().aggregate(newest=Max(moment))["newest"]
        gone = self.tombstone_moment(queryset.model)
        moments = [m for m in (overall, gone, filtered["newest"]) if m is not None]
        last_modified = max(moments) if moments else None
        material = [
            self.variant_key(),
            str(filtered["newest"]),
            str(filtered["count"]),
            str(overall),
            str(gone),
        ]
        return self._etag(material), last_modified

    def _etag(self, material: Iterable[str]) -> str:
        digest = hashlib.sha256("\n".join(material).encode()).hexdigest()[:32]
        return "W/" + quote_etag(digest)

    def not_modified(self, etag: str, last_modified: datetime.datetime | None) -> bool:
        headers = self.request.headers
        if "If-None-Match" in headers:
            return _etag_matches(headers["If-None-Match"], etag)
        since = parse_http_date_safe(headers.get("If-Modified-Since", ""))
        return bool(last_modified and since and int(last_modified.timestamp()) <= since)

    def with_validators(self, response: Response, etag: str, last_modified: Any) -> Response:
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(math.ceil(last_modified.timestamp()))
        return response

    def not_modified_response(self, etag: str, last_modified: Any) -> Response:
        response = Response(status=status.HTTP_304_NOT_MODIFIED)
        return self.with_validators(response, etag, last_modified)

    # -- actions ---------------------------------------------------------------------------
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        etag, last_modified = self.list_validators(queryset)
        if self.not_modified(etag, last_modified):
            return self.not_modified_response(etag, last_modified)
        response = self.render_list(queryset)
        return self.with_validators(response, etag, last_modified)

    def render_list(self, queryset: QuerySet) -> Response:
        page = self.paginate_queryset(queryset)
        self.prepare_objects(page)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def prepare_objects(self, objects: list) -> None:
        """Fetch what a whole page needs in one query each (the records' citations)."""
        self._citations = HOOKS.citations(list(objects))


class RecordViewSet(ListViewSet):
    """A read-only endpoint of published records: the list, and each record by its public
    uid or its own key (`lookup_field`: slug, code)."""

    def lookup_filter(self) -> Q:
        """The detail lookup: the public uid, or the resource's own key (slug, code)."""
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        try:
            return Q(uid=uuid.UUID(value))
        except ValueError:
            if self.lookup_field == "uid":  # not an id at all: nothing can match
                raise Http404 from None
            return Q(**{self.lookup_field: self.normalise_lookup(value)})

    def normalise_lookup(self, value: str) -> str:
        return value

    def get_object(self) -> Model:
        obj = self.get_queryset().filter(self.lookup_filter()).first()
        if obj is None:
            raise Http404
        return obj

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        # The validators come from one narrow query; the record and its parts are read only
        # when the client's copy is out of date.
        found = (
            self.get_queryset()
            .prefetch_related(None)
            .filter(self.lookup_filter())
            .values_list("uid", "updated_at")
            .first()
        )
        if found is None:
            raise Http404
        uid, updated_at = found
        etag = self._etag([self.variant_key(), str(uid), str(updated_at)])
        if self.not_modified(etag, updated_at):
            return self.not_modified_response(etag, updated_at)
        obj = self.get_queryset().filter(uid=uid).first()
        if obj is None:  # deleted or unpublished between the two queries
            raise Http404
        return self.with_validators(self.render_object(obj), etag, obj.updated_at)

    def render_object(self, obj: Model) -> Response:
        self.prepare_objects([obj])
        data = self.get_serializer(obj).data
        return Response({"language": self.request.api_language, **data})
