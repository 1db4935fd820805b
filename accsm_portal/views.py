"""Portal-wide views: pages that bring every app together (home, member states), and /healthz.

They live here rather than in an app because they read from all of them: only the
configuration knows every app (docs/architecture.md)."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accsm_portal.core import views as core_views
from accsm_portal.core.selectors import country_get_public, member_state_list
from accsm_portal.lib.health import health_report
from accsm_portal.lib.page_cache import cache_anonymous_page
from arcs.selectors import resource_centre_list_public
from meetings.selectors import (
    cycle_current,
    cycle_list_public,
    delegation_list_for_country,
    document_meetings_public,
    meeting_list_public,
)
from workplans.selectors import (
    Progress,
    activity_list_led_by,
    progress_report_list_public,
    progress_report_share,
    work_plan_list_public,
    work_plan_progress_grouped,
)

HOME_MEETINGS = 5
HOME_WORK_PLANS = 3


@require_GET
@cache_anonymous_page
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    upcoming = list(
        meeting_list_public().filter(starts_on__gte=today).order_by("starts_on")[:HOME_MEETINGS]
    )
    recent = list(meeting_list_public().filter(starts_on__lt=today)[:HOME_MEETINGS])
    plans = list(work_plan_list_public()[:HOME_WORK_PLANS])
    progress = work_plan_progress_grouped(work_plans=plans)
    # The latest report per plan, from one query for all of them.
    latest_reports: dict = {}
    for report in (
        progress_report_list_public()
        .filter(work_plan__in=plans, meeting__publication_state="published")
        .order_by("-meeting__starts_on", "track", "pk")
    ):
        latest_reports.setdefault(report.work_plan_id, []).append(report)
    plan_rows = [
        {
            "plan": plan,
            "progress": progress.get((plan.pk,), Progress(total=0, completed=0, ongoing=0)),
            "reported": [
                {"report": r, "share": progress_report_share(r)}
                for r in latest_reports.get(plan.pk, [])
                if r.meeting_id == latest_reports[plan.pk][0].meeting_id
            ],
        }
        for plan in plans
    ]
    return render(
        request,
        "portal/home.html",
        {
            "cycle": cycle_current(),
            "upcoming": upcoming,
            "recent": recent,
            "plan_rows": plan_rows,
        },
    )


@require_GET
@cache_anonymous_page
def state_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/state_list.html", {"states": list(member_state_list())})


@require_GET
@cache_anonymous_page
def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    # Country codes are lower case in URLs; an upper-case one is the same country.
    country = country_get_public(code=code)
    if country is None:
        raise Http404
    return render(
        request,
        "portal/state_detail.html",
        {
            "country": country,
            "hosted": list(meeting_list_public().filter(host_country=country)),
            "chairmanships": list(
                cycle_list_public().filter(chair_country=country).order_by("-starts_year")
            ),
            "centres": list(resource_centre_list_public().filter(country=country)),
            "activities": list(activity_list_led_by(country)),
            "delegations": list(delegation_list_for_country(country)),
        },
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, cache and broker state as JSON; 503 when any of them is down."""
    report = health_report(deep=request.GET.get("deep") == "1")
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


@require_GET
def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The document page, with the meetings where it was discussed and where it was adopted."""
    return core_views.document_detail(
        request, slug, related=lambda document: document_meetings_public(document=document)
    )


# The yardstick of `make bench`: what Django itself costs for a small JSON answer, so every
# figure of the benchmark is a ratio measured in the same run (routed only with BENCH_PLAIN_VIEW).
BENCH_PLAIN_BODY = {
    "results": [
        {"uid": f"00000000-0000-4000-8000-{n:012d}", "title": f"Activity {n}", "year": 2021}
        for n in range(50)
    ]
}


@require_GET
def bench_plain(request: HttpRequest) -> JsonResponse:
    return JsonResponse(BENCH_PLAIN_BODY)
