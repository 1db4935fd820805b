"""PostgreSQL `timestamptz` columns read by psycopg's C loader where a read has many (an API
list's page of keys), with the very values Django's loader gives.

Django registers a loader of its own on every connection: psycopg's pure-Python one, then
`replace(tzinfo=connection.timezone)`. Parsing a list page's 51 timestamps that way was about
a sixth of the list's instructions (callgrind, docs/performance.md). psycopg's C loader reads
the same moment in the session's time zone, which Django sets to the connection's
(`timezone_name`); `as_django_reads` then sets the tzinfo Django's loader would. Registering
the loader on a cursor costs about as much as two timestamps read in Python: not worth it for
a read of one or two (the validators)."""

from typing import Any

try:  # psycopg's C implementation, installed with psycopg-binary (requirements/base.txt)
    from psycopg_binary._psycopg import TimestamptzLoader as _CTimestamptzLoader
except ImportError:  # pragma: no cover - the pure-Python psycopg, or no psycopg (SQLite)
    _CTimestamptzLoader = None

# Whether PostgreSQL timestamps are read in C by read_timestamps_in_c.
C_TIMESTAMPS = _CTimestamptzLoader is not None


def read_timestamps_in_c(cursor: Any, connection: Any) -> bool:
    """Have this Django cursor read `timestamptz` with the C loader; False where it cannot
    (another database, no C implementation): its values then need no `as_django_reads`."""
    if connection.vendor != "postgresql" or _CTimestamptzLoader is None:
        return False
    cursor.cursor.adapters.register_loader("timestamptz", _CTimestamptzLoader)
    return True


def as_django_reads(value: Any, expression: Any, connection: Any) -> Any:
    """A timestamp read by `read_timestamps_in_c`, as Django's loader gives it (a converter's
    signature, so that it runs with Django's own)."""
    return None if value is None else value.replace(tzinfo=connection.timezone)
