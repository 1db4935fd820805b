"""The Content-Security-Policy header is built once per process for responses that do not
change it (core/middleware.py, ContentSecurityPolicyMiddleware), and is then exactly the one
django-csp builds; a response that reads a nonce or sets its own policy still gets its own."""

from csp.constants import HEADER
from csp.decorators import csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from accsm_portal.core.middleware import ContentSecurityPolicyMiddleware


def _headers(view, middleware_class) -> str:
    request = RequestFactory().get("/")
    middleware = middleware_class(view)
    middleware.process_request(request)
    return middleware.process_response(request, view(request))[HEADER]


def plain(request):
    return HttpResponse("ok")


def with_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


@csp_update({"img-src": ["https://tiles.example.org"]})
def own_policy(request):
    return HttpResponse("map")


def test_a_plain_response_gets_django_csp_s_own_policy_every_time():
    expected = _headers(plain, CSPMiddleware)

    assert _headers(plain, ContentSecurityPolicyMiddleware) == expected
    assert _headers(plain, ContentSecurityPolicyMiddleware) == expected


def test_a_response_that_read_a_nonce_gets_a_policy_with_that_nonce():
    first = _headers(with_nonce, ContentSecurityPolicyMiddleware)
    second = _headers(with_nonce, ContentSecurityPolicyMiddleware)

    assert "'nonce-" in first
    assert first != second  # a fresh nonce per response, never a kept header
    assert "'nonce-" not in _headers(plain, ContentSecurityPolicyMiddleware)


def test_a_view_s_own_policy_is_applied():
    header = _headers(own_policy, ContentSecurityPolicyMiddleware)

    assert "https://tiles.example.org" in header
    assert "https://tiles.example.org" not in _headers(plain, ContentSecurityPolicyMiddleware)


def test_a_changed_setting_changes_the_header():
    _headers(plain, ContentSecurityPolicyMiddleware)  # kept
    with override_settings(
        CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}},
    ):
        assert _headers(plain, ContentSecurityPolicyMiddleware) == "default-src 'none'"
    assert "default-src 'self'" in _headers(plain, ContentSecurityPolicyMiddleware)
