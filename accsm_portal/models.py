"""Portal-wide records that belong to no domain: what partner systems need to stay in sync
(tombstones) and to authenticate (hashed API tokens).

They live in the `accsm_portal` app rather than in `core` because they describe records of every
app (a tombstone names a meeting, an activity or a country by model label and uid) and only the
configuration layer may know every app (docs/architecture.md).
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Tombstone(models.Model):
    """A published record that a sync client must drop: deleted, unpublished or restricted.

    One row per record: a later deletion updates the row (new reason and time), and the row is
    removed when the record becomes visible again (republished, restored, access widened), so a
    tombstone never hides a record that is back. Written by accsm_portal/sync.py."""

    class Reason(models.TextChoices):
        DELETED = "deleted", _("Deleted")
        UNPUBLISHED = "unpublished", _("Unpublished")
        RESTRICTED = "restricted", _("Access restricted")

    model = models.CharField(_("record type"), max_length=100)
    object_uid = models.UUIDField(_("record"))
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["at", "model", "object_uid"]
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        constraints = [
            models.UniqueConstraint(
                fields=["model", "object_uid"], name="tombstone_once_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.object_uid} ({self.reason})"


TOKEN_PREFIX = "accsm"


def hash_token_secret(secret: str) -> str:
    # The secret is 32 random bytes: a plain SHA-256 is enough (no dictionary to slow down).
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A partner system's API token. Only a hash of the secret is stored; the full token is
    shown once, when it is issued (`manage.py api_token issue`)."""

    uid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("Which system uses it."))
    key_id = models.CharField(_("key identifier"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    # Who issued and who revoked a token, and when. `last_used_at` moves with QuerySet.update()
    # (accsm_portal/api/authentication.py), so API calls write no history.
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_PREFIX}_{self.key_id}_…)"

    @classmethod
    def issue(cls, *, user, name: str, expires_at=None) -> tuple["ApiToken", str]:
        """Create a token; returns it and the full token text, which is never stored."""
        key_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            key_id=key_id,
            secret_hash=hash_token_secret(secret),
            expires_at=expires_at,
        )
        return token, f"{TOKEN_PREFIX}_{key_id}_{secret}"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def matches(self, secret: str) -> bool:
        return secrets.compare_digest(self.secret_hash, hash_token_secret(secret))
