"""Reads of the shared reference records, with the visibility rules written once.

Everything a delegate, a partner or an anonymous visitor reads passes through these: drafts
are never shown, and restricted documents only to those whose permissions allow them.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet

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


def document_is_withheld(*, slug: str, user: User | None = None) -> bool:
    """True when a published document exists but its access level is not for this user, so
    the portal can refuse clearly (403) instead of pretending it does not exist."""
    published = Document.objects.published().filter(slug=slug)
    return (
        published.exists()
        and not published.filter(access__in=document_access_levels(user)).exists()
    )


def source_get_public(*, slug: str) -> Source | None:
    return source_list_public().filter(slug=slug).first()


def country_get_public(*, code: str) -> Country | None:
    """A published country by its ISO code, written in either case in the URL."""
    return country_list_public().filter(code=code.upper()).first()


# A record of these types is shown only while the record it belongs to is published too (an
# activity of a draft work plan is hidden with it). Model label -> the foreign key to check; the
# related object should be loaded with the record (select_related) to keep this query-free.
VISIBLE_WITH_PARENT: dict[str, str] = {
    "workplans.activity": "work_plan",
    "workplans.priorityarea": "work_plan",
}


def record_is_visible(record: Record, *, access_levels: list[str]) -> bool:
    """Whether a loaded record may be shown to a reader with these document access levels.

    The in-memory twin of the visibility selectors, for records reached through a relation
    (a meeting's host country, an activity's outputs): they are shown only when the reader
    could also find them in their own list."""
    if record.publication_state != PublicationState.PUBLISHED:
        return False
    if isinstance(record, Document) and record.access not in access_levels:
        return False
    parent_field = VISIBLE_WITH_PARENT.get(record._meta.label_lower)
    if parent_field:
        parent = getattr(record, parent_field, None)
        if parent is None or parent.publication_state != PublicationState.PUBLISHED:
            return False
    return True


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
