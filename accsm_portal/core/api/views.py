"""Read-only endpoints of the shared reference records; each list comes from the core
visibility selectors (published only; documents by access level)."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from accsm_portal.core.api.filters import (
    CountryFilterSet,
    DocumentFilterSet,
    OrganisationFilterSet,
    PersonFilterSet,
    SourceFilterSet,
)
from accsm_portal.core.api.serializers import (
    CountrySerializer,
    DocumentSerializer,
    OrganisationSerializer,
    PersonSerializer,
    SourceSerializer,
)
from accsm_portal.core.models import Country, Document, Organisation, Person, Source
from accsm_portal.core.selectors import (
    country_list_public,
    document_list_visible,
    organisation_list_public,
    person_list_public,
    source_list_public,
)
from accsm_portal.lib.api import RecordViewSet


@extend_schema_view(
    list=extend_schema(summary="List countries", tags=["countries"]),
    retrieve=extend_schema(summary="Read a country (by ISO code or id)", tags=["countries"]),
)
class CountryViewSet(RecordViewSet):
    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet
    lookup_field = "code"
    ordering_options = {
        **RecordViewSet.ordering_options,
        "code": (("code", False),),
    }

    def list_queryset_key(self) -> tuple:
        return ()  # published records, the same for every reader

    def get_queryset(self) -> QuerySet[Country]:
        return country_list_public()

    def normalise_lookup(self, value: str) -> str:
        return value.upper()


@extend_schema_view(
    list=extend_schema(summary="List organisations", tags=["organisations"]),
    retrieve=extend_schema(summary="Read an organisation", tags=["organisations"]),
)
class OrganisationViewSet(RecordViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    lookup_field = "slug"

    def list_queryset_key(self) -> tuple:
        return ()  # published records, the same for every reader

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisation_list_public()


@extend_schema_view(
    list=extend_schema(summary="List people", tags=["people"]),
    retrieve=extend_schema(summary="Read a person with their positions", tags=["people"]),
)
class PersonViewSet(RecordViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    lookup_field = "slug"

    def list_queryset_key(self) -> tuple:
        return ()  # published records, the same for every reader

    def get_queryset(self) -> QuerySet[Person]:
        return person_list_public()


@extend_schema_view(
    list=extend_schema(
        summary="List documents",
        description="Public documents for everyone; delegate-level ones for partner tokens.",
        tags=["documents"],
    ),
    retrieve=extend_schema(summary="Read a document with its language files", tags=["documents"]),
)
class DocumentViewSet(RecordViewSet):
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Document]:
        return document_list_visible(self.request.user).select_related("superseded_by")


@extend_schema_view(
    list=extend_schema(summary="List sources", tags=["sources"]),
    retrieve=extend_schema(summary="Read a source with its verbatim text", tags=["sources"]),
)
class SourceViewSet(RecordViewSet):
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    lookup_field = "slug"

    def list_queryset_key(self) -> tuple:
        return ()  # published records, the same for every reader

    def get_queryset(self) -> QuerySet[Source]:
        return source_list_public()
