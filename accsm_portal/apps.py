from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "accsm_portal"
    verbose_name = _("ACCSM Records Portal")

    def ready(self) -> None:
        from accsm_portal import meeting_records, record_types, sync
        from accsm_portal.core import selectors
        from accsm_portal.lib import api, connection_health, page_cache, planner_statistics
        from accsm_portal.search.selectors import search_filter_queryset

        # The record-type registry registers itself on import; importing it here makes sure
        # core and the shared code find every entry before the first request or task.
        assert record_types.RECORD_TYPES
        # Tombstones and sync timestamps for the API's partners (sync.py says why signals).
        sync.connect()
        # A changed meeting's PDF record is rendered after commit, ahead of readers.
        meeting_records.connect()
        # SQLite's planner statistics, renewed once per migrate (lib/planner_statistics.py).
        post_migrate.connect(
            planner_statistics.analyze_after_migrate, sender=self, dispatch_uid="sqlite-analyze"
        )
        # PostgreSQL's persistent connections checked without a round trip per request.
        connection_created.connect(connection_health.install, dispatch_uid="connection-health")
        # The content generation is read once per request (lib/page_cache.py).
        request_started.connect(page_cache.request_started, dispatch_uid="generation-memo")
        request_finished.connect(page_cache.request_finished, dispatch_uid="generation-memo")
        # The API's shared code imports no app; the visibility rules it applies to related
        # records are the core selectors', wired here by the configuration layer.
        api.configure(
            access_levels=selectors.document_access_levels,
            is_visible=selectors.record_is_visible,
            citations=selectors.citations_for,
            text_filter=search_filter_queryset,
        )
