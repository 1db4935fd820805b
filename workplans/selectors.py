"""Reads of work plans, priority areas, activities and reported progress; published only."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from accsm_portal.core.models import PublicationState
from accsm_portal.core.selectors import User, document_list_visible
from meetings.models import Meeting
from workplans.models import Activity, PriorityArea, ProgressReport, WorkPlan


def work_plan_list_public() -> QuerySet[WorkPlan]:
    return WorkPlan.objects.published().select_related("adopted_at", "document")


def priority_area_list_public() -> QuerySet[PriorityArea]:
    """Published areas of published work plans: a draft plan hides its areas with it."""
    return (
        PriorityArea.objects.published()
        .filter(work_plan__publication_state=PublicationState.PUBLISHED)
        .select_related("work_plan")
    )


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

    @property
    def share_completed(self) -> float:
        return self.completed / self.total if self.total else 0.0


def work_plan_progress(*, work_plan: WorkPlan, track: str | None = None) -> Progress:
    """Counts of the work plan's published activities by state, for a track or all tracks."""
    activities = Activity.objects.published().filter(work_plan=work_plan)
    if track:
        activities = activities.filter(track=track)
    return Progress(**activities.aggregate(**_progress_counts()))


def _progress_counts() -> dict:
    """How progress is counted, written once: cancelled activities leave the total."""
    active = ~Q(status__in=[Activity.Status.CANCELLED])
    return {
        "total": Count("pk", filter=active),
        "completed": Count("pk", filter=Q(status=Activity.Status.COMPLETED)),
        "ongoing": Count("pk", filter=Q(status=Activity.Status.ONGOING)),
    }


def work_plan_progress_grouped(
    *, work_plans: list[WorkPlan], by: tuple[str, ...] = ()
) -> dict[tuple, Progress]:
    """`work_plan_progress` for many plans in one query, keyed by (plan id, *by values).

    `by` may name "track" and/or "priority_area"; a page showing every plan or every area
    then costs one query whatever the number of plans."""
    rows = (
        Activity.objects.published()
        .filter(work_plan__in=[plan.pk for plan in work_plans])
        .values("work_plan", *by)
        .order_by()
        .annotate(**_progress_counts())
    )
    return {
        (row["work_plan"], *(row[name] for name in by)): Progress(
            total=row["total"], completed=row["completed"], ongoing=row["ongoing"]
        )
        for row in rows
    }


def progress_report_share(report: ProgressReport) -> float:
    """The share of activities reported completed: "5 completed, 10 planned" is 5 of 15."""
    total = report.completed + report.planned
    return report.completed / total if total else 0.0


def activity_detail_public(user: User | None = None) -> QuerySet[Activity]:
    """Published activities with the meetings they were reported at and their visible outputs."""
    return activity_list_public().prefetch_related(
        Prefetch("reported_at", queryset=Meeting.objects.published().order_by("starts_on")),
        Prefetch("outputs", queryset=document_list_visible(user)),
    )


def activity_get_public(*, slug: str, user: User | None = None) -> Activity | None:
    return activity_detail_public(user).filter(slug=slug).first()


def activity_list_led_by(country) -> QuerySet[Activity]:
    """Published activities of published work plans that a country leads or co-leads."""
    return (
        activity_list_public()
        .filter(Q(lead_country=country) | Q(co_lead_countries=country))
        .distinct()
        .order_by("-work_plan__starts_year", "track", "pk")
    )
