"""Spreadsheet columns of ARCs and their theme periods (core/importing.py explains the rules)."""

from import_export import fields

from accsm_portal.core.importing import NaturalKeyWidget, RecordResource, translated_columns
from accsm_portal.core.models import Country, Organisation, Source
from arcs.models import ResourceCentre, ThemePeriod
from meetings.models import Meeting

ISO_DATE = {"format": "%Y-%m-%d"}


class ResourceCentreResource(RecordResource):
    country = fields.Field(
        attribute="country", column_name="country", widget=NaturalKeyWidget(Country, field="code")
    )
    host_organisation = fields.Field(
        attribute="host_organisation",
        column_name="host_organisation",
        widget=NaturalKeyWidget(Organisation, field="slug"),
    )
    established_at = fields.Field(
        attribute="established_at",
        column_name="established_at",
        widget=NaturalKeyWidget(Meeting, field="slug"),
    )

    class Meta(RecordResource.Meta):
        model = ResourceCentre
        fields = (
            "uid",
            "slug",
            "country",
            *translated_columns(ResourceCentre, "name"),
            "host_organisation",
            "established_on",
            "established_precision",
            "established_at",
            *translated_columns(ResourceCentre, "description"),
            "original_language",
            "publication_state",
        )
        export_order = fields
        widgets = {"established_on": ISO_DATE}

    def get_queryset(self):
        return (
            super().get_queryset().select_related("country", "host_organisation", "established_at")
        )


class ThemePeriodResource(RecordResource):
    centre = fields.Field(
        attribute="centre",
        column_name="arc",
        widget=NaturalKeyWidget(ResourceCentre, field="slug"),
    )
    source = fields.Field(
        attribute="source", column_name="source", widget=NaturalKeyWidget(Source, field="slug")
    )

    class Meta(RecordResource.Meta):
        model = ThemePeriod
        fields = (
            "uid",
            "centre",
            *translated_columns(ThemePeriod, "theme"),
            "starts_on",
            "ends_on",
            "date_precision",
            *translated_columns(ThemePeriod, "as_stated", "note"),
            "source",
            "original_language",
            "publication_state",
        )
        export_order = fields
        widgets = {"starts_on": ISO_DATE, "ends_on": ISO_DATE}

    def get_queryset(self):
        return super().get_queryset().select_related("centre", "source")
