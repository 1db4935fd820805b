"""Serializer fields every resource shares: translated text, fallbacks, dates, times, URLs."""

import datetime
import functools
from typing import Any
from urllib.parse import quote

from django.db.models import Model
from django.urls import get_script_prefix, reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accsm_portal.lib.api.languages import api_language
from accsm_portal.lib.i18n import LANGUAGE_CODES, all_translations, translated

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


def _origin(request: Any) -> str:
    """Scheme and host of the request, computed once per request (a page builds hundreds of
    links, and each build_absolute_uri() validates the host again)."""
    origin = getattr(request, "_api_origin", None)
    if origin is None:
        origin = request.build_absolute_uri("/")[:-1]
        request._api_origin = origin
    return origin


_PLACEHOLDER = "0apiurlvalue0"


@functools.lru_cache(maxsize=256)
def _path_template(view_name: str, url_kwarg: str, script_prefix: str) -> str:
    # Reversed once with a placeholder the lookup patterns accept: a list of 500 records
    # otherwise reverses the same pattern 500 times.
    return reverse(view_name, kwargs={url_kwarg: _PLACEHOLDER})


def absolute_api_url(request: Any, view_name: str, **kwargs: Any) -> str:
    if len(kwargs) == 1:
        ((url_kwarg, value),) = kwargs.items()
        template = _path_template(view_name, url_kwarg, get_script_prefix())
        path = template.replace(_PLACEHOLDER, quote(str(value), safe=""))
    else:
        path = reverse(view_name, kwargs=kwargs)
    if request is None:
        return path
    if path.startswith("/"):
        return _origin(request) + path
    return request.build_absolute_uri(path)


def absolute_portal_url(request: Any, obj: Model) -> str | None:
    """The record's portal page in the response language (its language prefix), or None for
    records the portal shows only inside other pages."""
    get_url = getattr(obj, "get_absolute_url", None)
    if get_url is None:
        return None
    language, _every = api_language({"request": request})
    if translation.get_language() == language:
        path = get_url()
    else:
        with translation.override(language):
            path = get_url()
    if request is None:
        return path
    return _origin(request) + path if path.startswith("/") else request.build_absolute_uri(path)


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
