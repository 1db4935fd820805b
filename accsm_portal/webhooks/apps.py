from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Signed webhooks to partner systems: subscriptions, the outbox and deliveries
    (docs/webhooks.md)."""

    name = "accsm_portal.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from accsm_portal.webhooks import receivers

        receivers.connect()
