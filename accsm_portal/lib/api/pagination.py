"""Keyset cursor pagination on a stable order: paging while data changes skips nothing."""

import base64
import binascii
import datetime
import json
import uuid
import weakref
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from accsm_portal.lib.api.params import (
    CURSOR_PARAM,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    ORDERING_PARAM,
    PAGE_SIZE_PARAM,
)
from accsm_portal.lib.api.problems import InvalidParameter
from accsm_portal.lib.i18n import LANGUAGE_CODES
from accsm_portal.lib.query_keys import query_key
from accsm_portal.lib.timestamps import C_TIMESTAMPS as _C_TIMESTAMPS
from accsm_portal.lib.timestamps import as_django_reads, read_timestamps_in_c


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _order_by(keys: list) -> list[str]:
    return [f"-{field}" if desc else field for field, desc in keys]


def _row_after(model: type[Model], keys: list, values: list, connection: Any) -> tuple[str, list]:
    """The condition "after the cursor" for keys of one direction, and its parameters.

    `(key, ..., uid) > (value, ..., uid)` (`<` descending) is one row-value comparison
    (PostgreSQL, SQLite 3.15+): the same rows as the expanded `a > x OR (a = x AND b > y)`,
    whose lookups took Django longer to build and compile than the page's query took to run
    (a deep page cost 13% more than the first).

    SQLite also needs a range on the first key that an index can seek to: without it, it read
    the list from its start to page 1,000 (330 ms against 0.8). PostgreSQL derives that range
    from the row comparison itself, and there the redundant range made a generic plan look
    dearer than a custom one, so the page's prepared statement was planned again on every
    request (custom plans only: 0.8 ms of the database's CPU per deep page against 0.3 for
    the first page)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    fields = [model._meta.get_field(name) for name, _desc in keys]
    columns = [f"{table}.{quote(field.column)}" for field in fields]
    marks = ", ".join(["%s"] * len(fields))
    descending = keys[0][1]
    params = [
        field.get_db_prep_value(value, connection)
        for field, value in zip(fields, values, strict=True)
    ]
    condition = f"({', '.join(columns)}) {'<' if descending else '>'} ({marks})"
    if connection.vendor == "sqlite":
        return f"{columns[0]} {'<=' if descending else '>='} %s AND {condition}", [
            params[0],
            *params,
        ]
    return condition, params


def _after(model: type[Model], keys: list, values: list, connection: Any) -> Q | RawSQL:
    """The rows after the cursor's `values` in the order of `keys`."""
    if len({desc for _field, desc in keys}) == 1:
        sql, params = _row_after(model, keys, values, connection)
        return RawSQL(sql, params, output_field=BooleanField())
    # Keys of mixed directions: the expanded comparison, after a seek range on the first key.
    (first, desc), value = keys[0], values[0]
    condition = Q()
    for index, (field, field_desc) in enumerate(keys):
        equal = {keys[j][0]: values[j] for j in range(index)}
        lookup = "lt" if field_desc else "gt"
        condition |= Q(**equal, **{f"{field}__{lookup}": values[index]})
    return Q(**{f"{first}__{'lte' if desc else 'gte'}": value}) & condition


# The compiled SQL of a page of keys, per database connection (each thread has its own, with
# its converters), by what decides it: (sql, the parameters before the cursor's, the columns'
# names, the converters). Bounded: cleared when full.
_PAGE_SQL: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PAGE_SQL_SIZE = 256


def _keyset_rows(
    queryset: QuerySet, fields: Sequence[str], keys: list, values: list | None, limit: int
) -> list[dict]:
    """`list(queryset.order_by(keys).values(*fields).filter(after values)[:limit])`, its SQL
    kept and reused.

    The queryset is still built on every request (the view's visibility selector and filters
    decide it); what is kept is its narrowed, ordered, sliced and compiled form, by
    `query_key` (its joins and conditions, values included), the columns, the order, the
    limit and the language (modeltranslation may rewrite names). Building and compiling the
    narrow query cost more than running it. A query `query_key` cannot tell apart (a text
    search, a subquery) is compiled every time. Only the cursor's values change between two
    runs of a kept statement: they are its last parameters, which is checked before it is
    kept."""
    connection = connections[queryset.db]
    mixed = len({desc for _field, desc in keys}) > 1
    cursor_params: list = []
    if values is not None and not mixed:
        _sql, cursor_params = _row_after(queryset.model, keys, values, connection)
    key = query_key(queryset.query)
    kept_here = None
    if key is not None and not (values is not None and mixed):
        key = (key, tuple(fields), tuple(keys), values is not None, limit, get_language())
        kept_here = _PAGE_SQL.get(connection)
        if kept_here is None:
            kept_here = _PAGE_SQL[connection] = {}
    kept = kept_here.get(key) if kept_here is not None else None
    if kept is None:
        try:
            kept = _compiled(queryset, fields, keys, values, limit, connection)
        except EmptyResultSet:
            return []
        sql, params, names, converters = kept
        fixed = tuple(params[: len(params) - len(cursor_params)])
        if kept_here is not None and list(params[len(fixed) :]) == cursor_params:
            if len(kept_here) >= _PAGE_SQL_SIZE:
                kept_here.clear()
            kept_here[key] = (sql, fixed, names, converters)
    else:
        sql, fixed, names, converters = kept
        params = [*fixed, *cursor_params]
    with connection.cursor() as cursor:
        read_timestamps_in_c(cursor, connection)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [dict(zip(names, _converted(row, converters, connection), strict=True)) for row in rows]


def _compiled(
    queryset: QuerySet,
    fields: Sequence[str],
    keys: list,
    values: list | None,
    limit: int,
    connection: Any,
) -> tuple[str, tuple, list[str], list]:
    """The page's narrow query compiled: its SQL and parameters, the names of its columns
    and their converters (Django's, as `values()` applies them)."""
    narrow = (
        queryset.select_related(None)
        .prefetch_related(None)
        .order_by(*_order_by(keys))
        .values(*fields)
    )
    if values is not None:
        narrow = narrow.filter(_after(queryset.model, keys, values, connection))
    compiler = narrow[:limit].query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    columns = [column for column, _sql, _alias in compiler.select]
    names = [alias for _column, _sql, alias in compiler.select]
    converters = compiler.get_converters(columns)
    if connection.vendor == "postgresql" and _C_TIMESTAMPS:
        # The timestamps are read by psycopg's C loader (_keyset_rows): as Django reads them.
        for position, column in enumerate(columns):
            if column.output_field.get_internal_type() == "DateTimeField":
                functions, _expression = converters.get(position, ([], column))
                converters[position] = ([as_django_reads, *functions], column)
    return sql, tuple(params), names, sorted(converters.items())


def _converted(row: tuple, converters: list, connection: Any) -> tuple | list:
    if not converters:
        return row
    row = list(row)
    for position, (functions, expression) in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row


class KeysetCursorPagination(BasePagination):
    """Forward-only cursor over (ordering fields..., uid): a new or changed record lands after
    the cursor (ordering by `updated_at`), so paging while the data changes skips nothing, and a
    page costs the same at any depth. The cursor is opaque, carries no database id, and is
    checked: a tampered cursor or one from another ordering is a 400 naming `cursor`."""

    def paginate_queryset(self, queryset: QuerySet, request: Any, view: Any = None) -> list:
        """The page of `queryset` (records, or dictionaries for a values() queryset)."""
        self._start(request, view)
        queryset = queryset.order_by(*_order_by(self.keys))
        raw = request.query_params.get(CURSOR_PARAM)
        if raw:
            values = self._cursor_values(queryset.model, raw)
            connection = connections[queryset.db]
            queryset = queryset.filter(_after(queryset.model, self.keys, values, connection))
        return self._page(list(queryset[: self.page_size + 1]))

    def page_rows(self, queryset: QuerySet, fields: Sequence[str], request: Any, view: Any) -> list:
        """The page of `queryset` (a view's visible, filtered records) as dictionaries of
        `fields` (which hold the ordering's keys): its narrow query, its compiled SQL kept
        (`_keyset_rows`)."""
        self._start(request, view)
        raw = request.query_params.get(CURSOR_PARAM)
        values = self._cursor_values(queryset.model, raw) if raw else None
        return self._page(_keyset_rows(queryset, fields, self.keys, values, self.page_size + 1))

    def _start(self, request: Any, view: Any) -> None:
        self.request = request
        name, keys = view.resolve_ordering(request)
        self.keys = [*keys, (getattr(view, "cursor_tiebreaker", "uid"), keys[-1][1])]
        self.page_size = self._page_size(request)
        self.ordering_name = name

    def _page(self, rows: list) -> list:
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

    def _cursor_values(self, model: type[Model], raw: str) -> list:
        """The cursor's key values, checked: a 400 naming `cursor` for one that was tampered
        with or comes from another ordering."""
        invalid = InvalidParameter(
            CURSOR_PARAM,
            _("This cursor is not valid here: use the “next” link of a previous page."),
        )
        keys = self.keys
        try:
            padded = raw + "=" * (-len(raw) % 4)
            decoded = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
            values = decoded["v"]
            if decoded.get("o") != self.ordering_name or len(values) != len(keys):
                raise invalid
            return [
                model._meta.get_field(field).to_python(value)
                for (field, _desc), value in zip(keys, values, strict=True)
            ]
        except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError) as error:
            raise invalid from error
        except exceptions.APIException:
            raise
        except Exception as error:  # a field's to_python raising ValidationError
            raise invalid from error

    def next_cursor(self) -> str | None:
        if not self.has_next or self.last is None:
            return None
        last = self.last
        # Rows are dictionaries when the view pages on values() (ListViewSet.render_list).
        values = [
            _encode_value(last[field] if isinstance(last, dict) else getattr(last, field))
            for field, _desc in self.keys
        ]
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
