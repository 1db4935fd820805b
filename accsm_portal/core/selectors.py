"""Reads of the shared reference records, with the visibility rules written once.

Everything a delegate, a partner or an anonymous visitor reads passes through these: drafts
are never shown, and restricted documents only to those whose permissions allow them.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Prefetch, Q, QuerySet
from django.db.models.sql.where import WhereNode

from accsm_portal.core import roles
from accsm_portal.core.models import (
    Citation,
    Country,
    Document,
    DocumentFile,
    Organisation,
    Person,
    Position,
    PublicationState,
    Record,
    Source,
    TranslationReview,
)
from accsm_portal.lib.i18n import translated
from accsm_portal.lib.present_parts import RowsExist
from accsm_portal.lib.record_types import all_types, record_type_for

User = AbstractBaseUser | AnonymousUser


def document_access_levels(user: User | None) -> list[str]:
    """The access levels of documents this user may read."""
    levels = [Document.Access.PUBLIC]
    if user is not None and user.is_authenticated:
        if user.has_perm("core.view_delegate_documents"):
            levels.append(Document.Access.DELEGATES)
        if user.has_perm("core.view_secretariat_documents"):
            levels.append(Document.Access.SECRETARIAT)
    return levels


def country_list_public() -> QuerySet[Country]:
    return Country.objects.published()


def member_state_list() -> QuerySet[Country]:
    """The ten member states in ASEAN protocol order (alphabetical by English name)."""
    return country_list_public().filter(standing=Country.Standing.MEMBER_STATE).order_by("name_en")


def organisation_list_public() -> QuerySet[Organisation]:
    return Organisation.objects.published().select_related("country", "parent")


def person_list_public() -> QuerySet[Person]:
    return Person.objects.published().prefetch_related(
        Prefetch(
            "positions",
            queryset=Position.objects.published().select_related("organisation"),
        )
    )


def source_list_public() -> QuerySet[Source]:
    return Source.objects.published().select_related("publisher")


def document_list_visible(user: User | None = None) -> QuerySet[Document]:
    """Published documents at the access levels the user may read, with their language files."""
    return (
        Document.objects.published()
        .filter(access__in=document_access_levels(user))
        .select_related("author", "initiated_by")
        .prefetch_related(
            Prefetch("files", queryset=DocumentFile.objects.published().order_by("language"))
        )
    )


# What a document's line in a list shows (portal/includes/document_item.html), every language
# of it: no author, no initiator, no files.
DOCUMENT_ITEM_FIELDS = (
    "slug",
    "original_language",
    "title",
    "kind",
    "access",
    "dated",
    "date_precision",
)


def document_items(documents: QuerySet[Document]) -> QuerySet[Document]:
    """`documents` (e.g. `document_list_visible(user)`) with only what their lines show."""
    return documents.select_related(None).prefetch_related(None).only(*DOCUMENT_ITEM_FIELDS)


def document_get_visible(*, slug: str, user: User | None = None) -> Document | None:
    return document_list_visible(user).filter(slug=slug).first()


def citations_for(records: list) -> dict:
    """Published sources cited by each record, keyed by uid, in one query for a whole list."""
    by_uid: dict = {record.uid: [] for record in records}
    if not records:
        return by_uid
    citations = (
        Citation.objects.filter(
            object_uid__in=list(by_uid), source__publication_state=PublicationState.PUBLISHED
        )
        .select_related("source")
        .order_by("pk")
    )
    for citation in citations:
        by_uid[citation.object_uid].append(citation)
    return by_uid


def citations_exist(model: type[Record]) -> RowsExist:
    """An annotation: whether a record of `model` (the outer query's) is cited, so that its
    page calls `citations_for` only then. True also when every source citing it is a draft:
    `citations_for` then finds none, and the page shows none."""
    # By content type too, which `citations_for` need not give (a uid names one record): the
    # citations' index is on (content type, record).
    return RowsExist(Citation, "object_uid", outer="uid", content_type_of=model)


@dataclass(frozen=True)
class CitingGroup:
    """The records of one type that cite a source, for the source's page."""

    model_name: str  # the model's verbose_name_plural, translated
    records: list


def source_citing_records(*, source: Source, user: User | None = None) -> list[CitingGroup]:
    """The records citing this source that the reader may see, grouped by type in the
    record-type registry's order, each listed once: a query for the citations, one per part
    type cited, then one per listed type through its own visibility selector (drafts and
    restricted documents stay hidden).

    A citation on a part (an agenda item, a theme period, a position: the registry's
    `part_of`) lists the record the part is shown in, found by following `part_of` up to a
    type with a visibility selector; a draft part lists nothing. A type that is neither listed
    nor part of another (meeting series, chairmanship cycles, shown inside other pages) is
    listed itself while published, without a link when it has no page."""
    uids_by_model: dict[type[Model], list] = {}
    citations = Citation.objects.filter(source=source).values_list("content_type_id", "object_uid")
    for content_type_id, uid in citations:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            uids_by_model.setdefault(model, []).append(uid)
    wanted: dict[type[Model], Q] = {}
    for model, uids in uids_by_model.items():
        record_type = record_type_for(model)
        if record_type is None:
            continue
        if record_type.visible is not None or record_type.part_of is None:
            wanted[model] = wanted.get(model, Q(pk__in=[])) | Q(uid__in=uids)
            continue
        owner, pks = _owners_of_parts(model, uids)
        if owner is not None:
            wanted[owner] = wanted.get(owner, Q(pk__in=[])) | Q(pk__in=pks)
    groups = []
    for record_type in all_types():
        condition = wanted.get(record_type.model)
        if condition is None:
            continue
        if record_type.visible is not None:
            readable = record_type.visible(user)
        else:
            readable = record_type.model._default_manager.published()
        records = list(readable.filter(condition).distinct())
        if records:
            groups.append(CitingGroup(record_type.model._meta.verbose_name_plural, records))
    return groups


def _owners_of_parts(model: type[Model], uids: list) -> tuple[type[Model] | None, QuerySet]:
    """The model of the record these published parts are shown in, and a subquery of its
    primary keys: up the registry's `part_of` (an action item -> its outcome -> its meeting),
    each part on the way published too. Nothing is read until the caller's query runs."""
    record_type = record_type_for(model)
    found = model._default_manager.published().filter(uid__in=uids)
    while True:
        field = model._meta.get_field(record_type.part_of)
        pks = found.values(field.attname)
        model = field.related_model
        record_type = record_type_for(model)
        if record_type is None:
            return None, pks
        if record_type.visible is not None or not record_type.part_of:
            return model, pks
        found = model._default_manager.published().filter(pk__in=pks)


def document_is_withheld(*, slug: str, user: User | None = None) -> bool:
    """True when a published document exists but its access level is not for this user, so
    the portal can refuse clearly (403) instead of pretending it does not exist."""
    published = Document.objects.published().filter(slug=slug)
    return (
        published.exists()
        and not published.filter(access__in=document_access_levels(user)).exists()
    )


def country_get_public(*, code: str) -> Country | None:
    """A published country by its ISO code, written in either case in the URL."""
    return country_list_public().filter(code=code.upper()).first()


def record_is_visible(record: Record, *, access_levels: list[str]) -> bool:
    """Whether a loaded record may be shown to a reader with these document access levels.

    The in-memory twin of the visibility selectors, for records reached through a relation
    (a meeting's host country, an activity's outputs): they are shown only when the reader
    could also find them in their own list."""
    if record.publication_state != PublicationState.PUBLISHED:
        return False
    if isinstance(record, Document) and record.access not in access_levels:
        return False
    # Some types are shown only while the record they belong to is published too (an activity
    # of a draft work plan is hidden with it): the registry's `visible_with`. The related
    # object should be loaded with the record (select_related) to keep this query-free.
    record_type = record_type_for(record)
    parent_field = record_type.visible_with if record_type is not None else None
    if parent_field:
        parent = getattr(record, parent_field, None)
        if parent is None or parent.publication_state != PublicationState.PUBLISHED:
            return False
    return True


def record_get_for_preview(queryset: QuerySet, *, pk: object) -> Record | None:
    """One record through a portal page's own selector, whatever its publication state: the
    selector's joins, annotations and prefetches (the parts it shows) without its filters on
    the record itself, so the staff preview renders a draft exactly as the page will.

    Only the preview may call this (accsm_portal.views.record_preview checks the signed link
    and the staff member's permission first)."""
    unfiltered = queryset.all()
    unfiltered.query.where = WhereNode()
    return unfiltered.filter(pk=pk).first()


def translation_review_pending(language: str) -> QuerySet[TranslationReview]:
    """The records whose text in `language` waits for a publisher's review, oldest first (the
    translators' desk of #14 lists these)."""
    return TranslationReview.objects.filter(language=language).select_related(
        "content_type", "marked_by"
    )


def translation_review_list_for(user) -> QuerySet[TranslationReview]:
    """The review marks a user may see: a translator only those of their own languages."""
    marks = TranslationReview.objects.select_related("content_type", "marked_by")
    languages = roles.translator_languages(user)
    if languages is not None:
        marks = marks.filter(language__in=languages)
    return marks


def public_text(record: Record | None, field: str) -> str:
    """A related record's text for an anonymous reader, in the active language with the
    portal's fallback (lib/i18n.translated), or "" when the record is absent or not public (a
    draft host country is left out of an export as it is left off the page)."""
    if record is None or not record_is_visible(record, access_levels=document_access_levels(None)):
        return ""
    return translated(record, field).value
