"""Reads of meetings for delegates, partners and the public: published records only."""

import datetime
from collections.abc import Sequence
from types import SimpleNamespace

from django.db import connections
from django.db.models import Prefetch, Q, QuerySet

from accsm_portal.core.models import Country, PublicationState
from accsm_portal.core.selectors import (
    User,
    citations_exist,
    citations_for,
    country_list_public,
    document_items,
    document_list_visible,
)
from accsm_portal.lib.i18n import LANGUAGE_CODES, translated_fields
from accsm_portal.lib.present_parts import RowsExist, prefetch_flagged
from meetings.models import (
    ActionItem,
    AgendaItem,
    ChairmanshipCycle,
    Delegation,
    DelegationMember,
    Handover,
    Meeting,
    Outcome,
    Series,
)


def series_list_public() -> QuerySet[Series]:
    return Series.objects.published().select_related("organisation", "country")


def cycle_list_public() -> QuerySet[ChairmanshipCycle]:
    return ChairmanshipCycle.objects.published().select_related(
        "series", "chair_country", "chair_organisation"
    )


def cycle_current() -> ChairmanshipCycle | None:
    """The chairmanship that has most recently begun (the highest number with a chair)."""
    # By number first: the years may be unknown (NULL), and NULLs sort first on PostgreSQL but
    # last on SQLite, which would name a different chair on each database.
    return cycle_list_public().order_by("-number", "-starts_year").first()


def handover_list_public() -> QuerySet[Handover]:
    return Handover.objects.published().select_related(
        "from_cycle__chair_country", "to_cycle__chair_country", "meeting"
    )


def meeting_list_public() -> QuerySet[Meeting]:
    """Published meetings with what a list shows, in a constant number of queries."""
    return Meeting.objects.published().select_related(
        "series", "cycle", "host_country", "host_organisation", "chair", "parent"
    )


# What a meeting's card shows (portal/includes/meeting_item.html), every language of it. A list
# of cards reads these columns and the host country only, not every text of the meeting and of
# five more joined records: at 199 columns, the meetings list's row query cost more to build
# (Django compiling and hashing each column) than to run.
MEETING_CARD_FIELDS = (
    "slug",
    "original_language",
    "title",
    "starts_on",
    "ends_on",
    "date_precision",
    "date_is_inferred",
    "mode",
    "status",
    "host_country__code",
    "host_country__original_language",
    "host_country__name",
)


def meeting_cards(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """`meetings` with only what their cards show, in one query."""
    return meetings.select_related(None).select_related("host_country").only(*MEETING_CARD_FIELDS)


class MeetingCardRow(SimpleNamespace):
    """A meeting as its card shows it: MEETING_CARD_FIELDS by their names, every language of
    the translated ones (`title_en`, ...), and `host_country` (its code, original language
    and names, or None). Read by `translated()` and the card as a meeting would be."""


def _card_columns() -> tuple[str, ...]:
    """MEETING_CARD_FIELDS as columns: each translated field in every language."""
    columns = ["pk", "host_country"]
    for path in MEETING_CARD_FIELDS:
        *relations, name = path.split("__")
        model = Country if relations else Meeting
        if name in translated_fields(model):
            columns += [f"{path}_{code}" for code in LANGUAGE_CODES]
        else:
            columns.append(path)
    return tuple(columns)


# meeting_card_rows' statement per database and number of keys: its SQL, the parameters
# before the keys', the columns' names and Django's converters of their values. A list asks
# for a page's size at most; bounded all the same (cleared when full).
_CARD_ROWS_STATEMENTS: dict[tuple[str, int], tuple[str, tuple, list[str], dict]] = {}
_CARD_ROWS_STATEMENTS_SIZE = 64
_HOST = "host_country__"


def meeting_card_rows(keys: Sequence[int]) -> list[MeetingCardRow]:
    """The published meetings of `keys` (primary keys) as their cards show them, in the
    order of `keys`: the rows of a list page whose keys were read first.

    Plain rows, not model instances, from a statement kept per number of keys: a page's
    twenty meetings and hosts as instances (Django's and modeltranslation's set-up of each),
    and the queryset built and compiled on every request, cost more than the database took
    to answer. The WHERE is `published()`'s, so a meeting unpublished since its key was read
    is left out."""
    if not keys:
        return []
    meetings = Meeting.objects.published()
    connection = connections[meetings.db]
    kept = _CARD_ROWS_STATEMENTS.get((meetings.db, len(keys)))
    if kept is not None:
        sql, fixed, names, converters = kept
        params = [*fixed, *keys]
    else:
        query = meetings.order_by().filter(pk__in=keys).values_list(*_card_columns())
        compiler = query.query.get_compiler(using=query.db)
        sql, params = compiler.as_sql()
        # The select's order is the compiler's (modeltranslation may reorder the names).
        names = [alias for _expression, _sql, alias in compiler.select]
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        # Kept only when the keys are the last parameters, in order, as they are replaced.
        if list(params[len(params) - len(keys) :]) == list(keys):
            fixed = tuple(params[: len(params) - len(keys)])
            if len(_CARD_ROWS_STATEMENTS) >= _CARD_ROWS_STATEMENTS_SIZE:
                _CARD_ROWS_STATEMENTS.clear()
            _CARD_ROWS_STATEMENTS[(meetings.db, len(keys))] = (sql, fixed, names, converters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    cards = {}
    for row in rows:
        if converters:
            row = list(row)
            for position, (functions, expression) in converters.items():
                for function in functions:
                    row[position] = function(row[position], expression, connection)
        values = dict(zip(names, row, strict=True))
        host = {
            name.removeprefix(_HOST): values.pop(name) for name in names if name.startswith(_HOST)
        }
        values["host_country"] = None if values["host_country"] is None else SimpleNamespace(**host)
        cards[values["pk"]] = MeetingCardRow(**values)
    return [cards[key] for key in keys if key in cards]


def meeting_detail_public(user: User | None = None) -> QuerySet[Meeting]:
    """Published meetings with every published part a detail page or API shows.

    The parts are ordered within their meeting only: their models' default orderings begin
    with the meeting (or the delegation, the outcome), which would join every parent up to the
    meeting's series for each part, for an order the prefetch's grouping by meeting keeps."""
    documents = document_list_visible(user)
    return meeting_list_public().prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.published()
            .order_by("order", "pk")
            .prefetch_related(Prefetch("documents", queryset=documents)),
        ),
        Prefetch(
            "delegations",
            queryset=_delegations().prefetch_related(Prefetch("members", queryset=_members())),
        ),
        Prefetch(
            "outcomes",
            queryset=Outcome.objects.published()
            .order_by("order", "pk")
            .prefetch_related(
                Prefetch("documents", queryset=documents),
                Prefetch(
                    "action_items",
                    queryset=ActionItem.objects.published()
                    .select_related("responsible")
                    .order_by("due_on", "pk"),
                ),
            ),
        ),
        # With their host countries, which the page's cards show (one query, not one per part);
        # whole, as the API represents them.
        Prefetch(
            "parts",
            queryset=Meeting.objects.published()
            .select_related("host_country")
            .order_by("starts_on"),
        ),
        Prefetch("handovers", queryset=_handovers()),
    )


# A meeting's parts as both its page and its API detail read them (the page with fewer
# columns): published, with their joined records, in the order they are shown.
def _delegations() -> QuerySet[Delegation]:
    return (
        Delegation.objects.published()
        .select_related("country", "organisation", "head")
        .order_by("country__name_en", "pk")
    )


def _members() -> QuerySet[DelegationMember]:
    return DelegationMember.objects.published().select_related("person").order_by("order", "pk")


def _handovers() -> QuerySet[Handover]:
    # Without the handover's meeting: the prefetch sets it to this meeting, and joining it
    # again would read every column of the meeting a second time.
    return Handover.objects.published().select_related(
        "from_cycle__chair_country", "to_cycle__chair_country"
    )


def meeting_get_public(*, slug: str, user: User | None = None) -> Meeting | None:
    return meeting_detail_public(user).filter(slug=slug).first()


def meeting_record_parts(meeting: Meeting) -> dict:
    """What the meeting's PDF record shows, from a meeting read by `meeting_get_public`
    (whose prefetches already applied the reader's access levels); the page reads the same
    through `meeting_page_parts`."""
    outcomes = list(meeting.outcomes.all())
    agenda = list(meeting.agenda_items.all())
    documents = _documents_met(agenda, outcomes)
    return {
        "meeting": meeting,
        "agenda": agenda,
        "delegations": list(meeting.delegations.all()),
        "outcomes": outcomes,
        "documents": documents,
        "citations": citations_for([meeting])[meeting.uid],
        "parts": list(meeting.parts.all()),
        "handovers": list(meeting.handovers.all()),
    }


# What a meeting's page shows of the meeting and of the records it joins (the facts: series,
# cycle, host, chair, the meeting it is part of), every language of it. The API's detail reads
# whole records; the page read 188 columns over six joins for these 60-odd.
MEETING_PAGE_FIELDS = (
    "uid",
    "slug",
    "original_language",
    "title",
    "summary",
    "starts_on",
    "ends_on",
    "date_precision",
    "date_is_inferred",
    "date_note",
    "kind",
    "number",
    "mode",
    "status",
    "city",
    "attendance",
    "attendance_note",
    "series__original_language",
    "series__name",
    "series__acronym",
    "cycle__number",
    "host_country__code",
    "host_country__original_language",
    "host_country__name",
    "host_organisation__original_language",
    "host_organisation__name",
    "chair__original_language",
    "chair__honorific",
    "chair__name",
    "parent__slug",
    "parent__original_language",
    "parent__title",
)


def meeting_page_public(user: User | None = None) -> QuerySet[Meeting]:
    """Published meetings with what their portal page shows of them, and whether each kind of
    part the page lists exists (`has_agenda`...): `meeting_page_parts` then reads only those.

    The meetings of the record mostly have few kinds of parts, often none; reading a flag per
    kind in the meeting's own query (an EXISTS on each part's meeting index) replaces a query
    per kind with none. `user` is not used here: the parts' documents are read for the reader
    by `meeting_page_parts` (a PortalPage selector takes the reader)."""
    published = PublicationState.PUBLISHED
    return (
        meeting_list_public()
        .only(*MEETING_PAGE_FIELDS)
        .annotate(
            has_agenda=RowsExist(AgendaItem, "meeting", publication_state=published),
            has_delegations=RowsExist(Delegation, "meeting", publication_state=published),
            has_outcomes=RowsExist(Outcome, "meeting", publication_state=published),
            has_parts=RowsExist(Meeting, "parent", publication_state=published),
            has_handovers=RowsExist(Handover, "meeting", publication_state=published),
            has_citations=citations_exist(Meeting),
        )
    )


def meeting_page_parts(meeting: Meeting, *, user: User | None = None) -> dict:
    """What a meeting's page shows, from a meeting read by `meeting_page_public`: the kinds of
    parts it has, each read with the columns the page shows (the documents at the reader's
    access levels), the others not read at all. The same as `meeting_record_parts`."""

    def documents() -> Prefetch:
        return Prefetch("documents", queryset=document_items(document_list_visible(user)))

    parts = prefetch_flagged(
        meeting,
        {
            "agenda": lambda: Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.published()
                .only("meeting", "original_language", "title", "description")
                .order_by("order", "pk")
                .prefetch_related(documents()),
            ),
            "delegations": lambda: Prefetch(
                "delegations",
                queryset=_delegations()
                .only(
                    "meeting",
                    "size",
                    "women",
                    "country__code",
                    "country__original_language",
                    "country__name",
                    "organisation__original_language",
                    "organisation__name",
                    "head__original_language",
                    "head__name",
                )
                .prefetch_related(
                    Prefetch(
                        "members",
                        queryset=_members().only(
                            "delegation",
                            "original_language",
                            "role",
                            "person__original_language",
                            "person__name",
                        ),
                    )
                ),
            ),
            "outcomes": lambda: Prefetch(
                "outcomes",
                queryset=Outcome.objects.published()
                .only("meeting", "original_language", "kind", "text")
                .order_by("order", "pk")
                .prefetch_related(
                    documents(),
                    Prefetch(
                        "action_items",
                        queryset=ActionItem.objects.published()
                        .select_related("responsible")
                        .only(
                            "outcome",
                            "original_language",
                            "text",
                            "due_on",
                            "due_is_inferred",
                            "due_note",
                            "status",
                            "completed_on",
                            "responsible__original_language",
                            "responsible__name",
                        )
                        .order_by("due_on", "pk"),
                    ),
                ),
            ),
            "parts": lambda: Prefetch(
                "parts", queryset=meeting_cards(Meeting.objects.published()).order_by("starts_on")
            ),
            "handovers": lambda: Prefetch(
                "handovers",
                queryset=_handovers().only(
                    "meeting",
                    "original_language",
                    "note",
                    "from_cycle__chair_country__name",
                    "to_cycle__chair_country__name",
                ),
            ),
        },
    )
    return {
        "meeting": meeting,
        **parts,
        "documents": _documents_met(parts["agenda"], parts["outcomes"]),
        "citations": citations_for([meeting])[meeting.uid] if meeting.has_citations else [],
    }


def _documents_met(agenda: list[AgendaItem], outcomes: list[Outcome]) -> list:
    """Documents discussed or adopted, each once, in the order the meeting met them."""
    documents = []
    for item in [*agenda, *outcomes]:
        for document in item.documents.all():
            if document not in documents:
                documents.append(document)
    return documents


# Portal reads (additive): lists filtered for the meetings page and the member-state page.


def meeting_list_filtered(
    *,
    series: str | None = None,
    kind: str | None = None,
    year: int | None = None,
    host: str | None = None,
    mode: str | None = None,
) -> QuerySet[Meeting]:
    """Published meetings narrowed by the portal's filters (series slug, host country code)."""
    meetings = meeting_list_public()
    if series:
        meetings = meetings.filter(series__slug=series)
    if kind:
        meetings = meetings.filter(kind=kind)
    if year:
        meetings = meetings.for_year(year)
    if host:
        meetings = meetings.filter(host_country__code=host.upper())
    if mode:
        meetings = meetings.filter(mode=mode)
    return meetings


def meeting_host_countries_public() -> QuerySet[Country]:
    """The countries that host a published meeting (the host filter's choices), by name."""
    # A semi-join on the meetings' host index, rather than DISTINCT over every meeting joined.
    return (
        country_list_public()
        .filter(pk__in=Meeting.objects.published().values("host_country"))
        .order_by("name_en")
    )


def meeting_years_public() -> list[int]:
    """The years in which published meetings start, newest first (the year filter's choices)."""
    return Meeting.objects.published().start_years()


def meeting_list_between(*, start, end) -> QuerySet[Meeting]:
    """Published meetings that overlap the days from `start` to `end` (a calendar month)."""
    return (
        meeting_list_public()
        .filter(starts_on__lte=end)
        .filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))
        .order_by("starts_on", "pk")
    )


def delegation_list_for_country(country) -> QuerySet[Delegation]:
    """A country's published delegations to published meetings, newest meeting first."""
    return (
        Delegation.objects.published()
        .filter(country=country, meeting__publication_state="published")
        .select_related("meeting", "head", "organisation")
        .order_by("-meeting__starts_on", "pk")
    )


def document_meetings_public(*, document) -> dict[str, list[Meeting]]:
    """Where a document was discussed (agenda items) and adopted (adoption outcomes), each list
    of published meetings oldest first: one document carries both facts (DOMAIN.md)."""
    discussed = meeting_list_public().filter(
        agenda_items__documents=document,
        agenda_items__publication_state=PublicationState.PUBLISHED,
    )
    adopted = meeting_list_public().filter(
        outcomes__documents=document,
        outcomes__kind=Outcome.Kind.ADOPTION,
        outcomes__publication_state=PublicationState.PUBLISHED,
    )
    return {
        "discussed_at": list(discussed.distinct().order_by("starts_on")),
        "adopted_at": list(adopted.distinct().order_by("starts_on")),
    }


def action_item_list_overdue(*, today: datetime.date) -> QuerySet[ActionItem]:
    """Action items past their due date and neither done nor cancelled, drafts included: the
    secretariat's own list (the admin's home page), not a public read."""
    return (
        ActionItem.objects.filter(due_on__lt=today)
        .exclude(status__in=[ActionItem.Status.DONE, ActionItem.Status.CANCELLED])
        .select_related("outcome__meeting", "responsible")
        .order_by("due_on", "pk")
    )
