"""Spreadsheet columns of activities (accsm_portal/core/importing.py explains the rules)."""

from django.core.exceptions import ValidationError
from import_export import fields

from accsm_portal.core.importing import (
    NaturalKeysWidget,
    NaturalKeyWidget,
    RecordResource,
    translated_columns,
)
from accsm_portal.core.models import Country, Organisation
from meetings.models import Meeting
from workplans.models import Activity, PriorityArea, WorkPlan

ISO_DATE = {"format": "%Y-%m-%d"}


class PriorityAreaWidget(NaturalKeyWidget):
    """A priority area named by its number within the row's work plan and track."""

    def get_queryset(self, value, row, *args, **kwargs):
        return PriorityArea.objects.filter(
            work_plan__slug=str(row.get("work_plan") or "").strip(),
            track=str(row.get("track") or "").strip(),
        )

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # spreadsheets hand numbers over as floats
        return super().clean(str(value) if value not in (None, "") else value, row, **kwargs)


class ActivityResource(RecordResource):
    work_plan = fields.Field(
        attribute="work_plan",
        column_name="work_plan",
        widget=NaturalKeyWidget(WorkPlan, field="slug"),
    )
    priority_area = fields.Field(
        attribute="priority_area",
        column_name="priority_area",
        widget=PriorityAreaWidget(PriorityArea, field="number"),
    )
    lead_country = fields.Field(
        attribute="lead_country",
        column_name="lead_country",
        widget=NaturalKeyWidget(Country, field="code"),
    )
    co_lead_countries = fields.Field(
        attribute="co_lead_countries",
        column_name="co_lead_countries",
        widget=NaturalKeysWidget(Country, field="code"),
    )
    partners = fields.Field(
        attribute="partners",
        column_name="partners",
        widget=NaturalKeysWidget(Organisation, field="slug"),
    )
    proposed_at = fields.Field(
        attribute="proposed_at",
        column_name="proposed_at",
        widget=NaturalKeyWidget(Meeting, field="slug"),
    )

    class Meta(RecordResource.Meta):
        model = Activity
        fields = (
            "uid",
            "work_plan",
            "track",
            "priority_area",
            *translated_columns(Activity, "title", "description"),
            "lead_country",
            "co_lead_countries",
            "partners",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "date_precision",
            "proposed_at",
            "original_language",
            "publication_state",
        )
        export_order = fields
        widgets = {
            "planned_start": ISO_DATE,
            "planned_end": ISO_DATE,
            "actual_start": ISO_DATE,
            "actual_end": ISO_DATE,
        }

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("work_plan", "priority_area", "lead_country", "proposed_at")
            .prefetch_related("co_lead_countries", "partners")
        )

    def validate_relations(self, instance, m2m):
        countries = m2m.get("co_lead_countries")
        if countries and instance.lead_country_id is not None:
            try:
                instance.validate_co_leads(countries)
            except ValidationError as exc:
                # Fail on the spreadsheet's column, which is named like the field.
                raise ValidationError(exc.message_dict) from exc
