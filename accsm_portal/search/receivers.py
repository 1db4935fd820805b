"""Keep the index current whatever writes a record.

The style guide prefers explicit service calls to signals for domain flow. The index is not
domain flow: it is derived data that must follow *every* write path — services, the admin's
plain saves, the importers, the API, seed loading, history restores and cascaded deletions —
and a missed path would silently leave a draft findable or a correction unfindable. A receiver
on each model that feeds the index is the one place that cannot be bypassed by a new write path
(only QuerySet.update() and raw SQL bypass it; `manage.py search_rebuild` repairs those). The
receiver only schedules work for after the commit (services.search_schedule), so a rolled-back
write never touches the index and a request pays for each record once.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.signals import post_delete, post_save

from accsm_portal.search.registry import TRIGGERS
from accsm_portal.search.services import search_schedule


def _changed(sender: type[models.Model], instance: models.Model, **kwargs) -> None:
    trigger = TRIGGERS.get(sender)
    if trigger is None:  # no longer searchable since the maps were rebuilt (registry.rebuild)
        return
    try:
        affected = trigger(instance)
    except ObjectDoesNotExist:
        # A parent deleted in the same cascade: its own post_delete refreshes it.
        return
    search_schedule(items=affected, using=kwargs.get("using"))


def connect() -> None:
    """Connect a receiver to every model in TRIGGERS; safe to call again after a rebuild."""
    for model in TRIGGERS:
        uid = f"accsm-search-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
