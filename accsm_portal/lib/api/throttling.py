"""Who may call the API and how often: the per-client rate throttle and the read-only permission."""

import logging
from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)

PARTNER_GROUP = "partner"


class ApiRateThrottle(SimpleRateThrottle):
    """One throttle, three rates: `anon` per address, `partner` per partner account, `user` per
    other account. Rates are read per request (so tests and settings changes apply at once).

    When the cache (Redis) cannot be reached, requests are let through and a warning is logged:
    refusing every partner because the rate counter is down would turn a cache outage into an
    API outage, and the database-backed reads it protects keep working."""

    def __init__(self) -> None:
        # The scope and rate depend on the client: they are set in allow_request().
        self.scope = "anon"
        self.rate = None

    def allow_request(self, request: Any, view: Any) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            in_partner_group = any(g.name == PARTNER_GROUP for g in user.groups.all())
            self.scope = PARTNER_GROUP if in_partner_group else "user"
        else:
            self.scope = "anon"
        rates = api_settings.DEFAULT_THROTTLE_RATES
        self.rate = rates.get(self.scope)
        if self.rate in (None, "", "none"):  # no limit for this kind of client
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except Exception:  # any cache backend error: fail open (see the docstring)
            logger.warning("API throttle cache unavailable; request let through", exc_info=True)
            return True

    def get_cache_key(self, request: Any, view: Any) -> str:
        user = getattr(request, "user", None)
        ident = user.pk if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PublicReadOnly(BasePermission):
    """Published public records are open to anyone for reading; nothing else is allowed."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in SAFE_METHODS
