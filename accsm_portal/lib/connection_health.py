"""A PostgreSQL connection's health check without a round trip.

Persistent connections must be checked before a request reuses them, or the first requests
after a PostgreSQL restart fail (bench/faults.py proves they do not). Django's check
(CONN_HEALTH_CHECKS) sends `SELECT 1` at each request's first query: a round trip to the
server on every request, about a tenth of an API 304 at 100,000 records.

A server that ends a connection (a restart, a crash, an administrator's terminate) sends its
last message and closes the socket; an idle connection's socket then has something to read.
An idle connection that is still good has nothing to read: this project never LISTENs, so the
server sends nothing unasked. So at the start of each request, a socket with nothing to read
counts as checked, and a socket with something to read is left to Django's own check, which
then fails, closes the connection and opens a new one. A peer gone silently (a cable, not a
restart) is not seen here; Django's check would have waited on it just the same.
"""

import select
from typing import Any

from django.db import connections


def _idle_and_quiet(raw: Any) -> bool:
    try:
        if raw.closed or raw.broken:
            return False
        readable, _w, _x = select.select([raw.fileno()], [], [], 0)
    except (OSError, ValueError):  # a closed or invalid socket
        return False
    return not readable


def check_without_round_trip(**kwargs: Any) -> None:
    """On request_started, after Django's close_old_connections has reset the check."""
    for connection in connections.all(initialized_only=True):
        if (
            connection.vendor == "postgresql"
            and connection.health_check_enabled
            and connection.connection is not None
            and not connection.in_atomic_block
            and _idle_and_quiet(connection.connection)
        ):
            connection.health_check_done = True
