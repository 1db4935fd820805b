"""PostgreSQL only: a trigram index on the title rows, for the title candidates past the samples.

When the samples of migration 0004 hold fewer than RANK_CAP matching title rows, the title
candidates are asked of the whole index (search/selectors.py, SAMPLES ends at 1). The GIN index
of 0002 covers every row, and a title rarely holds a phrase that many texts hold: its bitmap
held every matching row, texts included (2,700 rows and 11 ms for "សាលាភូមិន្ទរដ្ឋបាល" at
100,000 records, of which 101 titles were kept). An index on the title rows alone answers the
same query from the titles' bitmap (750 rows, 1.4 ms). The rows found are the same: a bitmap
heap scan returns them in the table's order whichever index built the bitmap. About 80 MB at
100,000 records (titles are half the rows, but short), built in 20 s.
"""

from django.db import migrations

INDEX = "search_entry_folded_trgm_title"


def create_title_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchentry "
        "USING gin (folded gin_trgm_ops) WHERE is_title"
    )


def drop_title_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_trigram_sample_indexes")]

    operations = [migrations.RunPython(create_title_index, drop_title_index)]
