"""Portal pages for the ASEAN Resource Centres: the ten member states in ASEAN order, each ARC
with its theme history as a timeline."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from accsm_portal.core.selectors import citations_for, member_state_list
from accsm_portal.lib.page_cache import cache_anonymous_page
from accsm_portal.lib.record_types import record_page
from accsm_portal.lib.spreadsheets import xlsx_response
from arcs.exports import resource_centre_sheet
from arcs.models import ResourceCentre
from arcs.selectors import resource_centre_list_public


@require_GET
@cache_anonymous_page
def resource_centre_list(request: HttpRequest) -> HttpResponse:
    centres = list(resource_centre_list_public())
    by_country: dict[int, list] = {}
    for centre in centres:
        by_country.setdefault(centre.country_id, []).append(centre)
    # Every member state is listed, in ASEAN order, even one whose ARC is not recorded yet.
    states = [
        {"country": country, "centres": by_country.get(country.pk, [])}
        for country in member_state_list()
    ]
    return render(request, "arcs/resource_centre_list.html", {"states": states})


@require_GET
def resource_centre_list_xlsx(request: HttpRequest) -> HttpResponse:
    """The ARC directory as a spreadsheet: published centres, in the page's order."""
    sheet = resource_centre_sheet(request, resource_centre_list_public())
    return xlsx_response(filename=f"accsm-arcs-{get_language()}.xlsx", sheets=[sheet])


@require_GET
@cache_anonymous_page
def resource_centre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return record_page(request, ResourceCentre, slug=slug)


def resource_centre_page(request: HttpRequest, centre: ResourceCentre) -> HttpResponse:
    return render(
        request,
        "arcs/resource_centre_detail.html",
        {"centre": centre, "citations": citations_for([centre])[centre.uid]},
    )
