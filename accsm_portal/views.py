"""Portal-wide views: pages that bring every app together (home, member states), and /healthz.

They live here rather than in an app because they read from all of them: only the
configuration knows every app (docs/architecture.md)."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accsm_portal.core import views as core_views
from accsm_portal.core.models import Document
from accsm_portal.core.previews import preview_token_read
from accsm_portal.core.selectors import (
    country_get_public,
    member_state_list,
    record_get_for_preview,
)
from accsm_portal.lib.health import health_report
from accsm_portal.lib.page_cache import cache_anonymous_page
from accsm_portal.lib.pagination import list_page, rows_by_keys
from accsm_portal.lib.record_types import record_type_for
from accsm_portal.webhooks.selectors import outbox_oldest_undelivered_age
from arcs.selectors import resource_centre_list_public
from meetings.selectors import (
    cycle_current,
    cycle_list_public,
    delegation_list_for_country,
    document_meetings_public,
    meeting_list_public,
)
from workplans.charts import figures_chart
from workplans.models import Track
from workplans.selectors import activity_list_led_by, work_plan_current, work_plan_figures

HOME_MEETINGS = 5
# A member state's page lists this many of its newest hosted meetings and led activities.
STATE_MEETINGS = 20
STATE_ACTIVITIES = 50


@require_GET
@cache_anonymous_page
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    upcoming = list(
        meeting_list_public().filter(starts_on__gte=today).order_by("starts_on")[:HOME_MEETINGS]
    )
    # Keys first: the newest past meetings are the end of a sort by date and series name.
    recent = rows_by_keys(meeting_list_public().filter(starts_on__lt=today), 0, HOME_MEETINGS)
    plan = work_plan_current(today=today)
    glance = []
    if plan is not None:
        for track in work_plan_figures(work_plan=plan).tracks:
            glance.append(
                {
                    "track": track.track,
                    "label": Track(track.track).label,
                    "chart": figures_chart(track.counts, track.reported),
                }
            )
    return render(
        request,
        "portal/home.html",
        {
            "cycle": cycle_current(),
            "upcoming": upcoming,
            "recent": recent,
            "plan": plan,
            "glance": glance,
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
    # The newest meetings and activities only, one more read to know whether there are more:
    # a country may lead tens of thousands of activities; the rest are a link away.
    # Keys first: a sort of a country's every activity, not of their whole rows.
    hosted = rows_by_keys(meeting_list_public().filter(host_country=country), 0, STATE_MEETINGS + 1)
    activities = rows_by_keys(activity_list_led_by(country), 0, STATE_ACTIVITIES + 1)
    return render(
        request,
        "portal/state_detail.html",
        {
            "country": country,
            "hosted": hosted[:STATE_MEETINGS],
            "hosted_more": len(hosted) > STATE_MEETINGS,
            "chairmanships": list(
                cycle_list_public().filter(chair_country=country).order_by("-starts_year")
            ),
            "centres": list(resource_centre_list_public().filter(country=country)),
            "activities": activities[:STATE_ACTIVITIES],
            "activities_more": len(activities) > STATE_ACTIVITIES,
            "delegations": list(delegation_list_for_country(country)),
        },
    )


@require_GET
@cache_anonymous_page
def state_activities(request: HttpRequest, code: str) -> HttpResponse:
    """Every activity a member state leads or co-leads, page by page."""
    country = country_get_public(code=code)
    if country is None:
        raise Http404
    page, query = list_page(request, activity_list_led_by(country), STATE_ACTIVITIES)
    return render(
        request, "portal/state_activities.html", {"country": country, "page": page, "query": query}
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, cache and broker state as JSON; 503 when any of them is down."""
    report = health_report(deep=request.GET.get("deep") == "1")
    # How far webhook deliveries lag: the age of the oldest change not yet delivered. It is
    # reported, not judged: a dead partner's retries keep it high for a day by design.
    try:
        report["webhooks"] = {"oldest_undelivered_seconds": outbox_oldest_undelivered_age()}
    # The database check above already says when the database is down; this stays an answer.
    except Exception as exc:
        report["webhooks"] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


@require_GET
def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The document page, with the meetings where it was discussed and where it was adopted."""
    return core_views.document_detail(request, slug, related=_document_meetings)


def document_page(request: HttpRequest, document: Document) -> HttpResponse:
    """The document page of a record already found (the staff preview)."""
    return core_views.document_page(request, document, related=_document_meetings)


def _document_meetings(document: Document) -> dict:
    return document_meetings_public(document=document)


@require_GET
def record_preview(request: HttpRequest, token: str) -> HttpResponse:
    """A draft (or any record) on its own portal page, for the secretariat, from the signed
    link the admin gives (core/previews.py). Rendered by the page's own selector and view, with
    a banner; never cached. To anyone else, and for a tampered or expired link: 404, the same
    answer as for a page that does not exist, so a link reveals nothing."""
    found = preview_token_read(token)
    record_type = record_type_for(found[0]) if found else None
    if found is None or record_type is None or record_type.page is None:
        raise Http404
    user = request.user
    opts = record_type.model._meta
    if not (
        user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    ):
        raise Http404
    record = record_get_for_preview(record_type.page.selector(user), pk=found[1])
    if record is None:
        raise Http404
    request.record_preview = True
    response = record_type.page.render(request, record)
    # A draft must never sit in a browser's or a proxy's cache, nor be indexed.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


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
