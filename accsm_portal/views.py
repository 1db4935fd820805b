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


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    upcoming = list(
        meeting_list_public().filter(starts_on__gte=today).order_by("starts_on")[:HOME_MEETINGS]
    )
    recent = list(meeting_list_public().filter(starts_on__lt=today)[:HOME_MEETINGS])
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
def state_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/state_list.html", {"states": list(member_state_list())})


@require_GET
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
