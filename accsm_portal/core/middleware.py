"""The portal's own middleware.

- TwoFactorRequiredMiddleware: staff who must use two factors (core/accounts.py) reach no admin
  page, and no draft preview, until they have given a code in this session: they are sent to
  set up their authenticator or to type a code, and brought back to the page they asked for.
- ContentSecurityPolicyMiddleware: django-csp's, with the settings' policy built once."""

from dataclasses import asdict
from urllib.parse import urlencode

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accsm_portal.core.accounts import user_has_two_factor, user_requires_two_factor

# Admin pages an account without its second factor may still open: signing in and out.
OPEN_ADMIN_VIEWS = {"login", "logout", "jsi18n"}
# Portal pages that show what only staff may see.
STAFF_PORTAL_VIEWS = {"record-preview"}


class TwoFactorRequiredMiddleware:
    """After django_otp's OTPMiddleware, which tells whether this session gave a code."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        staff_page = (match.namespace == "admin" and match.url_name not in OPEN_ADMIN_VIEWS) or (
            not match.namespace and match.url_name in STAFF_PORTAL_VIEWS
        )
        if not staff_page:
            return None
        user = request.user
        if not user_requires_two_factor(user) or user.is_verified():
            return None
        step = "verify" if user_has_two_factor(user) else "setup"
        target = reverse(f"accounts:two-factor-{step}")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


# The response and request attributes through which a view or template changes its page's
# policy (django-csp's decorators, a nonce read while rendering).
_POLICY_CHANGES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt",
    "_csp_exempt_ro",
)
_kept_policies: dict[str, tuple[str, str]] = {}


@receiver(setting_changed)
def _forget_policies(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _kept_policies.clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, which builds the policy from the settings twice on every
    response (the enforced and the report-only one: the directives copied by
    `dataclasses.asdict` and written out, 160 us), with that policy built once per process for
    the responses that do not change it: no nonce was read, no view changed or exempted its
    policy, no address is excluded, no header is set yet. Any other response is django-csp's
    own."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _POLICY_CHANGES)
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or _excluded_prefixes()
        ):
            return super().process_response(request, response)
        policies = _kept_policies.get("")
        if policies is None:
            parts, parts_ro = PolicyParts(), PolicyParts()
            policies = _kept_policies[""] = (
                build_policy(**asdict(parts)),
                build_policy(**asdict(parts_ro), report_only=True),
            )
        enforced, report_only = policies
        if enforced:
            response[HEADER] = enforced
        if report_only:
            response[HEADER_REPORT_ONLY] = report_only
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _excluded_prefixes() -> bool:
    return any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    )
