from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Reference records every app shares: countries, organisations, people, documents, sources."""

    name = "accsm_portal.core"
    label = "core"
    verbose_name = _("Reference records")
