"""The response language: chosen by ?lang= or Accept-Language, stated by Content-Language,
with each fallback reported, and every language at once with ?translations=all."""

import csv
import io

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    kh = f.member_state("KH", "Cambodia", name_km="កម្ពុជា", name_lo="ກຳປູເຈຍ", name_vi="Campuchia")
    return f.MeetingFactory(
        host_country=kh,
        title_en="21st ACCSM",
        title_km="កិច្ចប្រជុំ ACCSM លើកទី២១",
        summary_en="Held by video conference.",
    )


def test_accept_language_chooses_and_content_language_says(client, meeting):
    response = client.get(f"/api/v1/meetings/{meeting.slug}/", headers={"Accept-Language": "km"})
    body = response.json()

    assert response["Content-Language"] == "km"
    assert body["language"] == "km"
    assert body["title"] == "កិច្ចប្រជុំ ACCSM លើកទី២១"
    assert body["host_country"]["name"] == "កម្ពុជា"
    assert body["portal_url"] == f"http://testserver/km/meetings/{meeting.slug}/"


def test_lang_wins_over_accept_language(client, meeting):
    response = client.get(
        f"/api/v1/meetings/{meeting.slug}/?lang=vi", headers={"Accept-Language": "km"}
    )

    assert response["Content-Language"] == "vi"
    assert response.json()["host_country"]["name"] == "Campuchia"


def test_no_language_asked_is_english(client, meeting):
    response = client.get("/api/v1/meetings/", headers={"Accept-Language": "fr-FR, de;q=0.5"})

    assert response["Content-Language"] == "en"
    assert response.json()["language"] == "en"


def test_each_field_that_fell_back_says_so(client, meeting):
    body = client.get(f"/api/v1/meetings/{meeting.slug}/?lang=km").json()

    # The title is in Khmer; the summary exists only in English.
    assert body["summary"] == "Held by video conference."
    assert body["fallbacks"] == {"summary": "en"}
    assert body["host_country"]["fallbacks"] == {}


def test_a_record_written_in_lao_falls_back_to_lao_first(client):
    country = f.CountryFactory(original_language="lo", name_lo="ສປປ ລາວ", name_en="Lao PDR")

    body = client.get(f"/api/v1/countries/{country.code}/?lang=km").json()

    assert body["name"] == "ສປປ ລາວ"
    assert body["fallbacks"] == {"name": "lo"}


def test_translations_all_gives_every_language_with_nulls(client, meeting):
    body = client.get(f"/api/v1/meetings/{meeting.slug}/?translations=all").json()

    assert body["title"] == {
        "en": "21st ACCSM",
        "km": "កិច្ចប្រជុំ ACCSM លើកទី២១",
        "lo": None,
        "vi": None,
    }
    assert body["summary"] == {
        "en": "Held by video conference.",
        "km": None,
        "lo": None,
        "vi": None,
    }
    assert body["host_country"]["name"]["lo"] == "ກຳປູເຈຍ"
    assert body["fallbacks"] == {}


def test_csv_with_translations_all_has_a_column_per_language(client, meeting):
    response = client.get("/api/v1/meetings/?format=csv&translations=all")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert [rows[0][f"title.{code}"] for code in ("en", "km", "lo", "vi")] == [
        "21st ACCSM",
        "កិច្ចប្រជុំ ACCSM លើកទី២១",
        "",
        "",
    ]
    assert rows[0]["host_country.name.vi"] == "Campuchia"
