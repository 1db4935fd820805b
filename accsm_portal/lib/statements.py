"""Prepared statements on PostgreSQL, and the queries that must be planned each time.

With `server_side_binding` (settings: DATABASE_PREPARED_STATEMENTS, on by default) psycopg
prepares a statement the fifth time a connection runs it, and PostgreSQL then reuses its plan:
parsing and planning were 0.2-0.5 ms of every query, more than most of our queries take to run
(docs/performance.md, "Prepared statements"). PostgreSQL keeps a generic plan, one for every
parameter value, only when it costs no more than the plans made for the values seen.

That is wrong for a query whose best plan depends on its parameter's text: a search's
`folded LIKE '%term%'` is answered from the trigram index for a rare term and by a scan that
stops at its LIMIT for a common one, and a generic plan cannot know which. Such queries run
inside `planned_each_time()`.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections


@contextmanager
def planned_each_time(*, enabled: bool = True, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Within the block, statements are neither prepared nor run from a prepared plan: each is
    planned for its own parameters (a no-op on SQLite, or with prepared statements off)."""
    connection = connections[using]
    if not enabled or connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    kept = raw.prepare_threshold
    if kept is None:
        yield
        return
    raw.prepare_threshold = None
    try:
        yield
    finally:
        # The connection may have been closed and replaced inside the block (a failed health
        # check); the threshold belongs to the one it was taken from.
        raw.prepare_threshold = kept
