"""A PostgreSQL connection's health check without a round trip.

Persistent connections must be checked before a request reuses them, or the first requests
after a PostgreSQL restart fail (bench/faults.py proves they do not). Django's check
(CONN_HEALTH_CHECKS) sends `SELECT 1` at each request's first query: a round trip to the
server on every request, about a tenth of an API 304 at 100,000 records.

A server that ends a connection (a restart, a crash, an administrator's terminate) sends its
last message and closes the socket; an idle connection's socket then has something to read.
An idle connection that is still good has nothing to read: this project never LISTENs, so the
server sends nothing unasked. So at a request's first query, a socket with nothing to read
counts as checked, and a socket with something to read is left to Django's own check, which
then fails, closes the connection and opens a new one. A peer gone silently (a cable, not a
restart) is not seen here; Django's check would have waited on it just the same.
"""

import select
import types
from typing import Any


def _idle_and_quiet(raw: Any) -> bool:
    try:
        if raw.closed or raw.broken:
            return False
        readable, _w, _x = select.select([raw.fileno()], [], [], 0)
    except (OSError, ValueError):  # a closed or invalid socket
        return False
    return not readable


def _close_if_health_check_failed(self: Any) -> None:
    """Django's per-request check, minus its round trip when the socket is quiet."""
    if (
        self.connection is not None
        and self.health_check_enabled
        and not self.health_check_done
        and not self.in_atomic_block
        and _idle_and_quiet(self.connection)
    ):
        self.health_check_done = True
        return
    type(self).close_if_health_check_failed(self)


def install(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On connection_created: this connection's wrapper checks without a round trip. On the
    wrapper itself rather than on request_started, whose receivers' order the test client
    changes."""
    if connection.vendor == "postgresql":
        connection.close_if_health_check_failed = types.MethodType(
            _close_if_health_check_failed, connection
        )
