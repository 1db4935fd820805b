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
counting a third of the corpus on every request.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models
from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch

from accsm_portal.core.selectors import User, document_access_levels
from accsm_portal.lib.i18n import Translated, translated
from accsm_portal.lib.search import ParsedQuery, Snippet, build_snippet, parse_query
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
RANK_CAP = 1000
# The FTS5 trigram table of migration 0003 (SQLite only). A trigram index cannot match fewer
# than three characters: shorter terms are left to the LIKE.
FTS_TABLE = "search_entry_fts"
FTS_MIN_TERM = 3


def _fts_expression(terms: Iterable[str]) -> str | None:
    """An FTS5 query holding every term as a quoted string (a substring, for trigrams)."""
    quoted = ['"' + term.replace('"', '""') + '"' for term in terms if len(term) >= FTS_MIN_TERM]
    return " ".join(quoted) or None


def _match(query: ParsedQuery) -> Q:
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


def _tier(query: ParsedQuery) -> Case:
    title = Q(is_title=True)
    return Case(
        When(title & Q(key=query.key), then=Value(TIER_TITLE_IS_QUERY)),
        When(title & Q(key__contains=query.key), then=Value(TIER_TITLE_PHRASE)),
        When(title & Q(folded__contains=query.folded), then=Value(TIER_TITLE_PHRASE_FOLDED)),
        When(key__contains=query.key, then=Value(TIER_BODY_PHRASE)),
        When(folded__contains=query.folded, then=Value(TIER_BODY_PHRASE_FOLDED)),
        When(title, then=Value(TIER_TITLE_TERMS)),
        default=Value(TIER_BODY_TERMS),
        output_field=IntegerField(),
    )


def language_order(first: str | None) -> list[str]:
    """The reader's (or the filtered) language first, then the others in settings order."""
    return [first] + [c for c in LANGUAGES if c != first] if first in LANGUAGES else [*LANGUAGES]


def _language_rank(order: Sequence[str]) -> Case:
    return Case(
        *[When(language=code, then=Value(rank)) for rank, code in enumerate(order)],
        default=Value(len(order)),
        output_field=IntegerField(),
    )


def search_entries(
    query: ParsedQuery,
    *,
    user: User | None = None,
    record_types: Iterable[str] | None = None,
    language: str | None = None,
    year: int | None = None,
) -> QuerySet[SearchEntry]:
    """The index entries matching the query that this reader may see, with the filters."""
    entries = SearchEntry.objects.filter(_match(query), access__in=document_access_levels(user))
    if record_types:
        entries = entries.filter(record_type__in=list(record_types))
    if language:
        entries = entries.filter(language=language)
    if year is not None:
        entries = entries.filter(year_start__lte=year, year_end__gte=year)
    return entries


def search_candidates(entries: QuerySet[SearchEntry]) -> tuple[list[int], bool]:
    """The ids of the entries to rank, and whether the cap left some matching entries out.

    Title rows and other rows are taken separately, RANK_CAP of each, with no ORDER BY, so the
    database stops at the cap instead of reading every match."""
    ids: list[int] = []
    capped = False
    for part in (entries.filter(is_title=True), entries.filter(is_title=False)):
        found = list(part.order_by().values_list("id", flat=True)[: RANK_CAP + 1])
        capped = capped or len(found) > RANK_CAP
        ids += found[:RANK_CAP]
    return ids, capped


class RankedResults:
    """One row per matching record, best first: {record_type, object_uid, score, date}.

    A sequence for a Paginator: slice it for a page; `count()` counts records, not entries.
    When `capped`, more records match than were ranked, and the count is a lower bound."""

    def __init__(self, rows: QuerySet, *, capped: bool) -> None:
        self.rows = rows
        self.capped = capped
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.rows.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return self.rows[index]

    def __iter__(self):
        return iter(self.rows)


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
    ids, capped = search_candidates(
        search_entries(query, user=user, record_types=record_types, language=language, year=year)
    )
    rows = (
        SearchEntry.objects.filter(id__in=ids)
        .values("record_type", "object_uid")
        .annotate(
            score=Min(_tier(query) * 10 + _language_rank(order)),
            date=Max("sort_date"),
        )
        .order_by("score", F("date").desc(nulls_last=True), "record_type", "object_uid")
    )
    return RankedResults(rows, capped=capped)


def search_type_counts(
    query: ParsedQuery,
    *,
    user: User | None = None,
    language: str | None = None,
    year: int | None = None,
) -> tuple[dict[str, int], bool]:
    """How many records of each type match, among the capped candidates, and whether capped."""
    ids, capped = search_candidates(search_entries(query, user=user, language=language, year=year))
    counts = (
        SearchEntry.objects.filter(id__in=ids)
        .values("record_type")
        .annotate(records=Count("object_uid", distinct=True))
        .order_by()
    )
    return {row["record_type"]: row["records"] for row in counts}, capped


@dataclass(frozen=True)
class SearchHit:
    """One record found, as the portal and the API show it."""

    record_type: str
    type_label: str
    record: models.Model
    title: Translated
    url: str | None
    language: str  # the language whose text matched
    tier: int
    snippet: Snippet | None

    @property
    def uid(self) -> uuid.UUID:
        return self.record.uid

    @property
    def slug(self) -> str | None:
        return getattr(self.record, "slug", None)

    @property
    def title_matched(self) -> bool:
        return self.tier in (
            TIER_TITLE_IS_QUERY,
            TIER_TITLE_PHRASE,
            TIER_TITLE_PHRASE_FOLDED,
            TIER_TITLE_TERMS,
        )


def _url(record: models.Model) -> str | None:
    try:
        return record.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return None


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
    records = {}
    for key, uids in uids_by_type.items():
        kind = BY_KEY[key]
        # Prefetches of the list selectors are not needed for a title and a link.
        for record in kind.visible(user).prefetch_related(None).filter(uid__in=uids):
            records[(key, record.uid)] = record
    texts = {}
    if rows:
        entries = SearchEntry.objects.filter(
            object_uid__in=[row["object_uid"] for row in rows]
        ).values_list("record_type", "object_uid", "language", "is_title", "display")
        texts = {(kind, uid, lang, is_title): text for kind, uid, lang, is_title, text in entries}
    hits = []
    for row in rows:
        key, uid = row["record_type"], row["object_uid"]
        record = records.get((key, uid))
        if record is None:
            # Changed since it was indexed and no longer visible: never shown.
            continue
        tier, language = divmod(row["score"], 10)
        language = order[language] if language < len(order) else order[0]
        body = texts.get((key, uid, language, False))
        title = texts.get((key, uid, language, True))
        display = body if body is not None else title
        snippet = (
            build_snippet(display, query, language=language, word_breaks=word_breaks)
            if display
            else None
        )
        kind = BY_KEY[key]
        hits.append(
            SearchHit(
                record_type=key,
                type_label=kind.label,
                record=record,
                title=translated(record, kind.title_field, reader_language),
                url=_url(record),
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
