"""Spreadsheet columns of meetings (accsm_portal/core/importing.py explains the rules)."""

from import_export import fields

from accsm_portal.core.importing import NaturalKeyWidget, RecordResource, translated_columns
from accsm_portal.core.models import Country, Organisation
from meetings.models import Meeting, Series

ISO_DATE = {"format": "%Y-%m-%d"}


class MeetingResource(RecordResource):
    series = fields.Field(
        attribute="series", column_name="series", widget=NaturalKeyWidget(Series, field="slug")
    )
    host_country = fields.Field(
        attribute="host_country",
        column_name="host_country",
        widget=NaturalKeyWidget(Country, field="code"),
    )
    host_organisation = fields.Field(
        attribute="host_organisation",
        column_name="host_organisation",
        widget=NaturalKeyWidget(Organisation, field="slug"),
    )

    class Meta(RecordResource.Meta):
        model = Meeting
        fields = (
            "uid",
            "series",
            "kind",
            "number",
            *translated_columns(Meeting, "title"),
            "starts_on",
            "ends_on",
            "date_precision",
            "date_is_inferred",
            *translated_columns(Meeting, "date_note"),
            "mode",
            "host_country",
            "host_organisation",
            *translated_columns(Meeting, "city"),
            "status",
            "attendance",
            *translated_columns(Meeting, "attendance_note", "summary"),
            "original_language",
            "publication_state",
        )
        export_order = fields
        widgets = {"starts_on": ISO_DATE, "ends_on": ISO_DATE}

    def get_queryset(self):
        return super().get_queryset().select_related("series", "host_country", "host_organisation")
