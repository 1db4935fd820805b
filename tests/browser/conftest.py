"""Playwright driving Debian's Chromium against pytest-django's live server.

Chromium comes from the system (`apt-get install chromium`); Playwright never downloads a
browser of its own. Without /usr/bin/chromium these tests skip, unless REQUIRE_BROWSER=1 (CI),
where a missing browser is a failure.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread, which makes Django refuse ORM
# calls there ("async context"); the tests themselves are synchronous, so that guard is moot.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# The flags from docs (OPERATIONS.md): without the background-networking ones Chromium tries
# Google's services at every start, which this closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOT_DIR = Path(
    os.environ.get("SCREENSHOT_DIR", Path(settings.BASE_DIR) / "test-artifacts" / "screenshots")
)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def external_requests() -> list[str]:
    """Every request the page tried to make to a host other than the live server (blocked)."""
    return []


@pytest.fixture
def page(browser, live_server, external_requests, request) -> Iterator:
    """A fresh page that may only talk to the live server; a screenshot is kept afterwards."""
    own_origin = urlsplit(live_server.url).netloc
    context = browser.new_context(locale="en-GB")

    def only_the_live_server(route):
        url = route.request.url
        if urlsplit(url).netloc == own_origin:
            route.continue_()
        else:
            external_requests.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", only_the_live_server)
    page = context.new_page()
    yield page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)
    context.close()
