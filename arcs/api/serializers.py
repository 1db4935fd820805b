"""Representations of the ASEAN Resource Centres with their theme history."""

from accsm_portal.lib.api import ApiUrlField, PartialDateField, TranslatedField
from accsm_portal.lib.api_serializers import (
    ARC,
    ChildSerializer,
    CountryRefSerializer,
    DocumentRefSerializer,
    MeetingRefSerializer,
    OrganisationRefSerializer,
    RecordSerializer,
    SourceRefSerializer,
    detail,
)
from arcs.models import ResourceCentre, SelfAssessment, ThemePeriod

COMMON = RecordSerializer.COMMON_FIELDS


class ThemePeriodSerializer(ChildSerializer):
    theme = TranslatedField()
    starts_on = PartialDateField("date_precision")
    ends_on = PartialDateField("date_precision")
    as_stated = TranslatedField()
    note = TranslatedField()
    source = SourceRefSerializer(read_only=True, allow_null=True)

    class Meta(ChildSerializer.Meta):
        model = ThemePeriod
        fields = (
            "id",
            "theme",
            "starts_on",
            "ends_on",
            "date_precision",
            "as_stated",
            "note",
            "source",
            "fallbacks",
        )


class SelfAssessmentSerializer(ChildSerializer):
    summary = TranslatedField()
    document = DocumentRefSerializer(read_only=True, allow_null=True)

    class Meta(ChildSerializer.Meta):
        model = SelfAssessment
        fields = ("id", "year", "summary", "document", "fallbacks")


class ResourceCentreSerializer(RecordSerializer):
    url = ApiUrlField(detail(ARC))
    name = TranslatedField()
    description = TranslatedField()
    country = CountryRefSerializer(read_only=True, allow_null=True)
    host_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    established_on = PartialDateField("established_precision")
    established_at = MeetingRefSerializer(read_only=True, allow_null=True)
    themes = ThemePeriodSerializer(source="theme_periods", many=True, read_only=True)
    self_assessments = SelfAssessmentSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = ResourceCentre
        fields = (
            "id",
            "slug",
            "url",
            "portal_url",
            "name",
            "description",
            "country",
            "host_organisation",
            "established_on",
            "established_precision",
            "established_at",
            "themes",
            "self_assessments",
            *COMMON,
        )
