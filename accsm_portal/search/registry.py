"""What is searchable: for each record type, its text per language, years, visibility and the
changes that must refresh it, built from the record-type registry (accsm_portal/record_types.py,
each entry's `search`), so a type is declared in one place.

This module knows every domain app (like the URL configuration does); no app imports it. The
visibility of each type is its app's public selector, so "who may see this" stays written once:
a record is in the index only while that selector returns it, and results are loaded through it
again (with the reader's document access) before they are shown.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet

from accsm_portal.core.models import Document
from accsm_portal.core.selectors import User
from accsm_portal.lib.record_types import (
    RecordType,
    Years,
    all_types,
    column_text,
    record_type_for,
)
from accsm_portal.record_types import RECORD_TYPES  # noqa: F401 -- registers the entries first


@dataclass(frozen=True)
class SearchableType:
    """One kind of record in the search index."""

    key: str  # the `type` of the API and the portal filter
    model: type[models.Model]
    title_field: str
    body_fields: tuple[str, ...]
    # The records that may be indexed: the public selector, before any per-reader access rule.
    indexable: Callable[[], QuerySet]
    # The records a reader may see, used to load results.
    visible: Callable[[User | None], QuerySet]
    prefetch: tuple[str, ...] = ()
    extra_body: Callable[[models.Model, str], list[str]] = lambda obj, language: []
    verbatim: Callable[[models.Model], tuple[str, str] | None] = lambda obj: None
    years: Callable[[models.Model], Years] = lambda obj: (None, None)
    sort_date: Callable[[models.Model], datetime.date | None] = lambda obj: None
    access: Callable[[models.Model], str] = lambda obj: Document.Access.PUBLIC
    # What get_absolute_url() reads (SearchFields.url_fields).
    url_fields: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.verbose_name

    @property
    def label_plural(self) -> str:
        return self.model._meta.verbose_name_plural

    def title(self, obj: models.Model, language: str) -> str:
        return column_text(obj, self.title_field, language)

    def body(self, obj: models.Model, language: str) -> str:
        parts = [column_text(obj, name, language) for name in self.body_fields]
        parts += self.extra_body(obj, language)
        verbatim = self.verbatim(obj)
        if verbatim and verbatim[0] == language:
            parts.append(verbatim[1])
        # Parts are kept apart by a blank line so a phrase never spans two of them silently.
        return "\n\n".join(part for part in parts if part and part.strip())


def _searchable(record_type: RecordType) -> SearchableType:
    fields, visible = record_type.search, record_type.visible
    if fields is None or visible is None:
        raise ValueError(f"{record_type.label}: a searchable type names its `visible` selector")
    return SearchableType(
        key=fields.key,
        model=record_type.model,
        title_field=fields.title,
        body_fields=fields.body,
        indexable=fields.indexable or (lambda: visible(None)),
        visible=visible,
        prefetch=fields.prefetch,
        extra_body=fields.extra_body,
        verbatim=fields.verbatim,
        years=fields.years,
        sort_date=fields.sort_date,
        access=fields.access,
        url_fields=fields.url_fields,
    )


# The searchable types, in the registry's order (the portal's type filter and facets), and the
# same by key and by model. Derived from the registry by rebuild(), below; never edited by hand.
TYPES: list[SearchableType] = []
BY_KEY: dict[str, SearchableType] = {}
BY_MODEL: dict[type[models.Model], SearchableType] = {}


def type_for_model(model: type[models.Model]) -> SearchableType:
    try:
        return BY_MODEL[model]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not searchable") from None


# What to refresh when a record changes: the record itself when it is searchable, and the
# searchable records whose text, years or visibility it is part of. A function returns
# (type key, uid) pairs; it may query the database (the change is not committed yet).
Affected = list[tuple[str, object]]


def _self(instance: models.Model) -> Affected:
    return [(BY_MODEL[type(instance)].key, instance.uid)]


def _owner_of(target: SearchableType) -> Callable[[models.Model], Affected]:
    """For a part whose text is in `target`'s entry (an action item in its meeting's): follow
    `part_of` up to the target record, one narrow query per step."""

    def affected(instance: models.Model) -> Affected:
        model: type[models.Model] = type(instance)
        field = model._meta.get_field(record_type_for(model).part_of)
        pk = getattr(instance, field.attname)
        model = field.related_model
        while model is not target.model and pk is not None:
            field = model._meta.get_field(record_type_for(model).part_of)
            pk = model._default_manager.filter(pk=pk).values_list(field.attname, flat=True).first()
            model = field.related_model
        uid = target.model._default_manager.filter(pk=pk).values_list("uid", flat=True).first()
        return [(target.key, uid)] if uid else []

    return affected


def _self_and_dependents(kind: SearchableType) -> Callable[[models.Model], Affected]:
    """A record's publication (and a work plan's years) are part of the entries of the records
    shown only with it (`visible_with`: a work plan's areas and activities)."""
    dependents = [
        (BY_MODEL[rt.model].key, rt.model._meta.get_field(rt.visible_with).remote_field)
        for rt in all_types()
        if rt.visible_with
        and rt.model in BY_MODEL
        and rt.model._meta.get_field(rt.visible_with).related_model is kind.model
    ]
    if not dependents:
        return _self

    def affected(instance: models.Model) -> Affected:
        found = _self(instance)
        for key, relation in dependents:
            related = getattr(instance, relation.get_accessor_name())
            found += [(key, uid) for uid in related.values_list("uid", flat=True)]
        return found

    return affected


def _triggers() -> dict[type[models.Model], Callable[[models.Model], Affected]]:
    triggers = {}
    for record_type in all_types():
        if record_type.search is None:
            continue
        kind = BY_MODEL[record_type.model]
        triggers[kind.model] = _self_and_dependents(kind)
        for part in record_type.search.parts:
            triggers[record_type_for(part).model] = _owner_of(kind)
    return triggers


TRIGGERS: dict[type[models.Model], Callable[[models.Model], Affected]] = {}


def rebuild() -> None:
    """Derive TYPES, BY_KEY, BY_MODEL and TRIGGERS from the registry's current entries.

    Run once on import. The maps are updated in place, so modules that imported them see the
    result; after registering an entry at run time (tests/portal/test_record_types.py), call
    this and then search.receivers.connect() so that its records are indexed on save."""
    types = [_searchable(rt) for rt in all_types() if rt.search is not None]
    TYPES[:] = types
    BY_KEY.clear()
    BY_KEY.update({t.key: t for t in types})
    BY_MODEL.clear()
    BY_MODEL.update({t.model: t for t in types})
    TRIGGERS.clear()
    TRIGGERS.update(_triggers())


rebuild()
