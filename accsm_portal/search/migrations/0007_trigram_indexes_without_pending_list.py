"""PostgreSQL only: the samples' trigram indexes (0004) without GIN's pending list, and the
entries waiting in the pending lists of the partial indexes (0004, 0005) moved into them.

GIN's "fast update" queues new entries in a pending list that only VACUUM (or the list
reaching gin_pending_list_limit, 4 MB) merges into the index. Every scan reads the whole list,
and the planner counts it: after a bulk load (a `search_rebuild`, an import, `make bench`'s
data set) and before a vacuum, the 1-in-256 title sample held all its 1,225 rows in 239
pending pages, and PostgreSQL read the index of every row instead, then dropped 2,714 of its
2,719 rows for not being in the sample (65 ms of the server's CPU for a search of
"សាលាភូមិន្ទរដ្ឋបាល" instead of 7 ms). With autovacuum off or behind, that lasts.

The samples write each entry in place from now on: they take one row in 256 and one in 16
(loading 643,312 rows took 107 s instead of 63 s; with the title index writing in place too,
412 s). The title index (half the rows) and the index of every row keep their pending lists,
which batch a rebuild's trigrams; `search_rebuild` merges them when it is done (services.py),
and this migration merges what waits in the samples' and the title index now.
"""

from django.db import migrations

# The samples' indexes (0004), which write in place, and the title index (0005).
SAMPLES = (
    "search_entry_folded_trgm_1in256_title",
    "search_entry_folded_trgm_1in256_text",
    "search_entry_folded_trgm_1in16_title",
    "search_entry_folded_trgm_1in16_text",
)
TITLES = "search_entry_folded_trgm_title"


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in SAMPLES:
        schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
    # Turning it off does not empty the list (PostgreSQL's documentation, "GIN Fast Update
    # Technique"): this moves what waits there into the index.
    for index in (*SAMPLES, TITLES):
        schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in SAMPLES:
        schema_editor.execute(f"ALTER INDEX {index} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_sqlite_fts5_title_index")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
