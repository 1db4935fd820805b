"""The core app's visibility rules, wired in by the configuration, and the nested
serializers that apply them (this package imports no app)."""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from rest_framework import serializers


def _no_text_index(queryset: QuerySet, text: str) -> QuerySet:
    raise LookupError(queryset.model._meta.label)


class Hooks:
    """What the API needs from the core app, wired by the configuration (PortalConfig.ready):
    this module imports no app. The defaults fail closed: nothing related is shown."""

    def __init__(self) -> None:
        self.access_levels: Callable[[Any], list[str]] = lambda user: ["public"]
        self.is_visible: Callable[..., bool] = lambda record, access_levels: False
        self.citations: Callable[[list], dict] = lambda records: {}
        self.text_filter: Callable[[QuerySet, str], QuerySet] = _no_text_index


HOOKS = Hooks()


def configure(**hooks: Callable) -> None:
    for name, function in hooks.items():
        if not hasattr(HOOKS, name):
            raise TypeError(f"Unknown API hook {name!r}")
        setattr(HOOKS, name, function)


def is_visible(record: Model, context: dict) -> bool:
    levels = context.get("access_levels") or ["public"]
    return HOOKS.is_visible(record, access_levels=levels)


_LOADED = "_api_loaded_{}"


def loaded_lists(*lookups: str | Prefetch) -> list[Prefetch]:
    """Prefetches of a record's nested lists (one-level relations) kept as plain lists, which
    VisibleListSerializer reads. Through the related manager, Django builds a manager and a
    queryset per record and relation: four fifths of loading 500 activities."""
    found = []
    for lookup in lookups:
        if isinstance(lookup, Prefetch):
            name, queryset = lookup.prefetch_through, lookup.queryset
        else:
            name, queryset = lookup, None
        found.append(Prefetch(name, queryset=queryset, to_attr=_LOADED.format(name)))
    return found


class VisibleListSerializer(serializers.ListSerializer):
    """A nested list that leaves out whatever the reader may not see (drafts, restricted
    documents), whatever the queryset that loaded it: the selectors filter, this double-checks
    in memory, without a query."""

    def get_attribute(self, instance: Any) -> Any:
        if len(self.source_attrs) == 1:
            loaded = instance.__dict__.get(_LOADED.format(self.source_attrs[0]))
            if loaded is not None:
                return loaded
        return super().get_attribute(instance)

    def to_representation(self, data: Any) -> list:
        items = data.all() if hasattr(data, "all") else data
        return [
            self.child.to_representation(item) for item in items if is_visible(item, self.context)
        ]


class VisibleSerializerMixin:
    """A nested record the reader may not see is shown as null, never as itself."""

    def to_representation(self, instance: Any) -> Any:
        if instance is None or not is_visible(instance, self.context):
            return None
        return super().to_representation(instance)
