"""PostgreSQL only: the partial trigram indexes (samples of 0004, titles of 0005) without GIN's
pending list, and the entries waiting in it moved into the indexes.

GIN's "fast update" queues new entries in a pending list that only VACUUM (or the list
reaching gin_pending_list_limit, 4 MB) merges into the index. Every scan reads the whole list,
and the planner counts it: after a bulk load (a `search_rebuild`, an import, `make bench`'s
data set) and before a vacuum, the 1-in-256 title sample held 239 pending pages for 1,225
rows, all of it, and PostgreSQL read the index of every row instead, then dropped 2,714 of its
2,719 rows for not being in the sample (65 ms of the server's CPU for "សាលាភូមិន្ទរដ្ឋបាល" instead
of 2 ms). With autovacuum off or behind, that lasts. These indexes are small beside the table
(the samples take one row in 256 and one in 16; the titles are short), so writing each entry in
place costs little; the index of every row (0002) keeps its pending list, which batches the
long texts' trigrams of a rebuild.
"""

from django.db import migrations

# The indexes of 0004 and 0005, by name.
INDEXES = (
    "search_entry_folded_trgm_1in256_title",
    "search_entry_folded_trgm_1in256_text",
    "search_entry_folded_trgm_1in16_title",
    "search_entry_folded_trgm_1in16_text",
    "search_entry_folded_trgm_title",
)


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
        # Turning it off does not empty the list (PostgreSQL's documentation, "GIN Fast Update
        # Technique"): this moves what waits there into the index.
        schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_sqlite_fts5_title_index")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
