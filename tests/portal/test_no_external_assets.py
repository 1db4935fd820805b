"""Every page loads only from the portal itself: no CDN, no font service, no tracker."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TabbedTranslationAdmin

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "km", "lo", "vi"]
STATIC_DIR = Path(settings.BASE_DIR) / "accsm_portal" / "static"
# The test client's host: an absolute URL on it is still the portal itself.
OWN_HOST = "testserver"


class AssetCollector(HTMLParser):
    """Collects (tag, attributes) of every script, stylesheet/link and image in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "link", "img"}:
            self.assets.append((tag, {name: value or "" for name, value in attrs}))


def external_references(html: str) -> list[str]:
    """The src/href of script, link and img elements that point at another host."""
    collector = AssetCollector()
    collector.feed(html)
    found = []
    for tag, attrs in collector.assets:
        url = attrs.get("src") or attrs.get("href") or ""
        if not re.match(r"^(https?:)?//", url, re.IGNORECASE):
            continue
        is_own_alternate = (
            tag == "link"
            and attrs.get("rel") == "alternate"
            and "hreflang" in attrs
            and urlsplit(url).hostname == OWN_HOST
        )
        if not is_own_alternate:
            found.append(f"<{tag}> {url}")
    return found


def test_the_checker_finds_external_references():
    html = (
        '<link rel="stylesheet" href="https://fonts.example.net/css">'
        '<script src="//cdn.example.net/jquery.js"></script>'
        '<img src="http://tracker.example.net/pixel.gif">'
        '<link rel="alternate" hreflang="km" href="http://elsewhere.example.net/km/">'
        f'<link rel="alternate" hreflang="lo" href="http://{OWN_HOST}/lo/">'
        '<script src="/static/portal/js/app.js"></script>'
    )

    assert external_references(html) == [
        "<link> https://fonts.example.net/css",
        "<script> //cdn.example.net/jquery.js",
        "<img> http://tracker.example.net/pixel.gif",
        "<link> http://elsewhere.example.net/km/",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_references_no_other_host(client, lang):
    response = client.get(f"/{lang}/")

    assert response.status_code == 200
    assert external_references(response.content.decode()) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_admin_login_page_references_no_other_host(client, lang):
    response = client.get(f"/{lang}/admin/login/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" in html or "<link" in html
    assert external_references(html) == []


def test_stylesheets_load_fonts_and_images_only_from_our_static_files():
    for css in STATIC_DIR.glob("**/*.css"):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8"))
        assert urls, css
        for url in urls:
            assert not re.match(r"^(https?:)?//", url), f"{css.name}: {url}"
            assert (css.parent / url).resolve().is_file(), f"{css.name}: {url} is missing"


def test_modeltranslation_loads_jquery_ui_from_our_static_folder():
    found = finders.find(mt_settings.JQUERY_UI_URL)

    assert found is not None, mt_settings.JQUERY_UI_URL
    assert Path(found).is_relative_to(STATIC_DIR)
    assert static(mt_settings.JQUERY_UI_URL) == f"{settings.STATIC_URL}{mt_settings.JQUERY_UI_URL}"


def test_the_tabbed_translation_admin_loads_its_scripts_from_the_portal():
    media = forms.Media(js=TabbedTranslationAdmin.Media.js)

    assert f"{settings.STATIC_URL}{mt_settings.JQUERY_UI_URL}" in str(media)
    assert external_references(str(media)) == []
