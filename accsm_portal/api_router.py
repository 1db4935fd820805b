"""The one DRF router of the API, mounted at /api/v1/. Each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from accsm_portal.search.api.views import SearchViewSet

router = DefaultRouter()
router.register("search", SearchViewSet, basename="search")

urlpatterns = router.urls
