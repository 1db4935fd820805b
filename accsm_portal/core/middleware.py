"""Staff who must use two factors (core/accounts.py) reach no admin page, and no draft preview,
until they have given a code in this session: they are sent to set up their authenticator or
to type a code, and brought back to the page they asked for."""

from urllib.parse import urlencode

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
