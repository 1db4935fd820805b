"""PostgreSQL only: partial trigram indexes on two samples of the index, for the ranking cap.

A bitmap scan of the GIN trigram index (0002) cannot stop at a LIMIT: for a common term it
collects every matching row first (78,000 rows and 20-50 ms for "civil service" at 100,000
records) before the cap keeps RANK_CAP of them. The selectors first ask the sample of one
entry in 256, then one in 16, then the whole index (search/selectors.py, SAMPLES): a common
term fills the cap from the smallest sample's small bitmap, and a term that does not is rare
enough for the next bitmap to be small too. The sample is a hash of the id, so it does not
follow the order rows are written in (a record's title and texts are consecutive ids).
SQLite needs none of this: its FTS5 table (0003) is read lazily and stops at the LIMIT.
"""

from django.db import migrations

# Keep in step with accsm_portal/search/selectors.py (SAMPLES, SAMPLE_EXPRESSION).
SAMPLES = (256, 16)
# Title rows and the other rows apart, as the selectors ask for them: a bitmap of both would
# make PostgreSQL re-read (and decompress) long texts only to drop them for not being titles.
PARTS = {"title": "is_title", "text": "NOT is_title"}


def index_name(one_in: int, part: str) -> str:
    return f"search_entry_folded_trgm_1in{one_in}_{part}"


def create_sample_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for one_in in SAMPLES:
        for part, condition in PARTS.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index_name(one_in, part)} ON search_searchentry "
                f"USING gin (folded gin_trgm_ops) "
                f"WHERE (hashint8(search_searchentry.id) & {one_in - 1}) = 0 AND {condition}"
            )


def drop_sample_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for one_in in SAMPLES:
        for part in PARTS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(one_in, part)}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_sqlite_fts5_trigram_index")]

    operations = [migrations.RunPython(create_sample_indexes, drop_sample_indexes)]
