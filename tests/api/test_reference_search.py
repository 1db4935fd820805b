"""`q` on the reference lists the search index does not cover follows the same text rules."""

import unicodedata

import pytest

from tests.factories import CountryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def countries():
    return {
        "kh": CountryFactory(code="KH", name_en="Cambodia", name_km="ព្រះរាជាណាចក្រកម្ពុជា"),
        "vn": CountryFactory(code="VN", name_en="Viet Nam", name_vi="Việt Nam"),
        "la": CountryFactory(
            code="LA", name_en="Lao PDR", name_lo="ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ"
        ),
    }


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["code"] for row in response.json()["results"])


def test_khmer_inside_a_longer_run_finds_the_country(client, countries):
    assert codes(client.get("/api/v1/countries/", {"q": "កម្ពុជា"})) == ["KH"]


def test_vietnamese_without_accents_and_in_nfd_finds_the_country(client, countries):
    assert codes(client.get("/api/v1/countries/", {"q": "viet nam"})) == ["VN"]
    nfd = unicodedata.normalize("NFD", "Việt")
    assert codes(client.get("/api/v1/countries/", {"q": nfd})) == ["VN"]


def test_a_zero_width_space_in_the_query_does_not_break_the_match(client, countries):
    assert codes(client.get("/api/v1/countries/", {"q": "ປະຊາ\u200bຊົນ"})) == ["LA"]


def test_organisations_are_matched_in_every_language(client):
    OrganisationFactory(
        name_en="Ministry of Civil Service", name_km="ក្រសួងមុខងារសាធារណៈ", acronym_en="MCS"
    )
    OrganisationFactory(name_en="Ministry of Home Affairs")

    response = client.get("/api/v1/organisations/", {"q": "មុខងារសាធារណៈ"})

    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Ministry of Civil Service"]


def test_a_one_character_query_is_a_400_naming_q(client, countries):
    response = client.get("/api/v1/countries/", {"q": "ក"})

    assert response.status_code == 400
    assert "q" in response.content.decode()
