"""Partner systems authenticate with `Authorization: Bearer accsm_<key id>_<secret>`.

Only a SHA-256 of the secret is stored (accsm_portal.models.ApiToken); the key id finds the row
and the secret is compared in constant time. A revoked or expired token, or a deactivated
account, is refused with 401 and a WWW-Authenticate challenge.
"""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accsm_portal.models import TOKEN_PREFIX, ApiToken

KEYWORDS = ("bearer", "token")
# Recording every use would write on every request; once an hour says enough.
LAST_USED_PRECISION = datetime.timedelta(hours=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after the word Bearer, with no spaces in it.")
            )
        try:
            text = header[1].decode("ascii")
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("This API token is not valid.")) from error
        return self.authenticate_token(text)

    def authenticate_token(self, text: str) -> tuple[Any, ApiToken]:
        invalid = exceptions.AuthenticationFailed(_("This API token is not valid."))
        prefix, _sep, rest = text.partition("_")
        key_id, _sep, secret = rest.partition("_")
        if prefix != TOKEN_PREFIX or not key_id or not secret:
            raise invalid
        token = ApiToken.objects.active().select_related("user").filter(key_id=key_id).first()
        if token is None or not token.matches(secret) or not token.user.is_active:
            raise invalid
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "partnerToken"

    def get_security_definition(self, auto_schema: Any) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner system's token (manage.py api_token issue).",
        }
