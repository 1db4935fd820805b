"""The home page in a real browser, in each of the four languages."""

import re

import pytest

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "km", "lo", "vi"]
NATIVE_NAMES = ["English", "ភាសាខ្មែរ", "ພາສາລາວ", "Tiếng Việt"]
NARROW_PHONE = {"width": 360, "height": 740}


def other_language(lang: str) -> str:
    return LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_declares_its_language_and_offers_the_others(page, live_server, lang):
    page.goto(f"{live_server.url}/{lang}/")

    assert page.locator("html").get_attribute("lang") == lang
    switcher = page.locator("nav.language-switcher a")
    assert switcher.all_inner_texts() == NATIVE_NAMES
    current = page.locator('nav.language-switcher a[aria-current="true"]')
    assert current.count() == 1
    assert current.get_attribute("hreflang") == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_switcher_lands_on_the_same_page_in_the_chosen_language(page, live_server, lang):
    target = other_language(lang)
    page.goto(f"{live_server.url}/{lang}/")

    page.locator(f'nav.language-switcher a[hreflang="{target}"]').click()
    page.wait_for_url(f"{live_server.url}/{target}/")

    assert page.locator("html").get_attribute("lang") == target
    current = page.locator('nav.language-switcher a[aria-current="true"]')
    assert current.get_attribute("hreflang") == target


def test_requests_to_other_hosts_are_blocked_and_recorded(page, live_server, external_requests):
    page.goto(f"{live_server.url}/en/")

    outcome = page.evaluate(
        """() => fetch("https://cdn.example.net/lib.js").then(() => "loaded", () => "blocked")"""
    )

    assert outcome == "blocked"
    assert external_requests == ["https://cdn.example.net/lib.js"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_makes_no_external_request(page, live_server, external_requests, lang):
    page.goto(f"{live_server.url}/{lang}/", wait_until="networkidle")
    page.evaluate("document.fonts.ready")

    assert external_requests == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_fits_a_narrow_phone_without_horizontal_scrolling(page, live_server, lang):
    page.set_viewport_size(NARROW_PHONE)
    page.goto(f"{live_server.url}/{lang}/")
    page.evaluate("document.fonts.ready")

    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert client_width == NARROW_PHONE["width"]
    assert scroll_width <= client_width


@pytest.mark.parametrize(
    ("lang", "family", "letter", "script"),
    [
        pytest.param("km", "Noto Sans Khmer", "ក", r"[\u1780-\u17FF]", id="km"),
        pytest.param("lo", "Noto Sans Lao", "ກ", r"[\u0E80-\u0EFF]", id="lo"),
    ],
)
def test_khmer_and_lao_titles_render_with_the_font_the_portal_serves(
    page, live_server, lang, family, letter, script
):
    page.goto(f"{live_server.url}/{lang}/")
    assert re.search(script, page.locator("main h1").inner_text())

    # check() alone is also true for a family the page never declared, so the test first
    # asserts that the portal's own @font-face for it was downloaded and loaded.
    fonts = page.evaluate(
        """async ([family, letter]) => {
            await document.fonts.ready;
            const faces = [...document.fonts].filter(
                (face) => face.family.replaceAll('"', "") === family
            );
            return {
                statuses: faces.map((face) => face.status),
                check: document.fonts.check(`16px "${family}"`, letter),
            };
        }""",
        [family, letter],
    )
    assert "loaded" in fonts["statuses"]
    assert fonts["check"] is True
