"""The four languages are wired end to end: prefixes, names, switcher, formats."""

import datetime
import re

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import get_language_info, gettext

pytestmark = pytest.mark.django_db

NATIVE_NAMES = {"en": "English", "km": "ភាសាខ្មែរ", "lo": "ພາສາລາວ", "vi": "Tiếng Việt"}


@pytest.mark.parametrize("lang", ["en", "km", "lo", "vi"])
def test_home_page_is_served_in_each_language_and_declares_it(client, lang):
    response = client.get(f"/{lang}/")

    assert response.status_code == 200
    assert response["Content-Language"] == lang
    assert re.search(rf'<html lang="{lang}"', response.content.decode())


@pytest.mark.parametrize("lang", ["en", "km", "lo", "vi"])
def test_switcher_names_every_language_natively_and_links_to_the_same_page(client, lang):
    html = client.get(f"/{lang}/").content.decode()

    for code, name in NATIVE_NAMES.items():
        assert f'<a href="/{code}/" hreflang="{code}" lang="{code}"' in html
        assert name in html
    assert f'hreflang="{lang}" lang="{lang}" aria-current="true"' in html


def test_lao_is_known_to_django_with_its_native_name():
    assert get_language_info("lo")["name_local"] == "ພາສາລາວ"
    assert get_language_info("km")["name_local"] == "ភាសាខ្មែរ"


def test_accept_language_lo_redirects_the_root_to_the_lao_pages(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="lo")

    assert response.status_code == 302
    assert response["Location"] == "/lo/"


def test_unknown_language_prefix_is_not_found(client):
    assert client.get("/fr/").status_code == 404


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("km", "ប្រព័ន្ធកំណត់ត្រា ACCSM"),
        ("lo", "ລະບົບບັນທຶກ ACCSM"),
        ("vi", "Cổng hồ sơ ACCSM"),
    ],
)
def test_interface_text_is_translated_from_the_compiled_catalogs(lang, expected):
    with translation.override(lang):
        assert gettext("ACCSM Records Portal") == expected


@pytest.mark.parametrize("lang", ["km", "lo", "vi"])
def test_dates_are_read_day_first_in_the_asean_languages(lang):
    class MeetingDateForm(forms.Form):
        starts_on = forms.DateField(localize=True)

    with translation.override(lang):
        form = MeetingDateForm(data={"starts_on": "08/04/2021"})
        assert form.is_valid(), form.errors

    assert form.cleaned_data["starts_on"] == datetime.date(2021, 4, 8)


def test_the_week_starts_on_monday_in_vietnamese():
    from django.utils.formats import get_format

    with translation.override("vi"):
        assert get_format("FIRST_DAY_OF_WEEK") == 1
