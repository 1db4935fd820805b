"""Prefetches for the kinds of parts a record has, not for every kind its page can show.

A record's page shows several kinds of parts (a meeting's agenda, delegations, outcomes, parts,
handovers), each a prefetch. Django builds, compiles and sends every prefetch's query even when
the record has no part of that kind, and most records have few kinds: a meeting page sent five
such queries for nothing, and on PostgreSQL each query is a round trip. A page's selector reads
instead a flag per kind in the record's own query (`RowsExist`, on the parts' foreign key
index), and its view builds and runs only the prefetches flagged (`prefetch_flagged`).
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import BooleanField, Expression, Model, Prefetch, prefetch_related_objects


class RowsExist(Expression):
    """Whether a row of `model` points at the outer query's row: its `column` equals the outer
    row's `outer` column, and each of `equals` (field name: value) holds. `content_type_of`: the
    rows point through a generic relation (a `content_type` field), at records of this model.

    `EXISTS (SELECT 1 ...)` written out rather than Django's `Exists(queryset)`, which builds
    and compiles a whole query for each flag on every request (its lookups, joins and quoting):
    six of them cost more than the rest of a meeting page's query."""

    output_field = BooleanField()

    def __init__(
        self,
        model: type[Model],
        column: str,
        *,
        outer: str = "id",
        content_type_of: type[Model] | None = None,
        **equals: Any,
    ):
        super().__init__()
        self.model, self.column, self.outer, self.equals = model, column, outer, equals
        self.content_type_of = content_type_of

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        opts = self.model._meta

        def col(name: str) -> str:
            return f"r.{quote(opts.get_field(name).column)}"

        # The outer row is the outer query's first table, under whatever alias it has now.
        outer = compiler.quote_name_unless_alias(compiler.query.base_table)
        conditions = [f"{col(self.column)} = {outer}.{quote(self.outer)}"]
        conditions += [f"{col(name)} = %s" for name in self.equals]
        params = list(self.equals.values())
        if self.content_type_of is not None:
            # The content type by its natural key, in the statement: its id cached in Python
            # (ContentType.objects.get_for_model) would cost a query on a process's first page.
            conditions.append(
                f"{col('content_type')} = (SELECT id FROM django_content_type "
                "WHERE app_label = %s AND model = %s)"
            )
            params += [self.content_type_of._meta.app_label, self.content_type_of._meta.model_name]
        sql = f"EXISTS (SELECT 1 FROM {quote(opts.db_table)} r WHERE {' AND '.join(conditions)})"
        return sql, params


def prefetch_flagged(record: Model, kinds: Mapping[str, Callable[[], Prefetch]]) -> dict[str, list]:
    """Each kind's parts of `record`, as a list: prefetched (with the Prefetch's own nested
    prefetches) when the record's `has_<kind>` is true, otherwise none. A kind's Prefetch is
    built only when it is flagged: building the QuerySets costs as much as running them."""
    flagged = {kind: build() for kind, build in kinds.items() if getattr(record, f"has_{kind}")}
    if flagged:
        prefetch_related_objects([record], *flagged.values())
    return {kind: _parts(record, flagged[kind]) if kind in flagged else [] for kind in kinds}


def _parts(record: Model, lookup: Prefetch) -> list:
    value = getattr(record, lookup.prefetch_to)
    # A Prefetch with `to_attr` leaves a list; otherwise the related manager reads its cache.
    return value if isinstance(value, list) else list(value.all())
