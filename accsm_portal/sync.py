"""What partner systems need to mirror the portal with `updated_since`: tombstones for records
that disappear, and `updated_at` that moves whenever a record's API representation changes.

Why signals, although STYLE.md prefers explicit service calls: these facts must be written
whatever path changes the data. An editor unpublishes a record by changing its publication
state in the admin form (no service involved), a cascade deletes a meeting's agenda items
without any service seeing them, import-export saves rows itself, and a many-to-many change
(`activity.co_lead_countries.set(...)`) never saves the owning record. A hook in
`record_set_publication` alone would miss all of these; model signals see every one. Bulk
`QuerySet.update()` / `bulk_create()` bypass signals, which is why tracked models never use them
(RELIABILITY.md, "History").

Connected once in PortalConfig.ready().

Whatever this module learns about a change is also announced as `representation_changed`, so
that webhooks (accsm_portal/webhooks/) are told of exactly the changes a sync client sees.
"""

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import Signal
from django.utils import timezone

from accsm_portal.core.models import Citation, Document, PublicationState, Record
from accsm_portal.lib.page_cache import page_cache_clear_on_commit
from accsm_portal.lib.record_types import all_types, record_type_for
from accsm_portal.models import Tombstone


def sync_parent_field(model: type[models.Model]) -> str | None:
    """The foreign key to the record whose `updated_at` moves when this one changes.

    A record shown inside another record's API representation (a meeting's agenda items, a
    person's positions: the registry's `part_of`) moves its parent's `updated_at`, so a sync
    client that asks for meetings updated since T also gets the meeting whose agenda changed."""
    record_type = record_type_for(model)
    return record_type.part_of if record_type is not None else None


def sync_dependents(model: type[models.Model]) -> list[str]:
    """The relations to records visible only while this one is (a work plan's activities and
    priority areas: the registry's `visible_with`). When it stops being visible they get
    tombstones too; when it comes back their tombstones go and their `updated_at` moves, so a
    sync client fetches them again."""
    found = []
    for record_type in all_types():
        if record_type.visible_with:
            field = record_type.model._meta.get_field(record_type.visible_with)
            if field.related_model is model:
                found.append(field.remote_field.get_accessor_name())
    return found


# Sent, inside the writing transaction, whenever what the API shows for records may have changed.
# Arguments: `sender` (the model), `pks`, and what the record was before the change: `previous`
# ({"publication_state", "access"} as stored, None when unknown: read it now), `created`,
# `deleted`, and `was_hidden` (hidden by its parent until now: a work plan's areas).
representation_changed = Signal()

DOCUMENT_ACCESS_RANK = {
    Document.Access.PUBLIC: 0,
    Document.Access.DELEGATES: 1,
    Document.Access.SECRETARIAT: 2,
}


def _is_record(model: type) -> bool:
    return issubclass(model, Record) and not model._meta.abstract


def touch(model: type[models.Model], pks: list[Any], *, seen: set | None = None) -> None:
    """Move `updated_at` of these rows, and of their parents (sync_parent_field), to now.

    Only the timestamp moves: the record's own data did not change, so no history entry is
    written (QuerySet.update() is used for exactly that reason, and only for the timestamp)."""
    pks = [pk for pk in pks if pk is not None]
    if not pks or not _is_record(model):
        return
    seen = seen if seen is not None else set()
    key = (model._meta.label_lower, tuple(sorted(pks)))
    if key in seen:
        return
    seen.add(key)
    model._default_manager.filter(pk__in=pks).update(updated_at=timezone.now())
    representation_changed.send(sender=model, pks=pks)
    parent_field = sync_parent_field(model)
    if parent_field:
        field = model._meta.get_field(parent_field)
        parent_pks = list(
            model._default_manager.filter(pk__in=pks).values_list(field.attname, flat=True)
        )
        touch(field.related_model, parent_pks, seen=seen)


def touch_parent_of(instance: models.Model) -> None:
    parent_field = sync_parent_field(type(instance))
    if parent_field:
        field = instance._meta.get_field(parent_field)
        touch(field.related_model, [getattr(instance, field.attname)])


def _visible_to_public(instance: Record) -> bool:
    if instance.publication_state != PublicationState.PUBLISHED:
        return False
    return not isinstance(instance, Document) or instance.access == Document.Access.PUBLIC


def tombstone_write(instance: Record, reason: str) -> None:
    Tombstone.objects.update_or_create(
        model=instance._meta.label_lower,
        object_uid=instance.uid,
        defaults={"reason": reason, "at": timezone.now()},
    )


def tombstone_clear(instance: Record) -> None:
    Tombstone.objects.filter(model=instance._meta.label_lower, object_uid=instance.uid).delete()


def remember_previous_state(sender, instance, raw=False, **kwargs) -> None:
    """Keep the stored publication state (and document access) to compare after the save."""
    if raw or not _is_record(sender) or instance.pk is None:
        return
    fields = ["publication_state", *(["access"] if isinstance(instance, Document) else [])]
    instance._sync_previous = sender._default_manager.filter(pk=instance.pk).values(*fields).first()


def record_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw or not _is_record(sender):
        return
    previous = getattr(instance, "_sync_previous", None)
    instance._sync_previous = None
    was_published = bool(previous) and previous["publication_state"] == PublicationState.PUBLISHED
    if instance.publication_state != PublicationState.PUBLISHED:
        if was_published:
            tombstone_write(instance, "unpublished")
            dependents_hidden(instance)
    elif _visible_to_public(instance):
        if previous and not was_published:
            dependents_shown(instance)
        # Visible to everyone again (republished, restored from history, access widened):
        # whatever tombstone it had is void, so it can never hide the record.
        tombstone_clear(instance)
    else:
        # A published document that not everyone may read. The API hides this tombstone from
        # clients that may read the document, so partners keep their delegate-level copies.
        before = DOCUMENT_ACCESS_RANK.get(previous.get("access"), 0) if previous else 0
        if was_published and DOCUMENT_ACCESS_RANK.get(instance.access, 0) > before:
            tombstone_write(instance, "restricted")
        elif not was_published:
            Tombstone.objects.filter(
                model=instance._meta.label_lower, object_uid=instance.uid
            ).update(reason="restricted", at=timezone.now())
    representation_changed.send(
        sender=sender, pks=[instance.pk], previous=previous, created=created, instance=instance
    )
    touch_parent_of(instance)


def _dependents(instance: Record) -> list[Record]:
    found = []
    for accessor in sync_dependents(type(instance)):
        found += list(getattr(instance, accessor).published())
    return found


def dependents_hidden(instance: Record) -> None:
    for dependent in _dependents(instance):
        tombstone_write(dependent, "unpublished")
        representation_changed.send(sender=type(dependent), pks=[dependent.pk])


def dependents_shown(instance: Record) -> None:
    for dependent in _dependents(instance):
        tombstone_clear(dependent)
        representation_changed.send(sender=type(dependent), pks=[dependent.pk], was_hidden=True)
        touch(type(dependent), [dependent.pk])


def citation_changed(sender, instance, raw=False, **kwargs) -> None:
    """A record's citations are part of its representation ("sources")."""
    if raw:
        return
    model = instance.content_type.model_class()
    if model is not None and _is_record(model):
        pks = list(
            model._default_manager.filter(uid=instance.object_uid).values_list("pk", flat=True)
        )
        touch(model, pks)


def record_deleted(sender, instance, **kwargs) -> None:
    if not _is_record(sender):
        return
    already = Tombstone.objects.filter(
        model=instance._meta.label_lower, object_uid=instance.uid
    ).exists()
    if instance.publication_state == PublicationState.PUBLISHED or already:
        tombstone_write(instance, "deleted")
    representation_changed.send(
        sender=sender,
        pks=[instance.pk],
        previous={
            "publication_state": instance.publication_state,
            "access": getattr(instance, "access", ""),
        },
        deleted=True,
        instance=instance,
    )
    touch_parent_of(instance)


def _through_columns(through: type[models.Model], owner: type, target: type) -> tuple[str, str]:
    """The through model's columns pointing at the owner and the target of an m2m relation."""
    owner_column = target_column = ""
    for field in through._meta.concrete_fields:
        if not field.is_relation:
            continue
        if field.related_model is owner and not owner_column:
            owner_column = field.attname
        elif field.related_model is target:
            target_column = field.attname
    return owner_column, target_column


def relations_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """A many-to-many change alters the representation of the record that owns the relation."""
    if action not in {"post_add", "post_remove", "pre_clear", "post_clear"}:
        return
    if not reverse:
        if action != "pre_clear" and _is_record(type(instance)):
            touch(type(instance), [instance.pk])
        return
    # Reverse side (document.agenda_items.add(item)): the owners are in pk_set, or, for a
    # clear, are the rows still related just before it.
    if action == "pre_clear":
        owner_column, target_column = _through_columns(sender, model, type(instance))
        pk_set = set(
            sender._default_manager.filter(**{target_column: instance.pk}).values_list(
                owner_column, flat=True
            )
        )
    elif action == "post_clear":
        return
    touch(model, list(pk_set or ()))


def pages_changed(sender, raw=False, **kwargs) -> None:
    """A record changed: cached anonymous pages may show it (accsm_portal/lib/page_cache.py).
    Connected beside the sync receivers because the same changes concern both."""
    if not raw:
        page_cache_clear_on_commit()


def connect() -> None:
    """Connect the handlers for every concrete Record model and its many-to-many relations."""
    post_save.connect(citation_changed, sender=Citation, dispatch_uid="sync-citation-save")
    post_delete.connect(citation_changed, sender=Citation, dispatch_uid="sync-citation-delete")
    for model in [m for m in apps.get_models() if _is_record(m)] + [Citation]:
        uid = model._meta.label_lower
        post_save.connect(pages_changed, sender=model, dispatch_uid=f"pages-save-{uid}")
        post_delete.connect(pages_changed, sender=model, dispatch_uid=f"pages-delete-{uid}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                pages_changed, sender=through, dispatch_uid=f"pages-m2m-{through._meta.label_lower}"
            )
    for model in apps.get_models():
        if not _is_record(model):
            continue
        uid = model._meta.label_lower
        pre_save.connect(remember_previous_state, sender=model, dispatch_uid=f"sync-pre-{uid}")
        post_save.connect(record_saved, sender=model, dispatch_uid=f"sync-save-{uid}")
        post_delete.connect(record_deleted, sender=model, dispatch_uid=f"sync-delete-{uid}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                relations_changed,
                sender=through,
                dispatch_uid=f"sync-m2m-{through._meta.label_lower}",
            )
