"""What decides the SQL of a queryset, as a key: the compiled SQL of a query built on every
request can then be kept and reused (the search's load of a page's hits, an API list's page of
keys), since building and compiling a query took as long as running it.

The key holds the model, the joins and the conditions with their values; it is None for a
query holding anything it could not tell apart (a subquery, an expression, raw SQL,
annotations, slicing, DISTINCT...), which is then compiled every time.

kept_queryset() keeps the querysets themselves, for selectors whose queryset depends on
nothing but the language: building one (its joins, related records, modeltranslation's
rewriting) cost as much as a page's query."""

import datetime
import decimal
import uuid
from collections.abc import Callable, Hashable

from django.db.models import QuerySet
from django.db.models.expressions import Col
from django.db.models.lookups import Lookup
from django.db.models.sql.datastructures import BaseTable, Join
from django.db.models.sql.where import WhereNode
from django.utils.translation import get_language

_PLAIN_VALUES = (str, int, float, bool, type(None), datetime.date, uuid.UUID, decimal.Decimal)


def _conditions_key(node) -> tuple | None:
    """The WHERE of a selector's query as a key: each condition's lookup, column and value,
    with the tree's connectors; None when it holds anything else (a subquery, an expression,
    raw SQL), whose SQL this key could not tell apart."""
    if isinstance(node, WhereNode):
        children = tuple(_conditions_key(child) for child in node.children)
        if None in children:
            return None
        return (node.connector, node.negated, children)
    if not isinstance(node, Lookup) or not isinstance(node.lhs, Col):
        return None
    value = node.rhs
    if isinstance(value, list | tuple | set | frozenset):
        if not all(isinstance(item, _PLAIN_VALUES) for item in value):
            return None
        value = (type(value), tuple((type(item), item) for item in value))
    elif not isinstance(value, _PLAIN_VALUES):
        return None
    return (type(node), node.lhs.alias, node.lhs.target, type(value), value)


def query_key(query) -> tuple | None:
    """What decides the SQL of a selector's query once narrowed to some columns (values(),
    without its select_related, prefetches and ordering): its model, its joins (with their
    types and whether they are used) and its conditions; None for a query with anything else
    (annotations, extra, slicing, DISTINCT, ...)."""
    if (
        query.annotations
        or query.extra
        or query.extra_tables
        or query.combinator
        or query.distinct
        or query.low_mark
        or query.high_mark is not None
        or query.group_by is not None
        or query.select_for_update
        or query.values_select
        or query.select
        or query._filtered_relations
    ):
        return None
    conditions = _conditions_key(query.where)
    if conditions is None:
        return None
    joins = []
    for alias, join in query.alias_map.items():
        if isinstance(join, Join) and join.filtered_relation is None:
            shape = (join.parent_alias, join.join_field, join.join_type, join.nullable)
        elif isinstance(join, BaseTable):
            shape = ()
        else:
            return None
        joins.append((alias, join.table_name, query.alias_refcount.get(alias), shape))
    return (query.model, tuple(joins), conditions)


# The querysets of kept_queryset(), with their query_key. Bounded: cleared when full.
_KEPT_QUERYSETS: dict[tuple, tuple[QuerySet, tuple | None]] = {}
_KEPT_QUERYSETS_SIZE = 256


def kept_queryset(key: Hashable, build: Callable[[], QuerySet]) -> tuple[QuerySet, tuple | None]:
    """The queryset `build()` makes, and its query_key, built once per process, key and
    active language (modeltranslation writes the language's columns into a queryset). Only
    for a queryset that depends on nothing else: a selector of published records, the same
    for every reader (never one that reads the reader or the time). It holds conditions,
    never results: it is never evaluated, and each use narrows or copies it (`.all()`)."""
    key = (key, get_language())
    kept = _KEPT_QUERYSETS.get(key)
    if kept is None:
        if len(_KEPT_QUERYSETS) >= _KEPT_QUERYSETS_SIZE:
            _KEPT_QUERYSETS.clear()
        queryset = build()
        kept = _KEPT_QUERYSETS[key] = (queryset, query_key(queryset.query))
    return kept
