"""Representations of the shared reference records: countries, organisations, people,
documents and sources."""

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accsm_portal.core.models import (
    Country,
    Document,
    DocumentFile,
    Organisation,
    Person,
    Position,
    Source,
)
from accsm_portal.lib.api import ApiUrlField, PartialDateField, TranslatedField, api_language
from accsm_portal.lib.api_serializers import (
    COUNTRY,
    DOCUMENT,
    ORGANISATION,
    PERSON,
    SOURCE,
    ChildSerializer,
    CountryRefSerializer,
    DocumentRefSerializer,
    OrganisationRefSerializer,
    RecordSerializer,
    detail,
)

COMMON = RecordSerializer.COMMON_FIELDS


class CountrySerializer(RecordSerializer):
    url = ApiUrlField(detail(COUNTRY), lookup="code")
    name = TranslatedField()

    class Meta(RecordSerializer.Meta):
        model = Country
        fields = ("id", "code", "url", "portal_url", "name", "standing", *COMMON)


class OrganisationSerializer(RecordSerializer):
    url = ApiUrlField(detail(ORGANISATION))
    name = TranslatedField()
    acronym = TranslatedField()
    country = CountryRefSerializer(read_only=True, allow_null=True)
    parent = OrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta(RecordSerializer.Meta):
        model = Organisation
        fields = (
            "id",
            "slug",
            "url",
            "portal_url",
            "name",
            "acronym",
            "kind",
            "country",
            "parent",
            *COMMON,
        )


class PositionSerializer(ChildSerializer):
    title = TranslatedField()
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta(ChildSerializer.Meta):
        model = Position
        fields = ("id", "title", "organisation", "starts_on", "ends_on", "as_of", "fallbacks")


class PersonSerializer(RecordSerializer):
    url = ApiUrlField(detail(PERSON))
    honorific = TranslatedField()
    name = TranslatedField()
    positions = PositionSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = Person
        fields = (
            "id",
            "slug",
            "url",
            "portal_url",
            "honorific",
            "name",
            "positions",
            *COMMON,
        )


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class DocumentFileAddressField(serializers.Field):
    """Where to read this language version: the portal's download address for an uploaded
    file (it applies the document's access level), else the external address."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance: DocumentFile) -> str | None:
        request = self.context.get("request")
        if instance.file:
            language, _every = api_language(self.context)
            with translation.override(language):
                try:
                    path = reverse(
                        "documents:file",
                        kwargs={"slug": instance.document.slug, "language": instance.language},
                    )
                except NoReverseMatch:
                    path = instance.file.url
            return request.build_absolute_uri(path) if request else path
        return instance.url or None


class DocumentFileSerializer(ChildSerializer):
    address = DocumentFileAddressField()

    class Meta(ChildSerializer.Meta):
        model = DocumentFile
        fields = ("id", "language", "address")


class DocumentSerializer(RecordSerializer):
    url = ApiUrlField(detail(DOCUMENT))
    title = TranslatedField()
    summary = TranslatedField()
    dated = PartialDateField("date_precision")
    author = OrganisationRefSerializer(read_only=True, allow_null=True)
    initiated_by = CountryRefSerializer(read_only=True, allow_null=True)
    superseded_by = DocumentRefSerializer(read_only=True, allow_null=True)
    files = DocumentFileSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = Document
        fields = (
            "id",
            "slug",
            "url",
            "portal_url",
            "title",
            "summary",
            "kind",
            "status",
            "access",
            "dated",
            "date_precision",
            "author",
            "initiated_by",
            "superseded_by",
            "files",
            *COMMON,
        )


class SourceSerializer(RecordSerializer):
    url = ApiUrlField(detail(SOURCE))
    title = TranslatedField()
    summary = TranslatedField()
    publisher = OrganisationRefSerializer(read_only=True, allow_null=True)
    published_on = PartialDateField("published_precision")
    address = serializers.CharField(source="url", read_only=True, allow_blank=True)
    # "language" is the response's own language (see docs/api.md); this is the text's.
    text_language = serializers.CharField(source="language", read_only=True)

    class Meta(RecordSerializer.Meta):
        model = Source
        fields = (
            "id",
            "slug",
            "url",
            "portal_url",
            "title",
            "summary",
            "publisher",
            "text_language",
            "published_on",
            "published_precision",
            "address",
            "reference",
            "text",
            *COMMON,
        )
