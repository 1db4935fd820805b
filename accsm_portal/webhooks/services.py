"""Writes of the webhook path: recording changes in the outbox, turning them into deliveries,
sending deliveries in order, and what the secretariat does in the admin (rotate a secret,
redeliver). docs/webhooks.md tells the whole path and why each step is where it is."""

import datetime
import logging
import random
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from accsm_portal.core.models import Document, PublicationState
from accsm_portal.core.selectors import document_access_levels
from accsm_portal.webhooks import rendering, transport
from accsm_portal.webhooks.models import (
    DeliveryAttempt,
    Event,
    OutboxEvent,
    WebhookDelivery,
    WebhookSubscription,
    new_secret,
)
from accsm_portal.webhooks.signing import signed_headers
from accsm_portal.webhooks.types import event_type_for, type_for_model

logger = logging.getLogger(__name__)

HIDDEN = "hidden"  # previous_state of a record that its parent kept out of the API


# -- the outbox: one row per record per transaction ------------------------------------------
class _Batch:
    """The outbox rows written in the current transaction, so that a record saved ten times
    gets one row. Registered with on_commit: it kicks the dispatcher once, after the commit."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.rows: dict[tuple[str, int], int] = {}
        self.hooks = connections[using].run_on_commit

    def __call__(self) -> None:
        connection = connections[self.using]
        if getattr(connection, "_webhook_batch", None) is self:
            connection._webhook_batch = None
        _kick()

    def still_open(self) -> bool:
        """False once the transaction that registered it has been committed or rolled back.

        Django replaces its list of commit hooks on every commit and rollback, and drops the
        hooks of a rolled-back savepoint: while the list is the one this batch was added to,
        nothing was undone; otherwise the batch lives on only if its hook is still there, and
        rows written inside the rolled-back savepoint are forgotten."""
        connection = connections[self.using]
        if connection.run_on_commit is self.hooks:
            return True
        if not any(func is self for _sids, func, _robust in connection.run_on_commit):
            return False
        self.hooks = connection.run_on_commit
        kept = set(
            OutboxEvent.objects.filter(pk__in=self.rows.values()).values_list("pk", flat=True)
        )
        self.rows = {key: pk for key, pk in self.rows.items() if pk in kept}
        return True


def _current_batch(using: str) -> _Batch | None:
    connection = connections[using]
    if not connection.in_atomic_block:
        return None
    batch = getattr(connection, "_webhook_batch", None)
    if batch is None or not batch.still_open():
        batch = _Batch(using)
        connection._webhook_batch = batch
        # robust: a broker that is down must not turn a committed save into an error; the
        # sweep (webhooks_sweep_task) sends what was not kicked.
        transaction.on_commit(batch, using=using, robust=True)
    return batch


def _kick() -> None:
    from accsm_portal.webhooks.tasks import outbox_dispatch_task

    outbox_dispatch_task.delay()


def _previous_of(model: type[models.Model], pks: list[Any]) -> dict[Any, tuple[Any, str, str]]:
    fields = ["pk", "uid", "publication_state"]
    if issubclass(model, Document):
        fields.append("access")
    rows = model._default_manager.filter(pk__in=pks).values_list(*fields)
    return {row[0]: (row[1], row[2], row[3] if len(row) > 3 else "") for row in rows}


def outbox_record(
    *,
    model: type[models.Model],
    pks: list[Any],
    previous: dict | None = None,
    created: bool = False,
    deleted: bool = False,
    was_hidden: bool = False,
    instance: models.Model | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Record that these records changed, in the writing transaction; once per transaction."""
    if not settings.WEBHOOKS_ENABLED or type_for_model(model) is None:
        return
    label = model._meta.label_lower
    batch = _current_batch(using)
    pending = [pk for pk in pks if batch is None or (label, pk) not in batch.rows]
    if batch is not None and deleted:
        # Saved, then deleted in the same transaction: one event, a deletion.
        known = [batch.rows[(label, pk)] for pk in pks if (label, pk) in batch.rows]
        OutboxEvent.objects.filter(pk__in=known).update(deleted=True)
    if not pending:
        return
    if instance is not None:
        state = (previous or {}).get("publication_state", "")
        found = {instance.pk: (instance.uid, state, (previous or {}).get("access") or "")}
    else:
        found = _previous_of(model, pending)
    for pk, (uid, state, access) in found.items():
        row = OutboxEvent.objects.create(
            model=label,
            object_pk=pk,
            object_uid=uid,
            created=created,
            deleted=deleted,
            previous_state=HIDDEN if was_hidden else state,
            previous_access=access,
        )
        if batch is not None:
            batch.rows[(label, pk)] = row.pk
        else:
            transaction.on_commit(_kick, using=using, robust=True)


# -- fan-out: outbox rows become deliveries ---------------------------------------------------
def event_for(row: OutboxEvent, *, access_levels: list[str], visible_now: bool) -> str | None:
    """What happened to the record in this partner's eyes, or None when it saw nothing:
    a draft that stays a draft (or is deleted) is never announced."""
    was_visible = row.previous_state == PublicationState.PUBLISHED and (
        not row.previous_access or row.previous_access in access_levels
    )
    if row.deleted:
        return Event.DELETED if was_visible else None
    if visible_now:
        if was_visible:
            return Event.UPDATED
        return Event.CREATED if row.created else Event.PUBLISHED
    return Event.UNPUBLISHED if was_visible else None


def _deliveries_for(row: OutboxEvent, subscriptions: list[WebhookSubscription]) -> list:
    record_type = type_for_model(row.model)
    interested = [s for s in subscriptions if record_type.event_name in s.record_types]
    rendered: dict[tuple[int, str], dict | None] = {}
    made = []
    for subscription in interested:
        user = subscription.token.user
        levels = document_access_levels(user)
        key = (user.pk, subscription.language)
        if key not in rendered:
            rendered[key] = (
                None
                if row.deleted
                else rendering.representation(
                    record_type, str(row.object_uid), user=user, language=subscription.language
                )
            )
        data = rendered[key]
        event = event_for(row, access_levels=levels, visible_now=data is not None)
        if event is None or event not in subscription.events:
            continue
        if data is None:
            reason = "deleted" if event == Event.DELETED else "unpublished"
            data = rendering.tombstone(record_type, str(row.object_uid), reason=reason)
        event_type = event_type_for(record_type, event)
        made.append(
            WebhookDelivery(
                subscription=subscription,
                outbox_event=row,
                event_type=event_type,
                body=rendering.envelope(event_type, data),
            )
        )
    return made


def outbox_dispatch(*, limit: int = 200) -> dict[str, Any]:
    """Turn undispatched outbox rows into deliveries, oldest first; returns what it did.

    Rows are locked while they are read (PostgreSQL), so two dispatchers never make the same
    deliveries and one subscription's deliveries are made in the order of the changes."""
    # Rows dispatched now are closed: a later change of the same record is a new event, even
    # when (tests, eager tasks) this runs inside the transaction that wrote them.
    connections[DEFAULT_DB_ALIAS]._webhook_batch = None
    subscriptions = list(WebhookSubscription.objects.active().select_related("token__user"))
    with transaction.atomic():
        rows = list(
            OutboxEvent.objects.filter(dispatched_at__isnull=True)
            .select_for_update()
            .order_by("pk")[:limit]
        )
        deliveries = []
        for row in rows:
            if type_for_model(row.model) is not None:
                deliveries += _deliveries_for(row, subscriptions)
        WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        OutboxEvent.objects.filter(pk__in=[r.pk for r in rows]).update(dispatched_at=timezone.now())
        touched = sorted({d.subscription_id for d in deliveries})
        more = len(rows) == limit
        transaction.on_commit(lambda: _after_dispatch(touched, more))
    return {"events": len(rows), "deliveries": len(deliveries), "subscriptions": touched}


def _after_dispatch(subscription_ids: list[int], more: bool) -> None:
    from accsm_portal.webhooks.tasks import outbox_dispatch_task, subscription_deliver_task

    for pk in subscription_ids:
        subscription_deliver_task.delay(pk)
    if more:
        outbox_dispatch_task.delay()


# -- delivery: one subscription's queue, in order ----------------------------------------------
def retry_delay(attempt: int) -> float:
    """Seconds before the next try: exponential from WEBHOOKS_RETRY_BASE_SECONDS, capped, with
    up to a fifth of random jitter so that failing partners are not retried in lockstep."""
    base = settings.WEBHOOKS_RETRY_BASE_SECONDS * (2 ** (attempt - 1))
    delay = min(base, settings.WEBHOOKS_RETRY_MAX_DELAY_SECONDS)
    return delay * (1 + random.uniform(-0.2, 0.2))  # jitter, not a secret


def _lock_key(subscription_id: int) -> str:
    return f"webhooks:deliver:{subscription_id}"


def _lock_seconds() -> int:
    # Longer than one attempt can last (its deadline), so a live sender never loses its lock;
    # short enough that a killed worker's lock frees itself soon.
    return int(settings.WEBHOOKS_ATTEMPT_DEADLINE_SECONDS) + 5


def delivery_attempt(*, delivery: WebhookDelivery) -> DeliveryAttempt:
    """Send one delivery once, signed with every valid secret, and record the attempt."""
    subscription = delivery.subscription
    timestamp = int(timezone.now().timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "ACCSM-Records-Portal-Webhooks/1",
        **signed_headers(
            subscription.signing_secrets(),
            message_id=delivery.message_id,
            timestamp=timestamp,
            body=delivery.body,
        ),
    }
    answer = transport.post(
        subscription.target_url, body=delivery.body.encode("utf-8"), headers=headers
    )
    now = timezone.now()
    with transaction.atomic():
        attempt = DeliveryAttempt.objects.create(
            delivery=delivery,
            at=now,
            status_code=answer.status_code,
            duration_ms=answer.duration_ms,
            response_excerpt=answer.excerpt,
            error=answer.error,
        )
        delivery.attempt_count += 1
        if answer.succeeded:
            delivery.status = WebhookDelivery.Status.SUCCEEDED
            delivery.delivered_at = now
            if subscription.failing_since is not None:
                subscription.failing_since = None
                subscription.save(update_fields=["failing_since", "updated_at"])
        elif now - delivery.created_at >= datetime.timedelta(
            seconds=settings.WEBHOOKS_RETRY_WINDOW_SECONDS
        ):
            delivery.status = WebhookDelivery.Status.FAILED
            if subscription.failing_since is None:
                subscription.failing_since = now
                subscription.save(update_fields=["failing_since", "updated_at"])
            logger.warning(
                "webhook delivery %s given up after %s attempts",
                delivery.uid,
                delivery.attempt_count,
            )
        else:
            delivery.next_attempt_at = now + datetime.timedelta(
                seconds=retry_delay(delivery.attempt_count)
            )
        delivery.save(update_fields=["attempt_count", "status", "delivered_at", "next_attempt_at"])
    return attempt


def subscription_deliver(*, subscription_id: int) -> dict[str, Any]:
    """Send this subscription's pending deliveries, oldest first, one at a time.

    A lock in the cache (Redis) lets one sender at a time work on a subscription, so its
    partner receives events in order; a delivery waiting for its retry holds back the later
    ones. A sender sends at most WEBHOOKS_DELIVERIES_PER_TASK, then queues itself again behind
    the other partners' senders: a partner with a long backlog or slow answers takes turns
    with the others instead of holding a worker. Returns how many were sent, whether more
    wait, and when the next try is due, if one is."""
    from accsm_portal.webhooks.tasks import subscription_deliver_task

    key = _lock_key(subscription_id)
    owner = uuid.uuid4().hex
    limit = max(settings.WEBHOOKS_DELIVERIES_PER_TASK, 1)
    sent = 0
    retry_at = None
    while True:
        if not cache.add(key, owner, timeout=_lock_seconds()):
            return {"sent": sent, "busy": True}
        try:
            sent_now, retry_at = _drain(subscription_id, key, limit=limit - sent)
            sent += sent_now
        finally:
            if cache.get(key) == owner:
                cache.delete(key)
        # A delivery made while the lock was being released would wait for the sweep: look
        # once more now that the lock is free.
        if sent >= limit or retry_at is not None or not _due(subscription_id).exists():
            break
    if sent >= limit and _due(subscription_id).exists():
        subscription_deliver_task.delay(subscription_id)
        return {"sent": sent, "more": True, "retry_at": None}
    if retry_at is not None:
        countdown = retry_countdown(retry_at)
        # Eager tasks (no broker) ignore the countdown and would retry at once, forever: there
        # the sweep, run by beat or by hand, sends the retry when it is due.
        if countdown is not None and not subscription_deliver_task.app.conf.task_always_eager:
            subscription_deliver_task.apply_async((subscription_id,), countdown=countdown)
    return {"sent": sent, "retry_at": retry_at.isoformat() if retry_at else None}


def retry_countdown(retry_at: datetime.datetime) -> float | None:
    """Seconds to wait in a countdown task for this retry, or None to leave it to the sweep.

    Redis hands a task that is not acknowledged within its visibility timeout to another
    worker, and a countdown task stays unacknowledged while it waits: a retry hours away would
    be sent again every hour. Only retries due well within the timeout (half of it) wait in
    the broker; later ones are sent by webhooks_sweep_task, which beat runs every minute and
    which reads what is due from the database (docs/webhooks.md, "Retries")."""
    countdown = max((retry_at - timezone.now()).total_seconds(), 0.0)
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    return countdown if countdown <= visibility / 2 else None


def _pending(subscription_id: int):
    return WebhookDelivery.objects.filter(
        subscription_id=subscription_id,
        subscription__is_active=True,
        status=WebhookDelivery.Status.PENDING,
    ).order_by("pk")


def _due(subscription_id: int):
    return _pending(subscription_id).filter(next_attempt_at__lte=timezone.now())


def _drain(subscription_id: int, key: str, *, limit: int) -> tuple[int, datetime.datetime | None]:
    sent = 0
    while sent < limit:
        delivery = _pending(subscription_id).select_related("subscription").first()
        if delivery is None:
            return sent, None
        if delivery.next_attempt_at > timezone.now():
            return sent, delivery.next_attempt_at
        cache.touch(key, _lock_seconds())
        delivery_attempt(delivery=delivery)
        sent += 1
    return sent, None


def webhooks_sweep() -> dict[str, Any]:
    """What a lost task would have done: dispatch what is left in the outbox and start a
    sender for every subscription with a delivery due. Safe to run at any time."""
    from accsm_portal.webhooks.tasks import outbox_dispatch_task, subscription_deliver_task

    if OutboxEvent.objects.filter(dispatched_at__isnull=True).exists():
        outbox_dispatch_task.delay()
    due = sorted(
        set(
            WebhookDelivery.objects.filter(
                status=WebhookDelivery.Status.PENDING,
                next_attempt_at__lte=timezone.now(),
                subscription__is_active=True,
            ).values_list("subscription_id", flat=True)
        )
    )
    for pk in due:
        subscription_deliver_task.delay(pk)
    return {"subscriptions": due}


# -- what the secretariat does in the admin ----------------------------------------------------
def subscription_rotate_secret(*, subscription: WebhookSubscription) -> str:
    """A new secret; the old one keeps signing for WEBHOOKS_SECRET_OVERLAP_SECONDS."""
    subscription.previous_secret = subscription.secret
    subscription.previous_secret_expires_at = timezone.now() + datetime.timedelta(
        seconds=settings.WEBHOOKS_SECRET_OVERLAP_SECONDS
    )
    subscription.secret = new_secret()
    subscription.save()
    return subscription.secret


def delivery_redeliver(*, deliveries: list[WebhookDelivery]) -> int:
    """Send these again, after what is already waiting for their partner. The copy keeps the
    message id and body: the id is the partner's key to recognise a message it already has."""
    copies = [
        WebhookDelivery(
            uid=d.uid, subscription_id=d.subscription_id, event_type=d.event_type, body=d.body
        )
        for d in deliveries
    ]
    with transaction.atomic():
        WebhookDelivery.objects.bulk_create(copies)
        ids = sorted({d.subscription_id for d in copies})

        def send() -> None:
            from accsm_portal.webhooks.tasks import subscription_deliver_task

            for pk in ids:
                subscription_deliver_task.delay(pk)

        transaction.on_commit(send, robust=True)
    return len(copies)
