"""/api/v1/tombstones/: the records a sync client must drop (deleted, unpublished, restricted).

A mirror applies, in order of time, the records of each list changed since its last sync and
the tombstones since then; docs/api.md gives the rule. A tombstone is never shown for a record
the client can currently see, whichever way it came back."""

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from accsm_portal.lib.api import ListViewSet, SinceFilter, UTCDateTimeField, choice_filter
from accsm_portal.lib.record_types import all_types
from accsm_portal.models import Tombstone
from accsm_portal.record_types import RECORD_TYPES  # noqa: F401 -- registers the entries first

# Model label -> (resource type as the API names it, the reader's visible records of it), for
# every type with an API resource in the registry; and the reverse. Derived by rebuild().
RESOURCES: dict[str, tuple[str, Callable[[Any], QuerySet]]] = {}
TYPE_TO_LABEL: dict[str, str] = {}


def rebuild() -> None:
    """Derive RESOURCES and TYPE_TO_LABEL from the registry's current entries, in place (run
    on import; again after an entry is registered at run time)."""
    RESOURCES.clear()
    RESOURCES.update(
        {
            record_type.label: (record_type.tombstone_name, record_type.visible)
            for record_type in all_types()
            if record_type.tombstone_name and record_type.visible
        }
    )
    TYPE_TO_LABEL.clear()
    TYPE_TO_LABEL.update({type_: label for label, (type_, _visible) in RESOURCES.items()})


rebuild()


class TombstoneSerializer(serializers.ModelSerializer):
    type = serializers.SerializerMethodField()
    id = serializers.UUIDField(source="object_uid", read_only=True)
    at = UTCDateTimeField()

    class Meta:
        model = Tombstone
        fields = ("type", "id", "reason", "at")

    def get_type(self, tombstone: Tombstone) -> str:
        return RESOURCES[tombstone.model][0]


class TombstoneFilterSet(filters.FilterSet):
    updated_since = SinceFilter(
        field_name="at",
        lookup_expr="gte",
        help_text=_("Only records gone at or after this moment (ISO 8601; UTC if no offset)."),
    )
    type = choice_filter(
        lambda: [(type_, type_) for type_ in TYPE_TO_LABEL], "model", _("Resource type.")
    )

    class Meta:
        model = Tombstone
        fields = ["updated_since", "type"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        types = self.form.cleaned_data.pop("type", None)
        queryset = super().filter_queryset(queryset)
        if types:
            queryset = queryset.filter(model__in=[TYPE_TO_LABEL[t] for t in types])
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary="List tombstones: records a mirror must drop",
        description="Deleted, unpublished, or (documents) no longer readable by this client. "
        "Use with updated_since, like every list.",
        tags=["sync"],
    )
)
class TombstoneViewSet(ListViewSet):
    serializer_class = TombstoneSerializer
    filterset_class = TombstoneFilterSet
    timestamp_field = "at"
    cursor_tiebreaker = "object_uid"
    ordering_options = {"at": (("at", False), ("model", False))}

    def get_queryset(self) -> QuerySet[Tombstone]:
        visible_now = Q()
        for label, (_type, visible) in RESOURCES.items():
            uids = visible(self.request.user).order_by().values("uid")
            visible_now |= Q(model=label, object_uid__in=uids)
        return Tombstone.objects.filter(model__in=list(RESOURCES)).exclude(visible_now)

    def resolve_ordering(self, request: Any) -> tuple[str, list[tuple[str, bool]]]:
        if request.query_params.get("ordering") not in (None, "at"):
            return super().resolve_ordering(request)
        return "at", list(self.ordering_options["at"])

    def prepare_objects(self, objects: list) -> None:
        self._citations = {}

    def tombstone_label(self, model: Any) -> None:
        return None

    def list_extra_validators(self) -> list[str]:
        # A tombstone is deleted when its record is visible again: the newest moment may stay.
        return [str(self.get_queryset().order_by().count())]
