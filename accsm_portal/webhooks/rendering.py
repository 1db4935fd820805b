"""A record as the API shows it to one partner account in one language, or nothing when that
account may not read it: the type's own API view answers, in process, as for a GET by the
partner's token (accsm_portal/webhooks/types.py says why the view, not a copy of it).
The one way a record's API body is made outside a request."""

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from accsm_portal.api.tombstones import TombstoneSerializer
from accsm_portal.lib.record_types import RecordType
from accsm_portal.models import Tombstone


def representation(
    record_type: RecordType, uid: str, *, user: AbstractBaseUser, language: str
) -> dict[str, Any] | None:
    """The API body of the record for this account, or None when it cannot read it."""
    lookup = record_type.viewset.lookup_field
    # The router's basename is the type's API type (accsm_portal/api_router.py).
    path = reverse(f"{record_type.api_type}-detail", kwargs={lookup: str(uid)})
    query = {"translations": "all"} if language == "all" else {"lang": language}
    site = urlsplit(settings.SITE_URL)
    request = RequestFactory().get(
        path, query, HTTP_HOST=site.netloc, secure=site.scheme == "https"
    )
    # DRF's own hook for an account already known (what rest_framework.test uses): the view
    # then sees the partner's account, with its document access, as for a token request.
    request._force_auth_user = user
    # The partner's request quota is for its own requests, not for what the portal sends it.
    view = record_type.viewset.as_view({"get": "retrieve"}, throttle_classes=[])
    with translation.override(settings.LANGUAGE_CODE):
        response = view(request, **{lookup: str(uid)})
    if response.status_code != 200:
        return None
    return response.data


def tombstone(record_type: RecordType, uid: str, *, reason: str) -> dict[str, Any]:
    """What /api/v1/tombstones/ would list for the record."""
    stone = Tombstone(
        model=record_type.label,
        object_uid=uid,
        reason=reason,
        at=datetime.datetime.now(tz=datetime.UTC),
    )
    return dict(TombstoneSerializer(stone).data)


def envelope(event_type: str, data: dict[str, Any]) -> str:
    """The delivery body: the event type, when it happened, and the record (or tombstone)."""
    now = datetime.datetime.now(tz=datetime.UTC).isoformat().replace("+00:00", "Z")
    body = {"type": event_type, "timestamp": now, "data": data}
    return JSONRenderer().render(body).decode("utf-8")
