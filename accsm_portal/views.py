"""Portal-wide views: the home page and the health report."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accsm_portal.lib.health import health_report


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, cache and broker state as JSON; 503 when any of them is down."""
    report = health_report(deep=request.GET.get("deep") == "1")
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
