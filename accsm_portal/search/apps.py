from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The search index over every app's records (lib/search.py holds the text rules)."""

    name = "accsm_portal.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from accsm_portal.search import checks, receivers  # noqa: F401 (checks registers itself)

        receivers.connect()
