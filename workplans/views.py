"""Portal pages for work plans: each plan's priority areas by track, its activities, and the
progress computed from the activities beside the progress reported at meetings."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from accsm_portal.core.models import Document, PublicationState
from accsm_portal.core.selectors import citations_for, document_access_levels
from accsm_portal.lib.page_cache import cache_anonymous_page
from accsm_portal.lib.pagination import list_page
from accsm_portal.lib.record_types import record_page
from accsm_portal.lib.spreadsheets import xlsx_response
from workplans.charts import FiguresChart, figures_chart
from workplans.exports import activity_sheet
from workplans.models import Activity, PriorityArea, ProgressReport, Track, WorkPlan
from workplans.selectors import (
    Progress,
    activity_list_in_groups,
    activity_page_parts,
    progress_report_list_public,
    progress_report_share,
    work_plan_detail_public,
    work_plan_figures,
    work_plan_list_public,
    work_plan_progress_grouped,
)

NO_PROGRESS = Progress(total=0, completed=0, ongoing=0)
# An area with more activities than this links to its own pages of them instead of listing
# them on the plan's page (a plan of 100,000 activities would otherwise be one huge page).
ACTIVITIES_LISTED = 50
ACTIVITIES_PAGE_SIZE = 50


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
    # How many published activities the area has, and where they are listed page by page.
    total: int = 0
    browse: str = ""

    @property
    def listed(self) -> bool:
        return self.total <= ACTIVITIES_LISTED

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
    """A work plan's page once found: the published page and the staff preview render it.

    Each priority area (and each track's activities linked to none) lists its activities when
    it has at most ACTIVITIES_LISTED; a larger one links to its own pages of activities
    (`work_plan_activities`), so the page stays the same size whatever the size of the plan."""
    figures = work_plan_figures(work_plan=plan)
    tracks = []
    groups: dict[tuple[str, int | None], AreaView] = {}
    for track_figures in figures.tracks:
        code = track_figures.track
        unassigned = track_figures.unassigned
        track = TrackView(
            track=code,
            label=Track(code).label,
            chart=figures_chart(track_figures.counts, track_figures.reported),
            unassigned=AreaView(
                area=None,
                chart=figures_chart(unassigned.counts, []),
                total=unassigned.counts.total,
                browse=_browse_url(plan, code, None),
            ),
        )
        track.areas = [
            AreaView(
                area=area.area,
                chart=figures_chart(area.counts, area.reported),
                total=area.counts.total,
                browse=_browse_url(plan, code, area.area),
            )
            for area in track_figures.areas
        ]
        groups[(code, None)] = track.unassigned
        groups.update({(code, view.area.pk): view for view in track.areas})
        tracks.append(track)
    listed = [key for key, view in groups.items() if 0 < view.total <= ACTIVITIES_LISTED]
    area_ids = {key[1] for key in groups if key[1] is not None}
    for activity in activity_list_in_groups(work_plan=plan, groups=listed, area_ids=area_ids):
        area_id = activity.priority_area_id if activity.priority_area_id in area_ids else None
        groups[(activity.track, area_id)].activities.append(activity)
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


def _browse_url(plan: WorkPlan, track: str, area: PriorityArea | None) -> str:
    query = urlencode({"track": track, "area": area.number if area else "none"})
    return f"{reverse('workplans:activities', kwargs={'slug': plan.slug})}?{query}"


@require_GET
@cache_anonymous_page
def work_plan_activities(request: HttpRequest, slug: str) -> HttpResponse:
    """One priority area's activities (or a track's activities linked to no area), page by
    page: where the plan page sends a reader when an area has too many to list there."""
    plan = work_plan_list_public().filter(slug=slug).first()
    track = request.GET.get("track", "")
    if plan is None or track not in plan.tracks():
        raise Http404
    areas = {
        str(area.number): area
        for area in PriorityArea.objects.published().filter(work_plan=plan, track=track)
    }
    number = request.GET.get("area", "none")
    if number != "none" and number not in areas:
        raise Http404
    area = areas.get(number)
    activities = activity_list_in_groups(
        work_plan=plan,
        groups=[(track, area.pk if area else None)],
        area_ids={a.pk for a in areas.values()},
    )
    page, query = list_page(request, activities, ACTIVITIES_PAGE_SIZE)
    return render(
        request,
        "workplans/work_plan_activities.html",
        {
            "plan": plan,
            "track_label": Track(track).label,
            "area": area,
            "page": page,
            "query": query,
            "back": plan.get_absolute_url()
            + (f"#area-{track}-{area.number}" if area else f"#unassigned-{track}"),
        },
    )


@require_GET
@cache_anonymous_page
def activity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return record_page(request, Activity, slug=slug)


def activity_page(request: HttpRequest, activity: Activity) -> HttpResponse:
    context = activity_page_parts(activity, user=request.user)
    return render(request, "workplans/activity_detail.html", context)
