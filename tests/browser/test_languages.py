"""The browser fixture's own guarantee: a request to another host is blocked and recorded.

Every page in every language is checked in test_portal_pages.py (language, switcher, fonts,
phone width, no external request, accessibility)."""

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = pytest.mark.browser


def test_requests_to_other_hosts_are_blocked_and_recorded(page, live_server, external_requests):
    # A top-level navigation: no page's Content-Security-Policy stands in the way, so this is
    # the fixture's own blocking.
    with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("https://cdn.example.net/lib.js")

    assert external_requests == ["https://cdn.example.net/lib.js"]


def test_portal_pages_refuse_requests_to_other_hosts_before_they_leave(
    page, live_server, external_requests
):
    page.goto(f"{live_server.url}/en/")

    outcome = page.evaluate(
        """() => fetch("https://cdn.example.net/lib.js").then(() => "loaded", () => "blocked")"""
    )

    # The portal's Content-Security-Policy (connect-src 'self') stops it in the page, so the
    # request is never even made.
    assert outcome == "blocked"
    assert external_requests == []
