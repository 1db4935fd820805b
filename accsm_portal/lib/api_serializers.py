"""Serializers every API module shares: the base of a record's representation, and the
references by which one record points at another (a meeting's host country, an activity's
outputs).

References are plain serializers naming fields, with no model imports, so that any app's API
can embed any record without importing another app (docs/architecture.md). A reference to a
record the reader may not see (a draft, a restricted document) is null, and it is left out of
a list: see VisibleSerializerMixin.
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accsm_portal.lib.api import (
    ApiUrlField,
    FallbacksField,
    PartialDateField,
    PortalUrlField,
    TranslatedField,
    UTCDateTimeField,
    VisibleListSerializer,
    VisibleSerializerMixin,
)

# The router's basenames (accsm_portal/api_router.py); the detail view is "<basename>-detail".
COUNTRY = "country"
ORGANISATION = "organisation"
PERSON = "person"
DOCUMENT = "document"
SOURCE = "source"
MEETING = "meeting"
WORK_PLAN = "work-plan"
PRIORITY_AREA = "priority-area"
ACTIVITY = "activity"
ARC = "arc"
TOMBSTONE = "tombstone"


def detail(basename: str) -> str:
    return f"{basename}-detail"


class RefSerializer(VisibleSerializerMixin, serializers.Serializer):
    """The fields of every reference: public id, API URL, fallbacks of its translated text."""

    id = serializers.UUIDField(source="uid", read_only=True)

    class Meta:
        list_serializer_class = VisibleListSerializer


class CountryRefSerializer(RefSerializer):
    code = serializers.CharField(read_only=True)
    url = ApiUrlField(detail(COUNTRY), lookup="code")
    name = TranslatedField()
    fallbacks = FallbacksField()


class OrganisationRefSerializer(RefSerializer):
    slug = serializers.CharField(read_only=True)
    url = ApiUrlField(detail(ORGANISATION))
    name = TranslatedField()
    acronym = TranslatedField()
    fallbacks = FallbacksField()


class PersonRefSerializer(RefSerializer):
    slug = serializers.CharField(read_only=True)
    url = ApiUrlField(detail(PERSON))
    honorific = TranslatedField()
    name = TranslatedField()
    fallbacks = FallbacksField()


class DocumentRefSerializer(RefSerializer):
    slug = serializers.CharField(read_only=True)
    url = ApiUrlField(detail(DOCUMENT))
    kind = serializers.CharField(read_only=True)
    title = TranslatedField()
    fallbacks = FallbacksField()


class SourceRefSerializer(RefSerializer):
    slug = serializers.CharField(read_only=True)
    url = ApiUrlField(detail(SOURCE))
    title = TranslatedField()
    fallbacks = FallbacksField()


class MeetingRefSerializer(RefSerializer):
    slug = serializers.CharField(read_only=True)
    url = ApiUrlField(detail(MEETING))
    title = TranslatedField()
    starts_on = PartialDateField("date_precision")
    date_precision = serializers.CharField(read_only=True)
    fallbacks = FallbacksField()


class WorkPlanRefSerializer(RefSerializer):
    slug = serializers.CharField(read_only=True)
    url = ApiUrlField(detail(WORK_PLAN))
    scope = serializers.CharField(read_only=True)
    starts_year = serializers.IntegerField(read_only=True)
    ends_year = serializers.IntegerField(read_only=True)
    title = TranslatedField()
    fallbacks = FallbacksField()


class PriorityAreaRefSerializer(RefSerializer):
    url = ApiUrlField(detail(PRIORITY_AREA), lookup="uid")
    track = serializers.CharField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    title = TranslatedField()
    fallbacks = FallbacksField()


class ActivityRefSerializer(RefSerializer):
    slug = serializers.CharField(read_only=True)
    url = ApiUrlField(detail(ACTIVITY))
    title = TranslatedField()
    fallbacks = FallbacksField()


class CitationSerializer(serializers.Serializer):
    """A source a record comes from, with what the source says of it."""

    source = SourceRefSerializer(read_only=True, allow_null=True)
    note = TranslatedField()
    fallbacks = FallbacksField()


@extend_schema_field(CitationSerializer(many=True))
class CitationsField(serializers.Field):
    """The record's published sources, fetched for the whole page at once by the view."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance: Any) -> list:
        citations = self.context.get("citations", {}).get(instance.uid, [])
        if not citations:
            return []
        # One list serializer per field, not per record: building one copies its fields.
        serializer = getattr(self, "_serializer", None)
        if serializer is None:
            serializer = self._serializer = CitationSerializer(many=True, context=self.context)
        return serializer.to_representation(citations)


class RecordSerializer(serializers.ModelSerializer):
    """The fields every record has in the API. Subclasses add `url` (ApiUrlField), `portal_url`
    and their own fields, and list them all in Meta.fields (never `__all__`)."""

    id = serializers.UUIDField(source="uid", read_only=True)
    portal_url = PortalUrlField()
    original_language = serializers.CharField(read_only=True)
    fallbacks = FallbacksField()
    sources = CitationsField()
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()

    COMMON_FIELDS = ("original_language", "fallbacks", "sources", "created_at", "updated_at")

    class Meta:
        list_serializer_class = VisibleListSerializer


class ChildSerializer(VisibleSerializerMixin, serializers.ModelSerializer):
    """A record shown only inside its parent (an agenda item inside its meeting)."""

    id = serializers.UUIDField(source="uid", read_only=True)
    fallbacks = FallbacksField()

    class Meta:
        list_serializer_class = VisibleListSerializer
