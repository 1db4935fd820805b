"""The shape of the record-type registry and its lookups; the entries are in
accsm_portal/record_types.py.

The entries name models, selectors and views of every app, so they belong to the configuration
layer. Core and the shared code must read them too (the visibility of a record reached through a
relation, the admin's preview link) without importing an app: they look entries up here, by model,
once PortalConfig.ready() has registered them.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

Years = tuple[int | None, int | None]


def column_text(obj: Model, name: str, language: str) -> str:
    """A translated field's own column in one language (`title_km`), without any fallback:
    the search index keeps each language's text apart."""
    return getattr(obj, f"{name}_{language}", None) or ""


def for_everyone(selector: Callable[[], QuerySet]) -> Callable[[Any], QuerySet]:
    """A `visible` selector that ignores its reader (published records, the same for everyone),
    marked as such: search then builds its queryset once per process and language instead of
    on every search (search.selectors._visible). A selector that depends on the reader, or on
    the time, is passed as it is, unmarked."""

    def visible(user: Any) -> QuerySet:
        return selector()

    visible.for_everyone = True  # type: ignore[attr-defined]
    visible.__name__ = visible.__qualname__ = getattr(selector, "__name__", "visible")
    return visible


def visible_to_everyone(visible: Callable[[Any], QuerySet] | None) -> bool:
    """Whether `visible` was made by for_everyone()."""
    return bool(getattr(visible, "for_everyone", False))


@dataclass(frozen=True)
class SearchFields:
    """How a record type is found by search (accsm_portal/search/registry.py builds the index
    from these; docs/search.md)."""

    key: str  # the `type` of the search API and the portal's search filter
    title: str
    body: tuple[str, ...]
    # Related rows whose text goes into the entry (meeting -> agenda items): loaded with it.
    prefetch: tuple[str, ...] = ()
    # Labels of the part types (see RecordType.part_of) whose text is in this entry: a change to
    # one of them refreshes the entry of the record it belongs to.
    parts: tuple[str, ...] = ()
    extra_body: Callable[[Any, str], list[str]] = lambda obj, language: []
    verbatim: Callable[[Any], tuple[str, str] | None] = lambda obj: None
    years: Callable[[Any], Years] = lambda obj: (None, None)
    sort_date: Callable[[Any], datetime.date | None] = lambda obj: None
    access: Callable[[Any], str] = lambda obj: "public"
    # The records that may be indexed when that is wider than what an anonymous reader sees
    # (documents: every published one, with its access level); default: `visible(None)`.
    indexable: Callable[[], QuerySet] | None = None
    # The fields the model's get_absolute_url() reads (across relations: `work_plan__slug`):
    # a hit's link is made from these columns alone, without loading the record (search
    # selectors). Empty for a type without a page of its own.
    url_fields: tuple[str, ...] = ("slug",)


@dataclass(frozen=True)
class PortalPage:
    """A record type's own page on the portal, split so the preview can show a draft with it.

    `selector(user)` is the detail page's selector (its joins and prefetches); `render(request,
    record)` is the page's view once the record is found. The published page and the preview
    both call these two, so a preview is exactly what readers will see."""

    selector: Callable[[Any], QuerySet]
    render: Callable[[HttpRequest, Any], HttpResponse]

    def respond(self, request: HttpRequest, **lookup: Any) -> HttpResponse:
        """The published page of the record found by `lookup` (`slug=...`) through the
        selector, as this reader may see it; 404 when there is none."""
        # The lookup names one record (a unique slug), so no ordering: the list's default one
        # would be compiled with its joins for nothing, and any ORDER BY has Django hash every
        # column of the select (the detail selectors' wide joins: a tenth of a meeting page).
        record = next(iter(self.selector(request.user).filter(**lookup).order_by()[:1]), None)
        if record is None:
            raise Http404
        return self.render(request, record)


@dataclass(frozen=True)
class RecordType:
    """One kind of record with a publication state, declared once."""

    model: type[Model]
    # Webhooks: partners may subscribe to this type, and its events are named after this
    # (`work-plan.published`; the API's type names, docs/webhooks.md). Needs an API resource:
    # the body is the API's representation (accsm_portal/webhooks/rendering.py). Parts have
    # none: a change to a part is announced as a change of the record it is in.
    event_name: str | None = None
    # Shown inside another record's page and API representation (an agenda item in its meeting,
    # a priority area in its work plan): the foreign key to that record. A change moves the
    # owner's `updated_at` (accsm_portal/sync.py). Most parts have no API resource of their own.
    part_of: str | None = None
    # Shown only while this related record is published too (an activity of a draft work plan
    # is hidden with it): the foreign key to check. Used by core.selectors.record_is_visible,
    # sync's tombstones and the search index.
    visible_with: str | None = None
    # The API: resource type name (also the `type` of its tombstones and the router's basename),
    # URL prefix under /api/v1/ and viewset. None for parts, which the API nests in their owner.
    api_type: str | None = None
    api_prefix: str | None = None
    viewset: Any = None
    # The records a reader may see: the app's visibility selector (tombstones, search).
    visible: Callable[[Any], QuerySet] | None = None
    page: PortalPage | None = None
    search: SearchFields | None = None
    # Every record type keeps its history (django-simple-history); the admin base shows it and
    # offers revert and restore. A type without history would be a mistake a test catches.
    history: bool = True

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def tombstone_name(self) -> str | None:
        """How the tombstones list names this type: its API type. A type without an API
        resource has no tombstones (a part's owner's representation changes instead)."""
        return self.api_type

    @property
    def serializer_class(self) -> Any:
        return getattr(self.viewset, "serializer_class", None)


_BY_LABEL: dict[str, RecordType] = {}


def register(types: Iterable[RecordType]) -> None:
    """Called once by the configuration (accsm_portal/record_types.py, from PortalConfig.ready)."""
    for record_type in types:
        if record_type.label in _BY_LABEL and _BY_LABEL[record_type.label] != record_type:
            raise ValueError(f"{record_type.label} is registered twice")
        _BY_LABEL[record_type.label] = record_type


def all_types() -> list[RecordType]:
    return list(_BY_LABEL.values())


def record_type_for(model_or_label: type[Model] | Model | str) -> RecordType | None:
    if isinstance(model_or_label, str):
        return _BY_LABEL.get(model_or_label.lower())
    return _BY_LABEL.get(model_or_label._meta.label_lower)


def record_page(request: HttpRequest, model: type[Model], **lookup: Any) -> HttpResponse:
    """A record type's published page, through its registry entry's PortalPage: the same
    selector and renderer the staff preview uses (accsm_portal/views.py)."""
    record_type = record_type_for(model)
    if record_type is None or record_type.page is None:
        raise LookupError(f"{model._meta.label} has no portal page in the registry")
    return record_type.page.respond(request, **lookup)
