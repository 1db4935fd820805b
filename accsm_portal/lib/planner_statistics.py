"""Planner statistics after a migration, on SQLite.

SQLite plans with what ANALYZE last recorded (sqlite_stat1); an index added by a migration has
none, and the planner then trusts it blindly. At 100,000 activities the index that counts work
plan progress (workplans 0002) made SQLite read every published activity and sort them for
each API page (136 ms) instead of walking the `updated_at` index (3 ms). PostgreSQL's
autovacuum keeps its own statistics; SQLite has nothing like it, so `migrate` runs ANALYZE:
about 2 s at 100,000 records, milliseconds on a small database.
"""

from typing import Any

from django.db import connections


def analyze_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
