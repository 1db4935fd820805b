from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, **kwargs) -> None:
    from accsm_portal.core.roles import sync_roles

    sync_roles()


class CoreConfig(AppConfig):
    """Reference records every app shares: countries, organisations, people, documents, sources."""

    name = "accsm_portal.core"
    label = "core"
    verbose_name = _("Reference records")

    def ready(self) -> None:
        # After auth and every app have created their permissions (post_migrate of the last app).
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="accsm-sync-roles")
