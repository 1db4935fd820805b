"""The browser fixture's own guarantee: a request to another host is blocked and recorded.

Every page in every language is checked in test_portal_pages.py (language, switcher, fonts,
phone width, no external request, accessibility)."""

import pytest

pytestmark = pytest.mark.browser


def test_requests_to_other_hosts_are_blocked_and_recorded(page, live_server, external_requests):
    page.goto(f"{live_server.url}/en/")

    outcome = page.evaluate(
        """() => fetch("https://cdn.example.net/lib.js").then(() => "loaded", () => "blocked")"""
    )

    assert outcome == "blocked"
    assert external_requests == ["https://cdn.example.net/lib.js"]
