"""PostgreSQL only: the pg_trgm extension and a trigram GIN index on the accent-folded key.

Every search filters with `folded LIKE '%term%'`; with this index PostgreSQL answers it from
the trigrams instead of reading every row. SQLite has no such index and scans (docs/search.md
gives both costs). The index needs a UTF-8 ctype, or Khmer and Lao produce no trigrams: the
search app's system check warns about any other ctype.
"""

from django.db import migrations

INDEX = "search_entry_folded_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchentry USING gin (folded gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other databases objects may use it, and it costs nothing unused.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entry")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
