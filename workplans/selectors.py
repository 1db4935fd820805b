"""Reads of work plans, priority areas, activities and reported progress; published only."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from workplans.models import Activity, PriorityArea, ProgressReport, WorkPlan


def work_plan_list_public() -> QuerySet[WorkPlan]:
    return WorkPlan.objects.published().select_related("adopted_at", "document")


def priority_area_list_public() -> QuerySet[PriorityArea]:
    return PriorityArea.objects.published().select_related("work_plan")


def activity_list_public() -> QuerySet[Activity]:
    return (
        Activity.objects.published()
        .filter(work_plan__publication_state="published")
        .select_related("work_plan", "priority_area", "lead_country", "proposed_at")
        .prefetch_related("co_lead_countries", "partners")
    )


def progress_report_list_public() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.published().select_related(
        "meeting", "work_plan", "priority_area"
    )


def work_plan_detail_public() -> QuerySet[WorkPlan]:
    """Work plans with their published areas, activities and reported progress."""
    return work_plan_list_public().prefetch_related(
        Prefetch("priority_areas", queryset=PriorityArea.objects.published()),
        Prefetch("activities", queryset=activity_list_public()),
        Prefetch("progress_reports", queryset=progress_report_list_public()),
    )


@dataclass(frozen=True)
class Progress:
    """Progress computed from the activities recorded in the portal."""

    total: int
    completed: int
    ongoing: int

    @property
    def percent_completed(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


def work_plan_progress(*, work_plan: WorkPlan, track: str | None = None) -> Progress:
    """Counts of the work plan's published activities by state, for a track or all tracks."""
    activities = Activity.objects.published().filter(work_plan=work_plan)
    if track:
        activities = activities.filter(track=track)
    active = ~Q(status__in=[Activity.Status.CANCELLED])
    counts = activities.aggregate(
        total=Count("pk", filter=active),
        completed=Count("pk", filter=Q(status=Activity.Status.COMPLETED)),
        ongoing=Count("pk", filter=Q(status=Activity.Status.ONGOING)),
    )
    return Progress(**counts)
