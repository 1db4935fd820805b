"""The main portal pages in real Chromium, in each of the four languages.

One test per language walks every main page, so the browser starts once and each page loads
once per width; every problem found is collected and reported together. For each page: the
declared language, translated navigation, fonts (Khmer and Lao glyphs drawn by the web fonts
the portal serves, not a system font), the fallback note, a 360-pixel phone without horizontal
scrolling, no request to another host, and no serious or critical axe-core violation.
Screenshots are kept in test-artifacts/screenshots/<page>-<lang>.png (and -phone.png).
"""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.browser.conftest import SCREENSHOT_DIR
from tests.pages import ENGLISH_ONLY_TITLE, LAO_ONLY_TITLE, build_portal
from tests.portal.test_pages import main_pages

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "km", "lo", "vi"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
NAVIGATION = [
    "Home",
    "Meetings",
    "Calendar",
    "Work plans",
    "ASEAN Resource Centres",
    "Member states",
    "Documents",
]
SCRIPTS = {
    "km": ("Noto Sans Khmer", r"[\u1780-\u17FF]"),
    "lo": ("Noto Sans Lao", r"[\u0E80-\u0EFF]"),
}


def serious_accessibility_violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools, not added as a <script>: the portal's
        # Content-Security-Policy refuses inline scripts, and rightly so.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target).join(" ")}`);
        }"""
    )
    return violations


def fonts_drawing(page, selector: str) -> list[dict]:
    """The fonts Chromium actually used for the text of the first element matching `selector`
    (DevTools' CSS.getPlatformFontsForNode): family name, web font or not, glyph count."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            return []
        # The element's own text node(s) are what is drawn.
        described = session.send("DOM.describeNode", {"nodeId": node, "depth": 1})["node"]
        fonts = []
        for child in described.get("children", []):
            if child.get("nodeType") == 3:  # text
                pushed = session.send(
                    "DOM.pushNodesByBackendIdsToFrontend",
                    {"backendNodeIds": [child["backendNodeId"]]},
                )["nodeIds"][0]
                fonts += session.send("CSS.getPlatformFontsForNode", {"nodeId": pushed})["fonts"]
        if not fonts:
            fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return fonts
    finally:
        session.detach()


def check_script_font(page, lang: str, selector: str) -> list[str]:
    """Khmer or Lao text in `selector` is drawn with the portal's own web font."""
    family, script = SCRIPTS[lang]
    problems = []
    text = page.locator(selector).first.inner_text()
    if not re.search(script, text):
        return [f"{selector} holds no {lang} text: {text!r}"]
    state = page.evaluate(
        """async (family) => {
            await document.fonts.ready;
            const faces = [...document.fonts].filter(
                (f) => f.family.replaceAll('"', "") === family);
            return {statuses: faces.map((f) => f.status),
                    check: document.fonts.check(`16px "${family}"`)};
        }""",
        family,
    )
    if "loaded" not in state["statuses"] or not state["check"]:
        problems.append(f"the served {family} did not load: {state}")
    drawn = [f for f in fonts_drawing(page, selector) if f["glyphCount"]]
    if not any(f["familyName"] == family and f["isCustomFont"] for f in drawn):
        problems.append(f"{selector} is not drawn with the served {family}: {drawn}")
    if any(not f["isCustomFont"] for f in drawn):
        problems.append(f"{selector} falls back to a system font: {drawn}")
    return problems


def check_page(page, lang: str, name: str, english_navigation: list[str]) -> list[str]:
    problems = []
    if page.locator("html").get_attribute("lang") != lang:
        problems.append("html lang")
    with translation.override(lang):
        expected = [gettext(label) for label in NAVIGATION]
    navigation = [t.strip() for t in page.locator("nav.site-nav a").all_inner_texts()]
    if navigation != expected:
        problems.append(f"navigation {navigation} != {expected}")
    if lang != "en" and set(navigation) & set(english_navigation):
        problems.append(f"English navigation labels: {set(navigation) & set(english_navigation)}")
    if lang in SCRIPTS:
        problems += check_script_font(page, lang, "main h1")
    problems += serious_accessibility_violations(page)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-{lang}.png"), full_page=True)

    page.set_viewport_size(PHONE)
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll_width > client_width:
        problems.append(f"scrolls sideways on a phone: {scroll_width} > {client_width}")
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-{lang}-phone.png"))
    page.set_viewport_size(DESKTOP)
    return [f"{name} ({lang}): {problem}" for problem in problems]


def check_fallback(page, lang: str) -> list[str]:
    """On the work-plan page: text missing in the page's language is shown in its original,
    marked with `lang`, followed by a visible note in the page's language."""
    from accsm_portal.lib.i18n import Translated
    from accsm_portal.templatetags.portal import fallback_note_text

    shown_in, title = ("lo", LAO_ONLY_TITLE) if lang == "en" else ("en", ENGLISH_ONLY_TITLE)
    fallback = page.locator(f'.fallback[lang="{shown_in}"]', has_text=title)
    if not fallback.count() or not fallback.first.is_visible():
        return [f"no visible fallback text in {shown_in}"]
    note = fallback.first.locator("xpath=following-sibling::span[1]")
    with translation.override(lang):
        expected = fallback_note_text(Translated(value=title, language=shown_in, requested=lang))
    problems = []
    if note.get_attribute("class") != "fallback-note" or not note.is_visible():
        problems.append("the fallback note is missing or hidden")
    elif note.inner_text() != expected:
        problems.append(f"fallback note {note.inner_text()!r} != {expected!r}")
    if shown_in == "lo":
        # Lao text on the English page is drawn with the served Lao font too.
        problems += check_script_font(page, "lo", '.fallback[lang="lo"]')
    return problems


def check_switcher(page, live_server, lang: str, path: str) -> list[str]:
    """The switcher names every language natively and lands on the same page (and query)."""
    problems = []
    names = page.locator("nav.language-switcher a").all_inner_texts()
    if names != ["English", "ភាសាខ្មែរ", "ພາສາລາວ", "Tiếng Việt"]:
        problems.append(f"switcher names {names}")
    current = page.locator('nav.language-switcher a[aria-current="true"]')
    if current.count() != 1 or current.get_attribute("hreflang") != lang:
        problems.append("switcher does not mark the current language")
    target = LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)]
    page.locator(f'nav.language-switcher a[hreflang="{target}"]').click()
    page.wait_for_load_state()
    if page.url != f"{live_server.url}/{target}/{path}":
        problems.append(f"switching to {target} landed on {page.url}")
    if page.locator("html").get_attribute("lang") != target:
        problems.append(f"switched page is not in {target}")
    page.go_back()
    return problems


def check_keyboard(page) -> list[str]:
    """The first Tab reaches the skip link, focus is visible, and it moves focus to main."""
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    if focused.get_attribute("href") != "#main":
        return ["the first Tab does not reach the skip link"]
    problems = []
    if focused.evaluate("(el) => getComputedStyle(el).outlineStyle") == "none":
        problems.append("focus is not visible on the skip link")
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.id") != "main":
        problems.append("the skip link does not move focus to the main content")
    return problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_main_pages_read_natively_in_each_language(page, live_server, external_requests, lang):
    portal = build_portal(2)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(DESKTOP)
    problems = []

    for name, path in main_pages(portal).items():
        if name == "activity":  # its title exists only in English: checked in test_pages.py
            continue
        response = page.goto(f"{live_server.url}/{lang}/{path}")
        if response is None or response.status != 200:
            problems.append(f"{name} ({lang}): status {response and response.status}")
            continue
        page.evaluate("document.fonts.ready")
        problems += check_page(page, lang, name, NAVIGATION)
        extra = []
        if name == "workplan":
            extra += check_fallback(page, lang)
        if name == "meetings":
            extra += check_keyboard(page)
        if name in {"home", "calendar"}:
            extra += check_switcher(page, live_server, lang, path)
        problems += [f"{name} ({lang}): {problem}" for problem in extra]

    assert problems == []
    assert external_requests == []


def test_the_checks_find_a_missing_font_and_an_accessibility_violation(page, live_server):
    # A page whose Khmer heading is set in a font the portal does not serve, with an image
    # without alternative text: both checks must complain.
    page.goto(f"{live_server.url}/km/")
    page.evaluate(
        """() => {
            document.querySelector("main h1").style.fontFamily = "DejaVu Sans, sans-serif";
            const img = document.createElement("img");
            img.src = "/static/portal/missing.png";
            document.querySelector("main").append(img);
        }"""
    )

    assert check_script_font(page, "km", "main h1") != []
    assert any(v.startswith("image-alt") for v in serious_accessibility_violations(page))
