"""The content generation (accsm_portal/lib/page_cache.py) lives in the database.

It was a token in the cache (Redis, or a file cache on the embedded default): one more round
trip for every API answer and cached page, beside the database's own. In the database it is
read in the same statement as an API list's validators. PostgreSQL keeps it in a sequence,
whose `nextval()` takes no lock and is seen by every session at once, as the cache's token was;
SQLite, which has no sequences and writes one transaction at a time, in a one-row table. Both
start at a random value, so two databases never share a generation (pages of one portal are
never served by another sharing its Redis).
"""

from django.db import migrations

NAME = "accsm_content_generation"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {NAME}")
        schema_editor.execute(f"SELECT setval('{NAME}', (random() * 2^52)::bigint)")
    else:
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {NAME} "
            "(id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)"
        )
        schema_editor.execute(
            f"INSERT OR IGNORE INTO {NAME} (id, value) VALUES (1, abs(random() % 4503599627370496))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {NAME}")
    else:
        schema_editor.execute(f"DROP TABLE IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("accsm_portal", "0002_api_token_history")]

    operations = [migrations.RunPython(create, drop)]
