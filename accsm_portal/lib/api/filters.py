"""The query parameters of every list: sync moments, ISO dates, free text, choices, keys."""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters

from accsm_portal.lib.api.problems import InvalidParameter
from accsm_portal.lib.api.visibility import HOOKS
from accsm_portal.lib.i18n import LANGUAGE_CODES


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
        if parsed is not None and timezone.is_naive(parsed):
            parsed = parsed.replace(tzinfo=datetime.UTC)
        if parsed is not None:
            # Compared in UTC: PostgreSQL refuses offsets beyond ±15:59 (a server error), and
            # Python allows up to ±23:59; a moment before year 1 in UTC is no date at all.
            try:
                parsed = parsed.astimezone(datetime.UTC)
            except OverflowError:
                parsed = None
        if parsed is None:
            raise DjangoValidationError(
                _("Give a date and time in ISO 8601, e.g. 2024-01-31T08:00:00Z."),
                code="invalid",
            )
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
