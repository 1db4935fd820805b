"""Writes of the portal-wide records: partner systems' API tokens.

The admin (accsm_portal/admin.py) and `manage.py api_token` both call these, so the rules (a
token belongs to a partner account; revoking is recorded in its history) are written once.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accsm_portal.core.roles import PARTNER
from accsm_portal.models import ApiToken


def api_token_check(
    *, user: AbstractBaseUser, name: str, expires_at: datetime.datetime | None = None
) -> None:
    """The rules of a new token, as a ValidationError by field (the admin form shows them)."""
    if not user.groups.filter(name=PARTNER).exists():
        raise ValidationError(
            {"user": _("Only partner accounts receive API tokens.")}, code="not_partner"
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(
            {"expires_at": _("Give a moment in the future, or none.")}, code="expired"
        )
    if not (name or "").strip():
        raise ValidationError({"name": _("Say which system uses the token.")}, code="required")


@transaction.atomic
def api_token_issue(
    *, user: AbstractBaseUser, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for a partner account; returns it and the full token text, which is shown
    once and never stored (only a hash of its secret is)."""
    api_token_check(user=user, name=name, expires_at=expires_at)
    return ApiToken.issue(user=user, name=name.strip(), expires_at=expires_at)


def api_token_revoke(*, token: ApiToken) -> bool:
    """Revoke a token at once (its next API call is refused); False if it already was.

    Saved rather than updated, so the revocation is in the token's history."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return True
