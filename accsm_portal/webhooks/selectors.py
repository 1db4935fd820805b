"""Reads of the webhook path: the admin's counts and the health report's outbox age."""

from django.db.models import Min
from django.utils import timezone

from accsm_portal.webhooks.models import OutboxEvent, WebhookDelivery


def outbox_oldest_undelivered_age() -> float | None:
    """Seconds since the oldest change not yet delivered everywhere: an outbox row not yet
    dispatched, or a delivery still pending. None when nothing waits."""
    moments = [
        OutboxEvent.objects.filter(dispatched_at__isnull=True).aggregate(m=Min("created_at"))["m"],
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, subscription__is_active=True
        ).aggregate(m=Min("created_at"))["m"],
    ]
    moments = [m for m in moments if m is not None]
    if not moments:
        return None
    return round((timezone.now() - min(moments)).total_seconds(), 1)
