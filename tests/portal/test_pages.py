"""Every main portal page in every language: it opens, declares its language, is valid HTML,
loads nothing from another host, and on km/lo/vi shows none of our English interface text."""

import re
from html.parser import HTMLParser
from pathlib import Path

import html5lib
import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from tests.pages import ENGLISH_ONLY_TITLE, LAO_ONLY_TITLE, build_portal
from tests.portal.test_no_external_assets import external_references

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "km", "lo", "vi"]
# Proper names and acronyms read the same in every language.
SAME_IN_EVERY_LANGUAGE = {"ACCSM", "ACCSM+3", "ASEAN", "ARC", "SOM", "iCal", "ACCSM Records Portal"}


@pytest.fixture
def portal():
    return build_portal(2)


def main_pages(portal) -> dict[str, str]:
    """Page name -> path without the language prefix."""
    return {
        "home": "",
        "meetings": "meetings/",
        "meeting": f"meetings/{portal.meetings[0].slug}/",
        "calendar": f"meetings/calendar/?month={portal.meetings[0].starts_on:%Y-%m}",
        "workplans": "workplans/",
        "workplan": f"workplans/{portal.work_plan.slug}/",
        "activity": f"workplans/activities/{portal.english_only_activity.slug}/",
        "arcs": "arcs/",
        "arc": f"arcs/{portal.centres[0].slug}/",
        "states": "states/",
        "state": "states/vn/",
        "documents": "documents/",
        "document": f"documents/{portal.public_document.slug}/",
        "login": "accounts/login/",
    }


class VisibleText(HTMLParser):
    """Text nodes and readable attributes in the page's own language (not in content shown in
    another language, which carries its own `lang`), and not in scripts or styles."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    READABLE_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")

    def __init__(self, page_language: str) -> None:
        super().__init__()
        self.page_language = page_language
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    def foreign(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        # The language switcher names each language in itself, on purpose.
        skip = tag in {"script", "style"} or (
            lang is not None and lang != self.page_language and tag != "html"
        )
        if not self.foreign() and not skip:
            self.texts += [attributes[a] for a in self.READABLE_ATTRIBUTES if attributes.get(a)]
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.foreign():
            self.texts.append(text)


def visible_texts(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    return parser.texts


def our_english_messages() -> list[str]:
    """Our translated msgids (singular and plural), whitespace normalised."""
    path = Path(settings.BASE_DIR) / "locale" / "km" / "LC_MESSAGES" / "django.po"
    with path.open("rb") as po:
        catalog = read_po(po)
    found = []
    for message in catalog:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            text = " ".join((msgid or "").split())
            if len(text) >= 3 and text not in SAME_IN_EVERY_LANGUAGE and re.search("[a-z]", text):
                found.append(text)
    return found


def english_interface_text(texts: list[str], messages: list[str]) -> list[str]:
    """The texts that are one of our msgids as a whole (a placeholder matches anything)."""
    plain = {m for m in messages if "%(" not in m}
    templates = []
    for message in messages:
        pieces = re.split(r"%\(\w+\)[sd]", message)
        if len(pieces) > 1 and any(len(p.strip()) >= 3 for p in pieces):
            templates.append(".+?".join(re.escape(p) for p in pieces))
    combined = re.compile("^(?:" + "|".join(templates) + ")$")
    return [t for t in texts if t in plain or combined.match(t)]


def test_the_text_collector_skips_content_in_another_language():
    html = (
        '<html lang="km"><body><h1>ស្វែងរក</h1><p>Meetings</p>'
        '<span lang="en">English title</span><nav aria-label="Main"></nav>'
        "<script>var x = 'Documents';</script></body></html>"
    )

    assert visible_texts(html, "km") == ["ស្វែងរក", "Meetings", "Main"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_main_page_opens_in_each_language_and_declares_it(client, portal, lang):
    for name, path in main_pages(portal).items():
        response = client.get(f"/{lang}/{path}")

        assert response.status_code == 200, name
        html = response.content.decode()
        assert f'<html lang="{lang}"' in html, name
        assert external_references(html) == [], name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_main_page_is_valid_html(client, portal, lang):
    parser = html5lib.HTMLParser(strict=True)
    for name, path in main_pages(portal).items():
        html = client.get(f"/{lang}/{path}").content.decode()

        try:
            parser.parse(html)
        except html5lib.html5parser.ParseError as error:
            pytest.fail(f"{name} in {lang}: {error}")
        assert len(re.findall(r"<h1[ >]", html)) == 1, f"{name} has one h1"
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids"


@pytest.mark.parametrize("lang", ["km", "lo", "vi"])
def test_no_english_interface_text_on_khmer_lao_and_vietnamese_pages(client, portal, lang):
    messages = our_english_messages()
    assert len(messages) > 100  # the catalog was read
    for name, path in main_pages(portal).items():
        html = client.get(f"/{lang}/{path}").content.decode()

        english = english_interface_text(visible_texts(html, lang), messages)
        assert english == [], f"{name} in {lang} shows English interface text"


def test_the_english_check_would_catch_an_untranslated_label(client, portal):
    messages = our_english_messages()
    html = '<html lang="km"><body><dt>Head of delegation</dt><p>Page 1 of 2</p></body></html>'

    found = english_interface_text(visible_texts(html, "km"), messages)

    assert found == ["Head of delegation", "Page 1 of 2"]


@pytest.mark.parametrize("lang", ["km", "lo", "vi"])
def test_text_missing_in_the_page_language_is_shown_in_english_with_a_note(client, portal, lang):
    html = client.get(f"/{lang}/workplans/{portal.work_plan.slug}/").content.decode()

    assert f'<span class="fallback" lang="en">{ENGLISH_ONLY_TITLE}</span>' in html
    note = {
        "km": "បង្ហាញជាភាសាអង់គ្លេស៖ មិនទាន់មានការបកប្រែជាភាសាខ្មែរនៅឡើយ",
        "lo": "ສະແດງເປັນພາສາອັງກິດ: ຍັງບໍ່ມີສະບັບແປເປັນພາສາລາວ",
        "vi": "Hiển thị bằng Tiếng Anh: chưa có bản dịch Tiếng Việt",
    }[lang]
    assert f'<span class="fallback-note">{note}</span>' in html


def test_a_lao_original_is_shown_in_lao_on_the_english_page_with_a_note(client, portal):
    html = client.get(f"/en/workplans/{portal.work_plan.slug}/").content.decode()

    assert f'<span class="fallback" lang="lo">{LAO_ONLY_TITLE}</span>' in html
    assert "Shown in Lao: no English translation yet" in html


def test_text_present_in_the_page_language_carries_no_note(client, portal):
    html = client.get(f"/vi/meetings/{portal.meetings[0].slug}/").content.decode()

    assert "Hội nghị Quan chức cấp cao ACCSM lần thứ 21" in html
    assert "<h1>Hội nghị Quan chức cấp cao ACCSM lần thứ 21</h1>" in html
