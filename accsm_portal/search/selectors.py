"""Reads of the search index: ranked hits across record types, and `q` for API lists.

Matching is a substring test on the accent-folded key, written with Django's `contains` lookup
on text that is already casefolded on both sides: LIKE on SQLite and on PostgreSQL, where the
trigram GIN index on `folded` answers it. (`icontains` would wrap the column in UPPER() on
PostgreSQL, which no index serves, and fold only ASCII on SQLite.) On SQLite the FTS5 trigram
table (migration 0003) first narrows the rows to those holding every term of three characters
or more; the LIKE then checks them exactly, and alone answers shorter terms.

Ranking is capped: at most RANK_CAP title rows and RANK_CAP other rows that match are taken
(the cheap score: a title match first), and only those are ranked and counted. A search that
matches more says so (`RankedResults.capped`: "more than N records") instead of ranking and
counting a third of the corpus on every request. The candidate query must stop at the cap
for that to pay: on SQLite the trigram table is joined (read lazily) rather than asked in a
subquery; on PostgreSQL, whose bitmap scans read every match, the samples of migration 0004
are asked first. docs/search.md gives the figures.
"""

import functools
import re
import uuid
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.db import connection, connections, models
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf
from django.utils.translation import get_language

from accsm_portal.core.selectors import User, document_access_levels
from accsm_portal.lib.i18n import Translated, translated
from accsm_portal.lib.query_keys import kept_queryset
from accsm_portal.lib.query_keys import query_key as _query_key
from accsm_portal.lib.record_types import visible_to_everyone
from accsm_portal.lib.search import ParsedQuery, Snippet, build_snippet, parse_query
from accsm_portal.lib.statements import planned_each_time
from accsm_portal.search.models import SearchEntry
from accsm_portal.search.registry import BY_KEY, type_for_model

LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)

# How a record matched, best first. The score of an entry is tier * 10 + the rank of its
# language (the reader's language first), and a record takes the best score of its entries.
TIER_TITLE_IS_QUERY = 0  # the title is the query, exactly
TIER_TITLE_PHRASE = 1  # the title holds the phrase with the query's accents
TIER_TITLE_PHRASE_FOLDED = 2  # ... without regard to accents
TIER_BODY_PHRASE = 3  # the rest of the text holds the phrase with the query's accents
TIER_BODY_PHRASE_FOLDED = 4
TIER_TITLE_TERMS = 5  # the title holds every term, not as one phrase
TIER_BODY_TERMS = 6


# At most this many title rows, and this many other rows, are ranked per search.
RANK_CAP = 100
# PostgreSQL: the samples of the index that partial trigram indexes cover (migration 0004),
# smallest first, each "one entry in N" by a hash of the id. A common term matches more than
# RANK_CAP rows of the smallest sample, whose bitmap is small; only a rarer term goes on to
# the next (and, at 1, the whole index), whose bitmap is then small too.
SAMPLES = (256, 16, 1)
SAMPLE_EXPRESSION = "hashint8(search_searchentry.id)"
# The FTS5 trigram table of migration 0003 (SQLite only). A trigram index cannot match fewer
# than three characters: shorter terms are left to the LIKE.
FTS_TABLE = "search_entry_fts"
# The same over the title rows only (migration 0006), which the title candidates read: from the
# table of every row SQLite read hundreds of text rows for each title kept.
FTS_TITLE_TABLE = "search_entry_title_fts"
FTS_MIN_TERM = 3


def _fts_expression(terms: Iterable[str]) -> str | None:
    """An FTS5 query holding every term as a quoted string (a substring, for trigrams)."""
    quoted = ['"' + term.replace('"', '""') + '"' for term in terms if len(term) >= FTS_MIN_TERM]
    return " ".join(quoted) or None


def _match(query: ParsedQuery) -> Q:
    """Every term as a substring of `folded`; on SQLite, narrowed by the trigram table first
    (as a subquery, for filters that cannot stop early: `q` on API lists; the search's own
    candidates are `candidate_sql`)."""
    condition = Q()
    for term in query.terms:
        condition &= Q(folded__contains=term)
    expression = _fts_expression(query.terms) if connection.vendor == "sqlite" else None
    if expression is not None:
        # The rowid IN (...) lets SQLite read only the rows the trigram index found.
        condition &= Q(
            id__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                [expression],
            )
        )
    return condition


def _score_sql(query: ParsedQuery, order: Sequence[str]) -> tuple[str, list]:
    """tier * 10 + the rank of the row's language in `order`, as one SQL expression and its
    parameters.

    Written as SQL rather than Case/When: Django resolves and compiles a Case of Q objects
    in several milliseconds, more than the database takes to evaluate it on the capped rows.
    The tests check it against the tiers' definitions (tests/search/test_search.py)."""
    table = SearchEntry._meta.db_table
    is_title, key, folded, language = (
        f'"{table}"."{column}"' for column in ("is_title", "key", "folded", "language")
    )
    # Django's `contains`: LIKE with %, _ and \ escaped, \ the escape character.
    like = "LIKE %s ESCAPE '\\'"
    phrase = "%" + connection.ops.prep_for_like_query(query.key) + "%"
    phrase_folded = "%" + connection.ops.prep_for_like_query(query.folded) + "%"
    tiers = [
        (f"{is_title} AND {key} = %s", query.key, TIER_TITLE_IS_QUERY),
        (f"{is_title} AND {key} {like}", phrase, TIER_TITLE_PHRASE),
        (f"{is_title} AND {folded} {like}", phrase_folded, TIER_TITLE_PHRASE_FOLDED),
        (f"{key} {like}", phrase, TIER_BODY_PHRASE),
        (f"{folded} {like}", phrase_folded, TIER_BODY_PHRASE_FOLDED),
        (f"{is_title}", None, TIER_TITLE_TERMS),
    ]
    sql = "(CASE"
    params: list = []
    for condition, param, tier in tiers:
        sql += f" WHEN {condition} THEN {tier}"
        params += [param] if param is not None else []
    sql += f" ELSE {TIER_BODY_TERMS} END) * 10 + (CASE {language}"
    for rank, code in enumerate(order):
        sql += f" WHEN %s THEN {rank}"
        params.append(code)
    sql += f" ELSE {len(order)} END)"
    return sql, params


def language_order(first: str | None) -> list[str]:
    """The reader's (or the filtered) language first, then the others in settings order."""
    return [first] + [c for c in LANGUAGES if c != first] if first in LANGUAGES else [*LANGUAGES]


@dataclass(frozen=True)
class Filters:
    """What a search keeps besides the query: the reader's document access levels, and the
    portal's and the API's filters."""

    levels: Sequence[str]
    record_types: Sequence[str] = ()
    language: str | None = None
    year: int | None = None


def _placeholders(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))


def candidate_sql(
    query: ParsedQuery,
    filters: Filters,
    order: Sequence[str],
    *,
    is_title: bool,
    one_in: int = 1,
) -> tuple[str, list]:
    """The capped candidate query of one part (title rows or the others) and one sample, as
    SQL: (record_type, object_uid, sort_date, score, is_title) of at most RANK_CAP + 1
    matching rows.

    Written out rather than built with the ORM: Django took 0.5-1 ms to build and compile each
    of these queries (up to six per search on PostgreSQL), more than the database took to
    answer it. The conditions are written as Django writes them: its `contains` for each term
    (`LIKE`, with the vendor's cast and escape), and on SQLite the FTS5 trigram table (of the
    title rows, for titles) joined by rowid, which SQLite then reads lazily up to the LIMIT
    (an `id IN (SELECT rowid ...)` collects every match first: tens of thousands of rows,
    60-160 ms, for a common Khmer or Lao phrase). On PostgreSQL the sample's predicate is
    written exactly as its partial index's (migration 0004), constant inlined, so that the
    planner can prove the index applies. tests/search/test_sqlite_fts.py and
    test_postgresql.py check the plans."""
    score, params = _score_sql(query, order)
    table = SearchEntry._meta.db_table
    # The uid as text on PostgreSQL too (SQLite keeps 32 hex digits): psycopg made a UUID of
    # each of the up to 400 candidates, and only a page's rows need one (RankedResults).
    uid = f'"{table}"."object_uid"' + ("::text" if connection.vendor == "postgresql" else "")
    sql = (
        f'SELECT "{table}"."record_type", {uid}, "{table}"."sort_date", '
        f'{score}, "{table}"."is_title" FROM "{table}"'
    )
    like = connection.operators["contains"]
    folded = connection.ops.lookup_cast("contains", "TextField") % f'"{table}"."folded"'
    where = []
    for term in query.terms:
        where.append(f"{folded} {like}")
        params.append("%" + connection.ops.prep_for_like_query(term) + "%")
    where.append(f'"{table}"."access" IN ({_placeholders(filters.levels)})')
    params += list(filters.levels)
    expression = _fts_expression(query.terms) if connection.vendor == "sqlite" else None
    if expression is not None:
        fts = FTS_TITLE_TABLE if is_title else FTS_TABLE
        sql += f' , "{fts}"'
        where += [f"({fts}.rowid = {table}.id)", f"({fts} MATCH %s)"]
        params.append(expression)
    if filters.record_types:
        where.append(f'"{table}"."record_type" IN ({_placeholders(filters.record_types)})')
        params += list(filters.record_types)
    if filters.language:
        where.append(f'"{table}"."language" = %s')
        params.append(filters.language)
    if filters.year is not None:
        where += [f'"{table}"."year_end" >= %s', f'"{table}"."year_start" <= %s']
        params += [filters.year, filters.year]
    where.append(f'"{table}"."is_title"' if is_title else f'NOT "{table}"."is_title"')
    if one_in != 1:
        where.append(f"(({SAMPLE_EXPRESSION} & {one_in - 1}) = 0)")
    sql += f" WHERE ({' AND '.join(where)}) LIMIT {RANK_CAP + 1}"
    return sql, params


def search_candidates(
    query: ParsedQuery, filters: Filters, order: Sequence[str]
) -> tuple[list[tuple], bool]:
    """The entries to rank, each (record_type, object_uid, sort_date, score), and whether the
    cap left matching entries out.

    Title rows and other rows are taken separately, at most RANK_CAP of each, with no ORDER BY,
    so the database stops at the cap instead of reading every match, and each row's score is
    computed in the same query, on those rows only. On PostgreSQL a bitmap scan of the trigram
    index cannot stop early, so the samples are tried first (SAMPLES): more than RANK_CAP
    matches in a sample means the search is capped whatever the rest holds. There both parts
    go to the database together, each at its next sample (UNION ALL of the two queries, each
    planned as on its own): one round trip per sample instead of two."""
    # Terms of one or two characters have no trigram: they are a scan that stops at the cap,
    # which a sample would only make longer.
    indexed = any(len(term) >= FTS_MIN_TERM for term in query.terms)
    postgresql = connection.vendor == "postgresql"
    samples = SAMPLES if postgresql and indexed else (1,)
    step = {True: 0, False: 0}  # each part's place in `samples`
    found: dict[bool, list[tuple]] = {}
    # Planned for their terms each time: a generic plan cannot tell a rare term (the trigram
    # index) from a common one (a scan stopping at the cap); lib/statements.py.
    with planned_each_time(), connection.cursor() as cursor:
        while len(found) < 2:
            asked = [
                candidate_sql(
                    query, filters, order, is_title=is_title, one_in=samples[step[is_title]]
                )
                for is_title in (True, False)
                if is_title not in found
            ]
            # SQLite allows no parenthesised SELECT in a compound one: a query per part there.
            batches = [asked] if postgresql else [[statement] for statement in asked]
            rows: dict[bool, list[tuple]] = {is_title: [] for is_title in (True, False)}
            for batch in batches:
                sql = " UNION ALL ".join(f"({sql})" for sql, _params in batch)
                cursor.execute(
                    batch[0][0] if len(batch) == 1 else sql,
                    [param for _sql, params in batch for param in params],
                )
                for row in cursor.fetchall():
                    rows[bool(row[4])].append(row[:4])
            for is_title in [part for part in (True, False) if part not in found]:
                if len(rows[is_title]) > RANK_CAP or samples[step[is_title]] == 1:
                    found[is_title] = rows[is_title]
                else:
                    step[is_title] += 1
    capped = any(len(part) > RANK_CAP for part in found.values())
    return found[True][:RANK_CAP] + found[False][:RANK_CAP], capped


def _uid(value) -> uuid.UUID:
    """An `object_uid` as the cursor returns it: a UUID on PostgreSQL (text where the SQL
    casts it: the candidates), 32 hex digits on SQLite (what UUIDField's converter does)."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


class RankedResults:
    """One row per matching record, best first: {record_type, object_uid, score, date}.

    A sequence for a Paginator. The rows are at most the capped candidates' records, so they
    are ranked in one query and held here: the count and every page are then free (a COUNT and
    a LIMIT query each ranked the candidates again). When `capped`, more records match than
    were ranked, and the count is a lower bound.

    A row's `object_uid` is made a UUID when the row is read (a page's rows, not the 200
    ranked: the conversion was 5% of a search on SQLite); `rows` holds them as fetched."""

    def __init__(self, rows: Iterable[dict], *, capped: bool) -> None:
        self.rows = list(rows)
        self.capped = capped

    def count(self) -> int:
        return len(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @staticmethod
    def _read(row: dict) -> dict:
        row["object_uid"] = _uid(row["object_uid"])
        return row

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._read(row) for row in self.rows[index]]
        return self._read(self.rows[index])

    def __iter__(self):
        return map(self._read, self.rows)


def search_ranked(
    query: ParsedQuery,
    *,
    reader_language: str,
    user: User | None = None,
    record_types: Iterable[str] | None = None,
    language: str | None = None,
    year: int | None = None,
) -> RankedResults:
    """The matching records this reader may see, best first, ranked among the capped
    candidates. The language digit of `score` indexes `language_order(language or
    reader_language)`."""
    order = language_order(language or reader_language)
    filters = Filters(
        levels=document_access_levels(user),
        record_types=tuple(record_types or ()),
        language=language,
        year=year,
    )
    found, capped = search_candidates(query, filters, order)
    # A record takes its best score and its newest date (ranked here: at most 2 * RANK_CAP
    # rows, already fetched).
    records: dict[tuple, list] = {}
    for record_type, uid, date, score in found:
        best = records.get((record_type, uid))
        if best is None:
            records[(record_type, uid)] = [score, date]
            continue
        best[0] = min(best[0], score)
        if date is not None and (best[1] is None or date > best[1]):
            best[1] = date
    # The uid breaks ties: as text (32 hex digits on SQLite, the hyphenated form on
    # PostgreSQL) it sorts as the UUID it spells.
    ranked = sorted(
        records.items(),
        key=lambda item: (
            item[1][0],
            item[1][1] is None,
            -(item[1][1].toordinal() if item[1][1] else 0),
            item[0],
        ),
    )
    rows = [
        {"record_type": key[0], "object_uid": key[1], "score": score, "date": date}
        for key, (score, date) in ranked
    ]
    return RankedResults(rows, capped=capped)


def ranked_type_counts(ranked: RankedResults) -> tuple[dict[str, int], bool]:
    """search_type_counts of a search already ranked without a type filter: the same
    candidates, so the counts come from its rows instead of a second search."""
    counts: dict[str, int] = {}
    for row in ranked.rows:
        counts[row["record_type"]] = counts.get(row["record_type"], 0) + 1
    return counts, ranked.capped


def search_type_counts(
    query: ParsedQuery,
    *,
    user: User | None = None,
    language: str | None = None,
    year: int | None = None,
) -> tuple[dict[str, int], bool]:
    """How many records of each type match, among the capped candidates, and whether capped."""
    filters = Filters(levels=document_access_levels(user), language=language, year=year)
    found, capped = search_candidates(query, filters, language_order(language))
    records: dict[str, set] = {}
    for record_type, uid, _date, _score in found:
        records.setdefault(record_type, set()).add(uid)
    return {key: len(uids) for key, uids in records.items()}, capped


@dataclass(frozen=True)
class SearchHit:
    """One record found, as the portal and the API show it."""

    record_type: str
    type_label: str
    uid: uuid.UUID
    slug: str | None
    title: Translated
    url: str | None
    language: str  # the language whose text matched
    tier: int
    snippet: Snippet | None

    @property
    def title_matched(self) -> bool:
        return self.tier in (
            TIER_TITLE_IS_QUERY,
            TIER_TITLE_PHRASE,
            TIER_TITLE_PHRASE_FOLDED,
            TIER_TITLE_TERMS,
        )


class _Shown(SimpleNamespace):
    """What a hit shows of its record (_hit_columns), by the columns' names: enough for
    `translated()` and for the record's URL."""


@functools.cache
def _hit_columns(kind) -> tuple[str, ...]:
    """The columns a hit reads of its record: its uid, slug and original language, its title
    in every language, and what its URL is made of (`url_fields`)."""
    names = {field.name for field in kind.model._meta.concrete_fields}
    columns = ["uid"] + [name for name in ("slug", "original_language") if name in names]
    columns += [f"{kind.title_field}_{code}" for code in LANGUAGES]
    return tuple(dict.fromkeys([*columns, *kind.url_fields]))


# The SQL of a page's load per record type, selector conditions and number of records:
# (sql, the parameters before the uids', the columns' names). Bounded: cleared when full.
_LOAD_SQL: dict[tuple, tuple[str, tuple, list[str]]] = {}
_LOAD_SQL_SIZE = 512


def _visible(kind, user: User | None) -> tuple[QuerySet, Hashable | None]:
    """The type's visibility selector for this reader, and its _query_key: kept per process
    and language for a selector that ignores its reader (for_everyone), as the API's lists
    keep theirs; each search narrows a copy."""
    if not visible_to_everyone(kind.visible):
        visible = kind.visible(user)
        return visible, _query_key(visible.query)
    return kept_queryset(("search", kind.key), lambda: kind.visible(user))


def _load_shown(kind, user: User | None, uids: Sequence[uuid.UUID]) -> list[_Shown]:
    """The records of `uids` that the type's visibility selector returns for this reader,
    as the columns a hit shows.

    The selector's queryset is narrowed to those columns (values_list), without its joined
    records, prefetches and ordering, and its SQL run on a cursor: model instances with the
    selector's 30-60 columns (the long texts deferred) cost 1-2 ms per record type on the
    page, more than the database took. The WHERE is the selector's own, so a record
    unpublished a moment ago, or a document above the reader's access, is not returned.

    The selector is called on every request; its narrowed SQL is kept by what decides it
    (_query_key: the selector's joins and conditions, values included, and the number of
    records), since building and compiling it took as long again as running it. A selector
    whose conditions change (another reader's access levels) gets SQL of its own."""
    uids = list(dict.fromkeys(uids))
    visible, query_key = _visible(kind, user)
    connection = connections[visible.db]
    columns = _hit_columns(kind)
    key = (kind.key, columns, visible.db, query_key, len(uids))
    uid_field = kind.model._meta.get_field("uid")
    prepared = [uid_field.get_db_prep_value(uid, connection) for uid in uids]
    cached = _LOAD_SQL.get(key) if query_key is not None else None
    if cached is not None:
        sql, fixed, names = cached
        params = [*fixed, *prepared]
    else:
        loaded = (
            visible.prefetch_related(None)
            .select_related(None)
            .order_by()
            .filter(uid__in=uids)
            .values_list(*columns)
        )
        compiler = loaded.query.get_compiler(using=loaded.db)
        sql, params = compiler.as_sql()
        # The select's order is the compiler's (modeltranslation may reorder the names).
        names = [alias for _expression, _sql, alias in compiler.select]
        # Kept only when the uids are the last parameters, in order, as they are replaced.
        if query_key is not None and list(params[len(params) - len(uids) :]) == prepared:
            if len(_LOAD_SQL) >= _LOAD_SQL_SIZE:
                _LOAD_SQL.clear()
            _LOAD_SQL[key] = (sql, tuple(params[: len(params) - len(uids)]), names)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    shown = [_Shown(**dict(zip(names, row, strict=True))) for row in rows]
    for record in shown:
        record.uid = _uid(record.uid)
    return shown


# A value in place of each URL field, which the URL patterns accept (a slug's characters).
_URL_PLACEHOLDER = "0searchurl{}0"
# A value that reverse() writes as it is: a slug, which every path converter accepts. Others
# are reversed one by one.
_PLAIN_URL_VALUE = re.compile(r"[-a-zA-Z0-9_]+")


def _unsaved_record(kind, values: dict[str, object]) -> models.Model:
    """An unsaved record with the given field values set (across relations: `work_plan__slug`
    sets the slug of a work plan set as the record's `work_plan`), for get_absolute_url()."""
    record = kind.model()
    for path, value in values.items():
        *relations, name = path.split("__")
        target = record
        for relation in relations:
            related = target._meta.get_field(relation).related_model()
            setattr(target, relation, related)
            target = related
        setattr(target, name, value)
    return record


@functools.lru_cache(maxsize=256)
def _url_template(kind, language: str | None, script_prefix: str, resolver) -> str | None:
    """The record's URL with a placeholder for each of its `url_fields`, from its own
    get_absolute_url() (reversed once per type, language, script prefix and URL
    configuration, not per hit: reverse() took 45 us); None when the placeholders do not come
    through as they went in (the URL is then made per hit)."""
    placeholders = {path: _URL_PLACEHOLDER.format(n) for n, path in enumerate(kind.url_fields)}
    try:
        url = _unsaved_record(kind, placeholders).get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return None
    if not all(url.count(placeholder) == 1 for placeholder in placeholders.values()):
        return None
    return url


def _link_template(kind) -> str | None:
    """_url_template for the active language and URL configuration."""
    if not hasattr(kind.model, "get_absolute_url"):
        return None
    return _url_template(kind, get_language(), get_script_prefix(), get_resolver(get_urlconf()))


def _url(kind, record: _Shown, template: str | None) -> str | None:
    """record.get_absolute_url(), from the columns a hit reads and the type's
    _link_template."""
    if not hasattr(kind.model, "get_absolute_url"):
        return None
    values = [getattr(record, path) for path in kind.url_fields]
    if template is not None and all(_PLAIN_URL_VALUE.fullmatch(str(v)) for v in values):
        for n, value in enumerate(values):
            template = template.replace(_URL_PLACEHOLDER.format(n), str(value))
        return template
    try:
        return _unsaved_record(
            kind, dict(zip(kind.url_fields, values, strict=True))
        ).get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return None


def _page_texts(
    shown: Sequence[tuple[str, uuid.UUID]], languages: set[str]
) -> dict[tuple, tuple[str, str, str]]:
    """The index's texts of the records shown, in the languages that matched, by (record type,
    uid, language, is_title): (display, key, folded), read through the natural key's index
    (record type first: `object_uid` alone has no index, and reading it was a 130 ms scan on
    PostgreSQL), written out as SQL like the candidates. The keys come along for the snippets,
    which would otherwise normalise each text again (a third of a snippet's work)."""
    table = SearchEntry._meta.db_table
    uid_field = SearchEntry._meta.get_field("object_uid")
    types = sorted({key for key, _uid in shown})
    uids = [uid_field.get_db_prep_value(uid, connection) for _key, uid in shown]
    languages = sorted(languages)
    sql = (
        f'SELECT "record_type", "object_uid", "language", "is_title", "display", "key", '
        f'"folded" FROM "{table}" '
        f'WHERE ("record_type" IN ({_placeholders(types)}) '
        f'AND "object_uid" IN ({_placeholders(uids)}) '
        f'AND "language" IN ({_placeholders(languages)}))'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*types, *uids, *languages])
        return {
            (kind, _uid(uid), language, bool(is_title)): (text, key, folded)
            for kind, uid, language, is_title, text, key, folded in cursor.fetchall()
        }


def search_hits(
    rows: Iterable[dict],
    query: ParsedQuery,
    *,
    order: Sequence[str],
    reader_language: str,
    user: User | None = None,
    word_breaks: bool = True,
) -> list[SearchHit]:
    """Load a page of ranked rows as hits: each record through its type's visibility selector
    (one query per record type on the page), with a snippet from the text that matched."""
    rows = list(rows)
    uids_by_type: dict[str, list] = {}
    for row in rows:
        uids_by_type.setdefault(row["record_type"], []).append(row["object_uid"])
    records: dict[tuple, _Shown] = {}
    templates: dict[str, str | None] = {}
    for key, uids in uids_by_type.items():
        for record in _load_shown(BY_KEY[key], user, uids):
            records[(key, record.uid)] = record
        templates[key] = _link_template(BY_KEY[key])
    matched = {}
    for row in rows:
        tier, rank = divmod(row["score"], 10)
        matched[(row["record_type"], row["object_uid"])] = (
            tier,
            order[rank] if rank < len(order) else order[0],
        )
    shown = [key for key in matched if key in records]
    texts = _page_texts(shown, {matched[key][1] for key in shown}) if shown else {}
    hits = []
    for row in rows:
        key, uid = row["record_type"], row["object_uid"]
        record = records.get((key, uid))
        if record is None:
            # Changed since it was indexed and no longer visible: never shown.
            continue
        tier, language = matched[(key, uid)]
        body = texts.get((key, uid, language, False))
        text = body if body is not None else texts.get((key, uid, language, True))
        snippet = (
            build_snippet(
                text[0],
                query,
                language=language,
                word_breaks=word_breaks,
                key=text[1],
                folded=text[2],
            )
            if text is not None and text[0]
            else None
        )
        kind = BY_KEY[key]
        hits.append(
            SearchHit(
                record_type=key,
                type_label=kind.label,
                uid=uid,
                slug=getattr(record, "slug", None),
                title=translated(record, kind.title_field, reader_language),
                url=_url(kind, record, templates[key]),
                language=language,
                tier=tier,
                snippet=snippet,
            )
        )
    return hits


def search_filter_queryset(queryset: QuerySet, q: str, language: str | None = None) -> QuerySet:
    """Keep the records of `queryset` whose text matches `q` (in `language`, or any language).

    For API lists: the list's own selector decides visibility and order; this only filters.
    Raises accsm_portal.lib.search.QueryError for a query that cannot be searched, and
    LookupError for a model that is not in the index."""
    kind = type_for_model(queryset.model)
    entries = SearchEntry.objects.filter(_match(parse_query(q)), record_type=kind.key)
    if language:
        entries = entries.filter(language=language)
    return queryset.filter(uid__in=entries.values("object_uid"))
