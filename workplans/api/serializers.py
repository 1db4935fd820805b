"""Representations of work plans, priority areas and activities."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accsm_portal.lib.api import ApiUrlField, PartialDateField, TranslatedField
from accsm_portal.lib.api_serializers import (
    ACTIVITY,
    PRIORITY_AREA,
    WORK_PLAN,
    ChildSerializer,
    CountryRefSerializer,
    DocumentRefSerializer,
    MeetingRefSerializer,
    OrganisationRefSerializer,
    PriorityAreaRefSerializer,
    RecordSerializer,
    WorkPlanRefSerializer,
    detail,
)
from workplans.models import Activity, PriorityArea, ProgressReport, WorkPlan
from workplans.selectors import STATUS_ORDER

COMMON = RecordSerializer.COMMON_FIELDS


class ProgressReportSerializer(ChildSerializer):
    """Progress as announced at a meeting, kept beside the activities' own statuses."""

    meeting = MeetingRefSerializer(read_only=True, allow_null=True)
    priority_area = PriorityAreaRefSerializer(read_only=True, allow_null=True)
    label = TranslatedField()
    note = TranslatedField()

    class Meta(ChildSerializer.Meta):
        model = ProgressReport
        fields = (
            "id",
            "meeting",
            "track",
            "priority_area",
            "label",
            "completed",
            "planned",
            "note",
            "fallbacks",
        )


class WorkPlanSerializer(RecordSerializer):
    url = ApiUrlField(detail(WORK_PLAN))
    title = TranslatedField()
    objectives = TranslatedField()
    adopted_at = MeetingRefSerializer(read_only=True, allow_null=True)
    document = DocumentRefSerializer(read_only=True, allow_null=True)
    priority_areas = PriorityAreaRefSerializer(many=True, read_only=True)
    progress_reports = ProgressReportSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = WorkPlan
        fields = (
            "id",
            "slug",
            "url",
            "portal_url",
            "title",
            "objectives",
            "scope",
            "starts_year",
            "ends_year",
            "adopted_at",
            "document",
            "priority_areas",
            "progress_reports",
            *COMMON,
        )


class PriorityAreaSerializer(RecordSerializer):
    url = ApiUrlField(detail(PRIORITY_AREA), lookup="uid")
    work_plan = WorkPlanRefSerializer(read_only=True, allow_null=True)
    title = TranslatedField()
    description = TranslatedField()

    class Meta(RecordSerializer.Meta):
        model = PriorityArea
        fields = (
            "id",
            "url",
            "portal_url",
            "work_plan",
            "track",
            "number",
            "title",
            "description",
            *COMMON,
        )


class ActivitySerializer(RecordSerializer):
    url = ApiUrlField(detail(ACTIVITY))
    title = TranslatedField()
    description = TranslatedField()
    work_plan = WorkPlanRefSerializer(read_only=True, allow_null=True)
    priority_area = PriorityAreaRefSerializer(read_only=True, allow_null=True)
    lead_country = CountryRefSerializer(read_only=True, allow_null=True)
    co_lead_countries = CountryRefSerializer(many=True, read_only=True)
    partners = OrganisationRefSerializer(many=True, read_only=True)
    planned_start = PartialDateField("date_precision")
    planned_end = PartialDateField("date_precision")
    actual_start = PartialDateField("date_precision")
    actual_end = PartialDateField("date_precision")
    proposed_at = MeetingRefSerializer(read_only=True, allow_null=True)
    reported_at = MeetingRefSerializer(many=True, read_only=True)
    outputs = DocumentRefSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = Activity
        fields = (
            "id",
            "slug",
            "url",
            "portal_url",
            "title",
            "description",
            "work_plan",
            "priority_area",
            "track",
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
            "reported_at",
            "outputs",
            *COMMON,
        )


# ----- /api/v1/work-plans/<id>/progress/: the figures of the portal's charts -----------------


class StatusCountsSerializer(serializers.Serializer):
    """Published activities by status, computed from the activities recorded in the portal."""

    by_status = serializers.SerializerMethodField()
    total = serializers.IntegerField(read_only=True)
    counted = serializers.IntegerField(source="progress.total", read_only=True)
    completed = serializers.IntegerField(source="progress.completed", read_only=True)
    share_completed = serializers.FloatField(source="progress.share_completed", read_only=True)

    @extend_schema_field(
        {
            "type": "object",
            "properties": {status: {"type": "integer"} for status in STATUS_ORDER},
            "required": list(STATUS_ORDER),
        }
    )
    def get_by_status(self, counts) -> dict[str, int]:
        return {status: counts.by_status[status] for status in STATUS_ORDER}


class AreaFiguresSerializer(serializers.Serializer):
    priority_area = PriorityAreaRefSerializer(source="area", read_only=True)
    computed = StatusCountsSerializer(source="counts", read_only=True)
    reported = ProgressReportSerializer(many=True, read_only=True)


class TrackFiguresSerializer(serializers.Serializer):
    track = serializers.CharField(read_only=True)
    computed = StatusCountsSerializer(source="counts", read_only=True)
    reported = ProgressReportSerializer(many=True, read_only=True)
    priority_areas = AreaFiguresSerializer(source="areas", many=True, read_only=True)
    unassigned = StatusCountsSerializer(source="unassigned.counts", read_only=True)


class WorkPlanProgressSerializer(serializers.Serializer):
    """The figures the work plan page draws (selectors.work_plan_figures)."""

    language = serializers.SerializerMethodField()
    work_plan = WorkPlanRefSerializer(read_only=True)
    statuses = serializers.SerializerMethodField()
    tracks = TrackFiguresSerializer(many=True, read_only=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_language(self, figures) -> str:
        return self.context["language"]

    @extend_schema_field({"type": "array", "items": {"type": "string", "enum": STATUS_ORDER}})
    def get_statuses(self, figures) -> list[str]:
        return list(STATUS_ORDER)
