"""SQLite only: an FTS5 trigram index on the accent-folded key, the counterpart of pg_trgm.

Without it every SQLite search reads the whole index (over a second at 100,000 records,
docs/search.md). The FTS5 table holds no copy of the text (`content=` the index table itself);
triggers on `search_searchentry` keep it in step, so every write of the index - refreshes,
rebuilds, bulk loads, `QuerySet.update()`, a test's flush - updates it in the same statement.
Triggers rather than code in services.py because a writer cannot bypass them. PostgreSQL keeps
its GIN trigram index (0002) and gets nothing here.
"""

from django.db import migrations

TABLE = "search_entry_fts"
# `folded` is the only column every query filters on (accsm_portal/search/selectors.py reads
# this table; keep the names in step).
STATEMENTS = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "folded, content='search_searchentry', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON search_searchentry BEGIN "
    f"INSERT INTO {TABLE}(rowid, folded) VALUES (new.id, new.folded); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON search_searchentry BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, folded) VALUES ('delete', old.id, old.folded); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE OF folded ON search_searchentry "
    f"BEGIN INSERT INTO {TABLE}({TABLE}, rowid, folded) VALUES ('delete', old.id, old.folded); "
    f"INSERT INTO {TABLE}(rowid, folded) VALUES (new.id, new.folded); END",
    # Index the rows that exist already.
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]


def create_fts_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in STATEMENTS:
        schema_editor.execute(statement)


def drop_fts_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for suffix in ("_insert", "_delete", "_update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}{suffix}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_trigram_index")]

    operations = [migrations.RunPython(create_fts_index, drop_fts_index)]
