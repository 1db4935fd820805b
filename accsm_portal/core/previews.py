"""Signed, expiring links that open a record on the portal as readers will see it, drafts
included, for the secretariat (the admin's "Preview"; the page: views.record_preview).

The link names the record and the moment it was signed, nothing else; it is checked with
Django's TimestampSigner (the SECRET_KEY), so it cannot be forged or edited, and it stops
working after PORTAL_PREVIEW_MAX_AGE seconds. Holding the link is not enough: the page also
asks for a staff account allowed to view that kind of record.
"""

from django.conf import settings
from django.core import signing
from django.db.models import Model

SALT = "accsm_portal.core.previews"


def preview_token_make(record: Model) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object(
        {"model": record._meta.label_lower, "pk": record.pk}, compress=True
    )


def preview_token_read(token: str) -> tuple[str, object] | None:
    """(model label, primary key) of a valid, unexpired token; None for anything else."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=settings.PORTAL_PREVIEW_MAX_AGE
        )
    except signing.BadSignature:  # tampered, malformed, or expired (SignatureExpired)
        return None
    if not isinstance(value, dict) or not isinstance(value.get("model"), str):
        return None
    return value["model"], value.get("pk")
