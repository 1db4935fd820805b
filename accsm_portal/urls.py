"""URLs: portal pages under a language prefix (/en/, /km/, /lo/, /vi/); API and probes outside."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from accsm_portal import views
from accsm_portal.core import urls as core_urls
from accsm_portal.core.admin_desk import translators_desk_view

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("accsm_portal.api_router")),
]
if settings.BENCH_PLAIN_VIEW:
    urlpatterns.append(path("bench/plain", views.bench_plain, name="bench-plain"))

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    # The secretariat's preview of a draft, from a signed link made in the admin.
    path("preview/<str:token>/", views.record_preview, name="record-preview"),
    # The translators' desk (core/admin_desk.py): inside the admin's frame and sign-in.
    path(
        "admin/translations/desk/",
        admin.site.admin_view(translators_desk_view),
        name="translators-desk",
    ),
    path(
        "admin/translations/desk/<str:language>/",
        admin.site.admin_view(translators_desk_view),
        name="translators-desk-language",
    ),
    path("admin/", admin.site.urls),
    path("search/", include("accsm_portal.search.urls")),
    path("meetings/", include("meetings.urls")),
    path("workplans/", include("workplans.urls")),
    path("arcs/", include("arcs.urls")),
    path(
        "states/",
        include(
            (
                [
                    path("", views.state_list, name="list"),
                    path("<str:code>/", views.state_detail, name="detail"),
                    path("<str:code>/activities/", views.state_activities, name="activities"),
                ],
                "states",
            )
        ),
    ),
    path(
        "documents/",
        include(
            (
                [
                    *core_urls.documents_patterns,
                    path("<slug:slug>/", views.document_detail, name="detail"),
                ],
                "documents",
            )
        ),
    ),
    path("sources/", include(core_urls.sources_patterns)),
    path("accounts/", include(core_urls.accounts_patterns)),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=True,
)

# Uploaded document files are never served from MEDIA_URL, not even in development: the
# documents:file view checks the reader's access first, and a direct URL would bypass it.

# A database that is down or restarting answers 503 (page or problem document), not 500.
handler500 = "accsm_portal.lib.unavailable.server_error"
