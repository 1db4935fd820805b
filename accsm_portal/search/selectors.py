"""Reads of the search index: ranked hits across record types, and `q` for API lists.

Matching is a substring test on the accent-folded key, written with Django's `contains` lookup
on text that is already casefolded on both sides: LIKE on SQLite and on PostgreSQL, where the
trigram GIN index on `folded` answers it. (`icontains` would wrap the column in UPPER() on
PostgreSQL, which no index serves, and fold only ASCII on SQLite.)
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Max, Min, Q, QuerySet, Value, When
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


def _match(query: ParsedQuery) -> Q:
    condition = Q()
    for term in query.terms:
        condition &= Q(folded__contains=term)
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


def search_ranked(
    query: ParsedQuery,
    *,
    reader_language: str,
    user: User | None = None,
    record_types: Iterable[str] | None = None,
    language: str | None = None,
    year: int | None = None,
) -> QuerySet:
    """One row per matching record, best first: {record_type, object_uid, score, date}.

    Slice it for a page; `.count()` counts records, not entries. The language digit of `score`
    indexes `language_order(language or reader_language)`."""
    order = language_order(language or reader_language)
    return (
        search_entries(query, user=user, record_types=record_types, language=language, year=year)
        .values("record_type", "object_uid")
        .annotate(
            score=Min(_tier(query) * 10 + _language_rank(order)),
            date=Max("sort_date"),
        )
        .order_by("score", F("date").desc(nulls_last=True), "record_type", "object_uid")
    )


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
