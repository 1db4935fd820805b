"""A paginator for portal lists whose rows are wide: a page's keys first, then its rows.

A list page is `ORDER BY ... LIMIT 20 OFFSET n` over a queryset that joins what each row shows
(series, host, chair...). Without an index the database sorts every matching row to find the
twenty, and it sorts them whole: every column of every join, summaries in four languages
included. At 2,000 meetings that sort was most of the meetings page (33 ms of SQL on SQLite).
Sorting the keys alone, with only the joins the ordering needs, then reading the twenty rows
by primary key, gives the same page in the same order at a fraction of the cost.
"""

from collections.abc import Callable, Hashable, Sequence

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language


class KeysFirstPaginator(Paginator):
    """`Paginator` over a QuerySet: the page's primary keys in one query (the ordering's joins
    only), then those rows with every join and prefetch of the QuerySet, in the same order.
    One query more than `Paginator` per page (two, plus the count). `count`: the number of
    rows, when the caller knows it (kept), instead of a COUNT query. `rows` and `statement`:
    see rows_by_keys."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        count: int | None = None,
        rows: Callable[[Sequence], list] | None = None,
        statement: Hashable | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.rows, self.statement = rows, statement
        if count is not None:
            # Paginator.count is a cached_property: a value set on the instance is read as kept.
            self.__dict__["count"] = count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        page = rows_by_keys(self.object_list, bottom, top, rows=self.rows, statement=self.statement)
        return self._get_page(page, number, self)


def rows_by_keys(
    queryset: QuerySet,
    start: int,
    stop: int,
    *,
    rows: Callable[[Sequence], list] | None = None,
    statement: Hashable | None = None,
) -> list:
    """`list(queryset[start:stop])`, read keys first: the slice's primary keys sorted with
    only the joins the ordering needs, then those rows with every join and prefetch of the
    QuerySet, in the same order (two queries instead of one, each cheap).

    `rows`: a function that reads the rows of the keys it is given, in their order, when a
    page shows fewer of them than the QuerySet reads (`meetings.selectors.meeting_card_rows`:
    a list's cards as plain rows); the QuerySet then only filters and orders the keys.

    `statement`: a name for the keys' query that says everything its SQL depends on besides
    the database and the language (the list and its filters). The query is then compiled
    once per process under that name, with the slice as parameters: building and compiling
    it cost more than running it, and on PostgreSQL every page of a list is then one prepared
    statement, not one per OFFSET."""
    keys = _page_keys(queryset, start, stop, statement)
    if rows is not None:
        return rows(keys)
    by_key = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
    # A row gone between the two queries is left out rather than failing the page.
    return [by_key[key] for key in keys if key in by_key]


# _page_keys' statements by database, language and name: the SQL with its slice as its last
# two parameters, and the parameters before them. Bounded: cleared when full.
_KEYS_STATEMENTS: dict[tuple, tuple[str, tuple]] = {}
_KEYS_STATEMENTS_SIZE = 256


def _page_keys(queryset: QuerySet, start: int, stop: int, statement: Hashable | None) -> list:
    if stop <= start:
        return []  # as an empty slice of the QuerySet: no query
    key = (queryset.db, get_language(), statement)
    kept = _KEYS_STATEMENTS.get(key) if statement is not None else None
    if kept is None:
        keys = queryset.select_related(None).prefetch_related(None).values_list("pk", flat=True)
        if statement is None or keys.query.is_sliced:
            return list(keys[start:stop])
        compiler = keys.query.get_compiler(using=keys.db)
        sql, params = compiler.as_sql()
        if compiler.get_converters([column for column, _sql, _alias in compiler.select]):
            # Keys that Django converts (a UUID on SQLite) are read through the QuerySet.
            return list(keys[start:stop])
        kept = (f"{sql} LIMIT %s OFFSET %s", tuple(params))
        if len(_KEYS_STATEMENTS) >= _KEYS_STATEMENTS_SIZE:
            _KEYS_STATEMENTS.clear()
        _KEYS_STATEMENTS[key] = kept
    sql, params = kept
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [*params, stop - start, start])
        return [row[0] for row in cursor.fetchall()]


def list_page(
    request: HttpRequest,
    queryset: QuerySet,
    per_page: int,
    *,
    count: int | None = None,
    rows: Callable[[Sequence], list] | None = None,
    statement: Hashable | None = None,
) -> tuple[Page, str]:
    """The `?page=` of a portal list, read keys first, and the rest of the query string for
    its page links (`{% include "includes/pagination.html" %}` appends `page=` to it).
    `count`: the queryset's number of rows when the caller keeps it; `rows`, `statement`: as
    for rows_by_keys."""
    paginator = KeysFirstPaginator(queryset, per_page, count=count, rows=rows, statement=statement)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
