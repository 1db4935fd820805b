"""A system check: PostgreSQL must use a UTF-8 ctype for Khmer and Lao trigrams."""

from django.core.checks import Tags, Warning, register
from django.db import connections


@register(Tags.database)
def check_database_ctype(app_configs=None, databases=None, **kwargs) -> list:
    """With a C (not C.UTF-8) ctype pg_trgm sees no letters in Khmer or Lao, so their searches
    read the whole index; results stay correct but slow."""
    problems = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SHOW lc_ctype")
            ctype = cursor.fetchone()[0]
        if "utf" not in ctype.lower().replace("-", ""):
            problems.append(
                Warning(
                    f"Database {alias!r} has lc_ctype {ctype!r}: Khmer and Lao searches cannot "
                    "use the trigram index.",
                    hint="Create the database with a UTF-8 ctype, e.g. "
                    "createdb -E UTF8 --lc-ctype=C.UTF-8 -T template0.",
                    id="search.W001",
                )
            )
    return problems
