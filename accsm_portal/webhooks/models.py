"""Webhook subscriptions of partner systems, the outbox of record changes, and the deliveries
made from it (with each attempt). docs/webhooks.md tells the whole path."""

import base64
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accsm_portal.models import ApiToken
from accsm_portal.webhooks.types import type_for_event_name

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def secret_bytes(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


class Event(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")
    DELETED = "deleted", _("Deleted")


class PayloadLanguage(models.TextChoices):
    EN = "en", "English"
    KM = "km", "ភាសាខ្មែរ"
    LO = "lo", "ພາສາລາວ"
    VI = "vi", "Tiếng Việt"
    ALL = "all", _("All four languages (translations=all)")


class WebhookSubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, token__revoked_at__isnull=True).filter(
            models.Q(token__expires_at__isnull=True)
            | models.Q(token__expires_at__gt=timezone.now())
        )


class WebhookSubscription(models.Model):
    """A partner system's wish to be told of changes: where, which records and events, in which
    language. The partner reads through its API token's account, so it is told only of what
    that account may read in the API."""

    token = models.ForeignKey(
        ApiToken,
        verbose_name=_("partner API token"),
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        help_text=_("Deliveries show what this token's account may read in the API, nothing more."),
    )
    name = models.CharField(_("name"), max_length=120)
    target_url = models.URLField(_("target address"), max_length=500)
    record_types = models.JSONField(_("record types"), default=list)
    events = models.JSONField(_("events"), default=list)
    language = models.CharField(
        _("payload language"), max_length=3, choices=PayloadLanguage.choices, default="en"
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Kept in clear: it signs every delivery, so it cannot be hashed like an API token. The
    # admin shows it once, when it is made.
    secret = models.CharField(_("secret"), max_length=80, default=new_secret, editable=False)
    previous_secret = models.CharField(max_length=80, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    failing_since = models.DateTimeField(
        _("failing since"),
        null=True,
        blank=True,
        help_text=_("Set when a delivery was given up after every retry; cleared by a success."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["secret", "previous_secret"])

    objects = WebhookSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        scheme = self.target_url.partition(":")[0].lower()
        if settings.WEBHOOKS_REQUIRE_HTTPS and scheme != "https":
            errors["target_url"] = _("The address must start with https://.")
        unknown = [t for t in self.record_types if type_for_event_name(t) is None]
        if not self.record_types or unknown:
            errors["record_types"] = _("Choose at least one record type from the list.")
        if not self.events or any(e not in Event.values for e in self.events):
            errors["events"] = _("Choose at least one event from the list.")
        if errors:
            raise ValidationError(errors)

    def signing_secrets(self) -> list[str]:
        """The current secret, and the previous one while its grace period lasts."""
        found = [self.secret]
        expires = self.previous_secret_expires_at
        if self.previous_secret and expires and expires > timezone.now():
            found.append(self.previous_secret)
        return found

    def wants(self, record_type: str, event: str) -> bool:
        return record_type in self.record_types and event in self.events


class OutboxEvent(models.Model):
    """One record changed in one committed transaction: written in that transaction (so a
    rolled-back edit leaves none), turned into deliveries by a task after the commit.

    What the record was before the transaction is kept here, because after the commit only its
    new state can be read; together they say whether it was published, updated or withdrawn."""

    model = models.CharField(max_length=100)
    object_pk = models.BigIntegerField()
    object_uid = models.UUIDField()
    created = models.BooleanField(default=False)
    deleted = models.BooleanField(default=False)
    previous_state = models.CharField(max_length=12, blank=True)
    previous_access = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    dispatched_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")

    def __str__(self) -> str:
        return f"{self.model} {self.object_uid}"


class WebhookDelivery(models.Model):
    """One message to one subscription. Its body is fixed when it is made, so every retry and
    every redelivery sends the same bytes under the same `webhook-id`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Given up")

    # Not unique: a redelivery is a copy with the same message id.
    uid = models.UUIDField(_("message id"), default=uuid.uuid4, db_index=True, editable=False)
    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    outbox_event = models.ForeignKey(
        OutboxEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    event_type = models.CharField(_("event"), max_length=60)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempt_count = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["subscription", "status", "id"], name="delivery_queue")]
        constraints = [
            # A task run twice (a worker killed after the commit) never sends an event twice.
            models.UniqueConstraint(
                fields=["subscription", "outbox_event"], name="delivery_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscription}"

    @property
    def message_id(self) -> str:
        return f"msg_{self.uid.hex}"


class DeliveryAttempt(models.Model):
    """One try at sending a delivery: what the partner answered, and how long it took."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        verbose_name=_("delivery"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    response_excerpt = models.TextField(_("response excerpt"), blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.status_code or self.error} ({self.duration_ms} ms)"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
