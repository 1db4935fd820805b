"""SQLite only: an FTS5 trigram index on the title rows, for the title candidates.

The title candidates are read from the trigram table of 0003 and kept when they are title
rows; for a term that texts hold far more often than titles, SQLite read hundreds of text rows
for each title kept (7 ms for "số hoá" on 5,000 activities, 1.4 ms from the titles' own table,
the same rows: both tables give their matches in rowid order). Like 0003 it holds no copy of
the text, and triggers keep it in step, here only with the title rows. PostgreSQL has its own
title index (0005).
"""

from django.db import migrations

TABLE = "search_entry_title_fts"
# Keep the names in step with accsm_portal/search/selectors.py (FTS_TITLE_TABLE).
STATEMENTS = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "folded, content='search_searchentry', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON search_searchentry "
    f"WHEN new.is_title BEGIN "
    f"INSERT INTO {TABLE}(rowid, folded) VALUES (new.id, new.folded); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON search_searchentry "
    f"WHEN old.is_title BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, folded) VALUES ('delete', old.id, old.folded); END",
    # One trigger, the old row out before the new one in: an external content table must be
    # told the old text to remove it.
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE OF folded, is_title "
    f"ON search_searchentry BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, folded) "
    f"SELECT 'delete', old.id, old.folded WHERE old.is_title; "
    f"INSERT INTO {TABLE}(rowid, folded) SELECT new.id, new.folded WHERE new.is_title; END",
    # Index the title rows that exist already ('rebuild' would read every row of the content).
    f"INSERT INTO {TABLE}(rowid, folded) SELECT id, folded FROM search_searchentry WHERE is_title",
]


def create_title_fts_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in STATEMENTS:
        schema_editor.execute(statement)


def drop_title_fts_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for suffix in ("_insert", "_delete", "_update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}{suffix}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_title_trigram_index")]

    operations = [migrations.RunPython(create_title_fts_index, drop_title_fts_index)]
