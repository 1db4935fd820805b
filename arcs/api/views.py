"""Read-only endpoints of the ASEAN Resource Centres; published only."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from accsm_portal.lib.api import RecordViewSet
from arcs.api.filters import ResourceCentreFilterSet
from arcs.api.serializers import ResourceCentreSerializer
from arcs.models import ResourceCentre
from arcs.selectors import resource_centre_list_public


@extend_schema_view(
    list=extend_schema(summary="List ASEAN Resource Centres", tags=["ARCs"]),
    retrieve=extend_schema(summary="Read an ARC with its theme history", tags=["ARCs"]),
)
class ResourceCentreViewSet(RecordViewSet):
    serializer_class = ResourceCentreSerializer
    filterset_class = ResourceCentreFilterSet
    lookup_field = "slug"

    def list_queryset_key(self) -> tuple:
        return ()  # published records, the same for every reader

    def get_queryset(self) -> QuerySet[ResourceCentre]:
        return resource_centre_list_public().prefetch_related("self_assessments__document")
