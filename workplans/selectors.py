"""Reads of work plans, priority areas, activities and reported progress; published only."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from accsm_portal.core.models import Country, Organisation, PublicationState
from accsm_portal.core.selectors import (
    User,
    citations_exist,
    citations_for,
    document_items,
    document_list_visible,
)
from accsm_portal.lib.present_parts import RowsExist, prefetch_flagged
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


def activity_list_in_groups(
    *, work_plan: WorkPlan, groups: list[tuple[str, int | None]], area_ids: set[int]
) -> QuerySet[Activity]:
    """A plan's published activities in the given (track, priority area id) groups, as its page
    lists them; a group with area None holds the track's activities linked to no area among
    `area_ids` (the plan's published areas): none, or a draft one."""
    condition = Q(pk__in=[])
    for track, area_id in groups:
        if area_id is None:
            condition |= Q(track=track) & (
                Q(priority_area__isnull=True) | ~Q(priority_area_id__in=area_ids)
            )
        else:
            condition |= Q(track=track, priority_area_id=area_id)
    return activity_list_public().filter(work_plan=work_plan).filter(condition)


def work_plan_detail_public() -> QuerySet[WorkPlan]:
    """Work plans with their published activities; the areas and the reported progress come
    with the figures (`work_plan_figures`)."""
    return work_plan_list_public().prefetch_related(
        Prefetch("activities", queryset=activity_list_public()),
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
    """How progress is counted, written once: cancelled activities leave the total.

    Counted by status (never NULL) rather than by id: every column is then in the index
    `activity_progress_idx`, and PostgreSQL counts from the index alone."""
    active = ~Q(status__in=[Activity.Status.CANCELLED])
    return {
        "total": Count("status", filter=active),
        "completed": Count("status", filter=Q(status=Activity.Status.COMPLETED)),
        "ongoing": Count("status", filter=Q(status=Activity.Status.ONGOING)),
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


# What an activity's page shows of it and of the records it joins, every language of it: the
# list's joins read whole had made the page's query cost more to compile than to run.
ACTIVITY_PAGE_FIELDS = (
    "uid",
    "slug",
    "original_language",
    "title",
    "description",
    "status",
    "track",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "date_precision",
    "work_plan__slug",
    "work_plan__original_language",
    "work_plan__title",
    "priority_area__publication_state",
    "priority_area__work_plan",
    "priority_area__track",
    "priority_area__number",
    "priority_area__original_language",
    "priority_area__title",
    "lead_country__code",
    "lead_country__original_language",
    "lead_country__name",
    "proposed_at__publication_state",
    "proposed_at__slug",
    "proposed_at__original_language",
    "proposed_at__title",
)


# The page's lists of linked records (`has_<kind>` flags): many-to-many fields of Activity.
ACTIVITY_LINKS = {
    "co_leads": "co_lead_countries",
    "partners": "partners",
    "meetings": "reported_at",
    "outputs": "outputs",
}


def activity_detail_public(user: User | None = None) -> QuerySet[Activity]:
    """Published activities with what their page shows of them, and whether they have each
    kind of linked record the page lists (`has_co_leads`...): `activity_page_parts` then reads
    only those. Most activities have none, and each kind was a query of its own."""
    opts = Activity._meta
    return (
        activity_list_public()
        .prefetch_related(None)
        .only(*ACTIVITY_PAGE_FIELDS)
        .annotate(
            **{
                f"has_{kind}": RowsExist(opts.get_field(name).remote_field.through, "activity")
                for kind, name in ACTIVITY_LINKS.items()
            },
            has_citations=citations_exist(Activity),
        )
    )


def activity_page_parts(activity: Activity, *, user: User | None = None) -> dict:
    """What an activity's page shows, from an activity read by `activity_detail_public`: its
    linked records of the kinds it has, each read with what the page shows of them (a meeting's
    link, a document's line at the reader's access levels), and its citations."""
    area = activity.priority_area
    if area is not None and area.work_plan_id == activity.work_plan_id:
        # The area's link names its plan: the activity's own, already read.
        area.work_plan = activity.work_plan
    names = ("original_language", "name")
    linked = prefetch_flagged(
        activity,
        {
            "co_leads": lambda: Prefetch(
                "co_lead_countries", queryset=Country.objects.only("code", *names)
            ),
            "partners": lambda: Prefetch("partners", queryset=Organisation.objects.only(*names)),
            "meetings": lambda: Prefetch(
                "reported_at",
                queryset=Meeting.objects.published()
                .order_by("starts_on")
                .only("slug", "original_language", "title"),
            ),
            "outputs": lambda: Prefetch(
                "outputs", queryset=document_items(document_list_visible(user))
            ),
        },
    )
    citations = citations_for([activity])[activity.uid] if activity.has_citations else []
    return {"activity": activity, **linked, "citations": citations}


def activity_list_led_by(country) -> QuerySet[Activity]:
    """Published activities of published work plans that a country leads or co-leads."""
    # A semi-join on the co-leads rather than a join and DISTINCT: the page of a country
    # leading tens of thousands of activities then sorts them once, without de-duplicating.
    co_led = Activity.co_lead_countries.through.objects.filter(country=country)
    return (
        activity_list_public()
        .filter(Q(lead_country=country) | Q(pk__in=co_led.values("activity_id")))
        .order_by("-work_plan__starts_year", "track", "pk")
    )


# ----- Progress figures: the charts of the work plan page, the home page and the API -----------

# The order statuses are drawn and listed in: from an idea to done, then the two ways out.
STATUS_ORDER: tuple[str, ...] = tuple(Activity.Status.values)


@dataclass(frozen=True)
class StatusCounts:
    """How many published activities are in each status (every status present, zero or not)."""

    by_status: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def progress(self) -> Progress:
        """The same counts as `Progress`: cancelled activities leave the total."""
        return Progress(
            total=self.total - self.by_status[Activity.Status.CANCELLED],
            completed=self.by_status[Activity.Status.COMPLETED],
            ongoing=self.by_status[Activity.Status.ONGOING],
        )

    @classmethod
    def empty(cls) -> "StatusCounts":
        return cls(by_status=dict.fromkeys(STATUS_ORDER, 0))


@dataclass(frozen=True)
class AreaFigures:
    """A priority area's activities by status, beside what meetings reported for it. `area` is
    None for the activities not (yet, or not publicly) linked to an area of the track."""

    area: PriorityArea | None
    counts: StatusCounts
    reported: list[ProgressReport]

    @property
    def anchor(self) -> str:
        # The same anchor as PriorityArea.get_absolute_url(); change both together.
        return f"area-{self.area.track}-{self.area.number}" if self.area else ""


@dataclass(frozen=True)
class TrackFigures:
    """A track's activities by status, the reports made for the whole track, and its areas."""

    track: str
    counts: StatusCounts
    reported: list[ProgressReport]
    areas: list[AreaFigures]
    unassigned: AreaFigures


@dataclass(frozen=True)
class WorkPlanFigures:
    work_plan: WorkPlan
    tracks: list[TrackFigures]


def work_plan_figures(*, work_plan: WorkPlan) -> WorkPlanFigures:
    """A published plan's activities by status per track and priority area, beside the
    progress reported at published meetings: three queries whatever the size of the plan.

    The work plan page, the home page and /api/v1/work-plans/<id>/progress/ all show these
    figures, so they are counted here once."""
    counts: dict[tuple[str, int | None], dict[str, int]] = {}
    rows = (
        Activity.objects.published()
        .filter(work_plan=work_plan)
        .values("track", "priority_area", "status")
        .order_by()
        .annotate(n=Count("status"))  # from the index alone, as in _progress_counts
    )
    areas = list(PriorityArea.objects.published().filter(work_plan=work_plan))
    area_ids = {area.pk for area in areas}
    for row in rows:
        # An activity of a draft area is shown with those not linked to an area, as the
        # page lists it (the area itself is not public).
        area_id = row["priority_area"] if row["priority_area"] in area_ids else None
        key = (row["track"], area_id)
        by_status = counts.setdefault(key, dict.fromkeys(STATUS_ORDER, 0))
        by_status[row["status"]] += row["n"]
    # A report made at a meeting that is not public is not shown either.
    reports = list(
        progress_report_list_public()
        .filter(work_plan=work_plan, meeting__publication_state=PublicationState.PUBLISHED)
        .order_by("meeting__starts_on", "track", "pk")
    )

    def counted(key: tuple[str, int | None]) -> StatusCounts:
        return StatusCounts(by_status=counts.get(key, dict(StatusCounts.empty().by_status)))

    tracks = []
    for code in work_plan.tracks():
        track_counts = dict.fromkeys(STATUS_ORDER, 0)
        for (track, _area), by_status in counts.items():
            if track == code:
                for status, n in by_status.items():
                    track_counts[status] += n
        tracks.append(
            TrackFigures(
                track=code,
                counts=StatusCounts(by_status=track_counts),
                reported=[r for r in reports if r.track == code and r.priority_area_id is None],
                areas=[
                    AreaFigures(
                        area=area,
                        counts=counted((code, area.pk)),
                        reported=[r for r in reports if r.priority_area_id == area.pk],
                    )
                    for area in areas
                    if area.track == code
                ],
                unassigned=AreaFigures(area=None, counts=counted((code, None)), reported=[]),
            )
        )
    return WorkPlanFigures(work_plan=work_plan, tracks=tracks)


def work_plan_current(*, today: datetime.date) -> WorkPlan | None:
    """The published plan whose years include today's (the latest to start, when two do),
    else the latest published plan: the plan the home page shows at a glance."""
    plans = work_plan_list_public().order_by("-starts_year", "scope")
    running = plans.filter(starts_year__lte=today.year, ends_year__gte=today.year).first()
    return running or plans.first()
