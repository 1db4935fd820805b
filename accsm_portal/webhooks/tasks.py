"""Thin Celery wrappers around the webhook services. Each is safe to run twice: the state is
in the database (outbox rows, deliveries), and the sweep re-sends whatever a lost task left."""

from celery import shared_task

from accsm_portal.webhooks.services import outbox_dispatch, subscription_deliver, webhooks_sweep


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def outbox_dispatch_task() -> dict:
    """Turn the outbox into deliveries and start their senders."""
    return outbox_dispatch()


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def subscription_deliver_task(subscription_id: int) -> dict:
    """Send one subscription's pending deliveries in order; retries schedule themselves."""
    return subscription_deliver(subscription_id=subscription_id)


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def webhooks_sweep_task() -> dict:
    """Every minute (beat): restart whatever a lost task or a broker outage left waiting."""
    return webhooks_sweep()
