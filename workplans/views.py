"""Portal pages for work plans: each plan's priority areas by track, its activities, and the
progress computed from the activities beside the progress reported at meetings."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from accsm_portal.core.models import Document, PublicationState
from accsm_portal.core.selectors import citations_for, document_access_levels
from accsm_portal.lib.page_cache import cache_anonymous_page
from accsm_portal.lib.record_types import record_page
from accsm_portal.lib.spreadsheets import xlsx_response
from workplans.charts import FiguresChart, figures_chart
from workplans.exports import activity_sheet
from workplans.models import Activity, PriorityArea, ProgressReport, Track, WorkPlan
from workplans.selectors import (
    Progress,
    progress_report_list_public,
    progress_report_share,
    work_plan_detail_public,
    work_plan_figures,
    work_plan_list_public,
    work_plan_progress_grouped,
)

NO_PROGRESS = Progress(total=0, completed=0, ongoing=0)


@dataclass
class Reported:
    """Progress as announced at a meeting, with its share completed for the bar."""

    report: ProgressReport
    share: float


def reported(reports: list[ProgressReport]) -> list[Reported]:
    return [Reported(report=r, share=progress_report_share(r)) for r in reports]


def visible_document(document: Document | None, request: HttpRequest) -> Document | None:
    """The plan's document only if this reader may see it (the selector does not filter it)."""
    if document is None or document.publication_state != PublicationState.PUBLISHED:
        return None
    return document if document.access in document_access_levels(request.user) else None


@require_GET
@cache_anonymous_page
def work_plan_list(request: HttpRequest) -> HttpResponse:
    plans = list(
        work_plan_list_public().prefetch_related(
            Prefetch("progress_reports", queryset=progress_report_list_public())
        )
    )
    progress = work_plan_progress_grouped(work_plans=plans)
    rows = []
    for plan in plans:
        reports = [r for r in plan.progress_reports.all() if r.meeting.is_published]
        rows.append(
            {
                "plan": plan,
                "progress": progress.get((plan.pk,), NO_PROGRESS),
                "reported": reported(reports),
            }
        )
    return render(request, "workplans/work_plan_list.html", {"rows": rows})


@dataclass
class AreaView:
    area: PriorityArea | None
    activities: list[Activity] = field(default_factory=list)
    chart: FiguresChart | None = None

    @property
    def anchor(self) -> str:
        # The same anchor as PriorityArea.get_absolute_url(); change both together.
        return f"area-{self.area.track}-{self.area.number}" if self.area else ""


@dataclass
class TrackView:
    track: str
    label: str
    chart: FiguresChart
    areas: list[AreaView] = field(default_factory=list)
    unassigned: AreaView = field(default_factory=lambda: AreaView(area=None))


@require_GET
@cache_anonymous_page
def work_plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return record_page(request, WorkPlan, slug=slug)


@require_GET
def work_plan_activities_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    """A published work plan's published activities as a spreadsheet."""
    plan = work_plan_detail_public().filter(slug=slug).first()
    if plan is None:
        raise Http404
    return xlsx_response(
        filename=f"accsm-{plan.slug}-{get_language()}.xlsx",
        sheets=[activity_sheet(request, plan)],
    )


def work_plan_page(request: HttpRequest, plan: WorkPlan) -> HttpResponse:
    """A work plan's page once found: the published page and the staff preview render it."""
    figures = work_plan_figures(work_plan=plan)
    tracks = []
    for track_figures in figures.tracks:
        code = track_figures.track
        track = TrackView(
            track=code,
            label=Track(code).label,
            chart=figures_chart(track_figures.counts, track_figures.reported),
            unassigned=AreaView(
                area=None,
                chart=figures_chart(track_figures.unassigned.counts, []),
            ),
        )
        areas = {
            area.area.pk: AreaView(area=area.area, chart=figures_chart(area.counts, area.reported))
            for area in track_figures.areas
        }
        for activity in plan.activities.all():
            if activity.track != code:
                continue
            target = areas.get(activity.priority_area_id, track.unassigned)
            target.activities.append(activity)
        track.areas = list(areas.values())
        tracks.append(track)
    return render(
        request,
        "workplans/work_plan_detail.html",
        {
            "plan": plan,
            "tracks": tracks,
            "document": visible_document(plan.document, request),
            "citations": citations_for([plan])[plan.uid],
        },
    )


@require_GET
@cache_anonymous_page
def activity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return record_page(request, Activity, slug=slug)


def activity_page(request: HttpRequest, activity: Activity) -> HttpResponse:
    return render(
        request,
        "workplans/activity_detail.html",
        {"activity": activity, "citations": citations_for([activity])[activity.uid]},
    )
