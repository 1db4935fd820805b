"""Read-only endpoints of work plans, priority areas and activities; published only."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accsm_portal.lib.api import RecordViewSet, loaded_lists
from workplans.api.filters import ActivityFilterSet, PriorityAreaFilterSet, WorkPlanFilterSet
from workplans.api.serializers import (
    ActivitySerializer,
    PriorityAreaSerializer,
    WorkPlanProgressSerializer,
    WorkPlanSerializer,
)
from workplans.models import Activity, PriorityArea, WorkPlan
from workplans.selectors import (
    activity_list_public,
    priority_area_list_public,
    progress_report_list_public,
    work_plan_figures,
    work_plan_list_public,
)


@extend_schema_view(
    list=extend_schema(summary="List work plans", tags=["work plans"]),
    retrieve=extend_schema(
        summary="Read a work plan with its priority areas and reported progress",
        tags=["work plans"],
    ),
)
class WorkPlanViewSet(RecordViewSet):
    serializer_class = WorkPlanSerializer
    filterset_class = WorkPlanFilterSet
    lookup_field = "slug"
    ordering_options = {
        **RecordViewSet.ordering_options,
        "starts_year": (("starts_year", False),),
        "-starts_year": (("starts_year", True),),
    }

    def list_queryset_key(self) -> tuple:
        return ()  # published records, the same for every reader

    def get_queryset(self) -> QuerySet[WorkPlan]:
        return work_plan_list_public().prefetch_related(
            *loaded_lists(
                Prefetch("priority_areas", queryset=PriorityArea.objects.published()),
                Prefetch(
                    "progress_reports",
                    queryset=progress_report_list_public().select_related(
                        "priority_area__work_plan"
                    ),
                ),
            )
        )

    @extend_schema(
        summary="Read a work plan's progress: activities by status beside the reported counts",
        description=(
            "The figures the portal's charts draw: per track and priority area, the published "
            "activities by status (computed), beside the progress reported at published "
            "meetings. `counted` leaves cancelled activities out, as `completed` of `counted` "
            "is the share the portal shows. Same visibility as the work plan."
        ),
        tags=["work plans"],
        responses=WorkPlanProgressSerializer,
    )
    @action(detail=True, methods=["get"], url_path="progress", renderer_classes=[JSONRenderer])
    def progress(self, request: Request, *args, **kwargs) -> Response:
        # The plan alone: the figures read its areas and reports themselves (three queries).
        plan = work_plan_list_public().filter(self.lookup_filter()).first()
        if plan is None:
            raise Http404
        figures = work_plan_figures(work_plan=plan)
        return Response(
            WorkPlanProgressSerializer(figures, context=self.get_serializer_context()).data
        )


@extend_schema_view(
    list=extend_schema(summary="List priority areas", tags=["work plans"]),
    retrieve=extend_schema(summary="Read a priority area (by id)", tags=["work plans"]),
)
class PriorityAreaViewSet(RecordViewSet):
    serializer_class = PriorityAreaSerializer
    filterset_class = PriorityAreaFilterSet
    lookup_field = "uid"

    def list_queryset_key(self) -> tuple:
        return ()  # published records, the same for every reader

    def get_queryset(self) -> QuerySet[PriorityArea]:
        # The selector hides the areas of a draft work plan, as the sync tombstones expect
        # (accsm_portal/sync.py; the record-type registry's `visible_with`).
        return priority_area_list_public()


@extend_schema_view(
    list=extend_schema(summary="List activities", tags=["work plans"]),
    retrieve=extend_schema(summary="Read an activity", tags=["work plans"]),
)
class ActivityViewSet(RecordViewSet):
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    lookup_field = "slug"

    def list_queryset_key(self) -> tuple:
        return ()  # published records, the same for every reader

    def get_queryset(self) -> QuerySet[Activity]:
        return (
            activity_list_public()
            .select_related("priority_area__work_plan")
            .prefetch_related(None)
            .prefetch_related(
                *loaded_lists("co_lead_countries", "partners", "reported_at", "outputs")
            )
        )
