"""The one DRF router of the API, mounted at /api/v1/: every record type's resource (from the
record-type registry), the tombstones and search.

Besides the resources: the OpenAPI schema (/api/v1/schema/), its documentation page
(/api/v1/docs/, Swagger UI served from the portal's own static files), and a problem-details 404
for every other address under /api/v1/.
"""

from collections.abc import Iterable

from django.urls import path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

from accsm_portal.api.tombstones import TombstoneViewSet
from accsm_portal.lib import api_serializers as names
from accsm_portal.lib.api import ApiRateThrottle, not_found_view
from accsm_portal.lib.record_types import RecordType, all_types
from accsm_portal.record_types import RECORD_TYPES  # noqa: F401 -- registers the entries first
from accsm_portal.search.api.views import SearchViewSet


class ApiRootView(APIRootView):
    """The list of resources: open to everyone, like the resources themselves."""

    permission_classes = [AllowAny]
    throttle_classes = [ApiRateThrottle]
    schema = None


class Router(DefaultRouter):
    APIRootView = ApiRootView


class SchemaView(SpectacularAPIView):
    permission_classes = [AllowAny]
    throttle_classes = [ApiRateThrottle]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI whose start-up script is a second request (`?script`), not an inline script,
    so the page passes the portal's Content-Security-Policy."""

    permission_classes = [AllowAny]
    throttle_classes = [ApiRateThrottle]


def router_for(types: Iterable[RecordType]) -> Router:
    """A router with the resource of every type in `types` that has one (its `api_prefix`,
    `viewset`, and `api_type` as basename), then the tombstones and search."""
    router = Router()
    for record_type in types:
        if record_type.api_prefix:
            router.register(
                record_type.api_prefix, record_type.viewset, basename=record_type.api_type
            )
    router.register("tombstones", TombstoneViewSet, basename=names.TOMBSTONE)
    # Ranked search over every record type (docs/search.md); `q` on each list uses the same index.
    router.register("search", SearchViewSet, basename="search")
    return router


def api_urlpatterns(router: Router) -> list:
    """The URL patterns under /api/v1/ around the router's resources.

    Search's patterns come first: it is registered last (the API root lists it last), and
    resolving its address tried every resource's patterns, two to four regular expressions
    each, before reaching it, on the busiest address of the API. No other pattern matches
    `search/` or `search.<format>`, so every address resolves as before."""
    urls = router.urls
    search = [url for url in urls if getattr(url, "name", None) == "search-list"]
    return [
        *search,
        path("schema/", SchemaView.as_view(), name="api-schema"),
        path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
        *[url for url in urls if url not in search],
        # The progress figures were first asked for as /workplans/<id>/progress/; the resource is
        # work-plans/, so that address leads there (query string kept) rather than to a 404.
        re_path(
            r"^workplans/(?P<slug>[A-Za-z0-9_-]+)/progress/$",
            RedirectView.as_view(
                pattern_name=f"{names.WORK_PLAN}-progress", permanent=True, query_string=True
            ),
        ),
        re_path(r"^.*$", not_found_view),
    ]


# Each record type's resource comes from its entry in the registry (accsm_portal/record_types.py).
router = router_for(all_types())
urlpatterns = api_urlpatterns(router)
