"""SQLite's planner gets statistics for every index once migrations have run
(accsm_portal/lib/planner_statistics.py): without them, a new index misled it into sorting
every activity for each API page."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only: PostgreSQL analyzes")
def test_migrate_leaves_statistics_for_the_indexes_the_api_pages_need():
    f.ActivityFactory()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")

    call_command("migrate", verbosity=0)

    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'workplans_activity'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"activity_progress_idx", "workplans_activity_updated_at_4d792fd6"} <= indexes
