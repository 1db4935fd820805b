from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "accsm_portal"
    verbose_name = _("ACCSM Records Portal")

    def ready(self) -> None:
        from accsm_portal import meeting_records, record_types, sync
        from accsm_portal.core import selectors
        from accsm_portal.lib import api
        from accsm_portal.search.selectors import search_filter_queryset

        # The record-type registry registers itself on import; importing it here makes sure
        # core and the shared code find every entry before the first request or task.
        assert record_types.RECORD_TYPES
        # Tombstones and sync timestamps for the API's partners (sync.py says why signals).
        sync.connect()
        # A changed meeting's PDF record is rendered after commit, ahead of readers.
        meeting_records.connect()
        # The API's shared code imports no app; the visibility rules it applies to related
        # records are the core selectors', wired here by the configuration layer.
        api.configure(
            access_levels=selectors.document_access_levels,
            is_visible=selectors.record_is_visible,
            citations=selectors.citations_for,
            text_filter=search_filter_queryset,
        )
