"""Reads of meetings that must answer the same on SQLite and PostgreSQL."""

import datetime

import pytest

from meetings.selectors import cycle_current, meeting_host_countries_public, meeting_years_public
from tests.factories import CountryFactory, CycleFactory, MeetingFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def test_the_current_chairmanship_is_the_highest_cycle_even_when_years_are_unknown():
    # given the seeds' situation: cycle 21 has years, 20 and 22 do not
    accsm = SeriesFactory(acronym_en="ACCSM")
    CycleFactory(series=accsm, number=20)
    CycleFactory(series=accsm, number=21, starts_year=2021, ends_year=2022)
    brunei = CycleFactory(series=accsm, number=22)

    assert cycle_current() == brunei


def test_a_draft_cycle_is_never_the_current_one():
    accsm = SeriesFactory(acronym_en="ACCSM")
    published = CycleFactory(series=accsm, number=21)
    CycleFactory(series=accsm, number=22, publication_state="draft")

    assert cycle_current() == published


def test_the_year_choices_are_the_years_of_published_meetings_newest_first():
    MeetingFactory(starts_on=datetime.date(2019, 1, 19))
    MeetingFactory(starts_on=datetime.date(2021, 12, 31))
    MeetingFactory(starts_on=datetime.date(2021, 1, 1))
    MeetingFactory(starts_on=datetime.date(1998, 6, 2), publication_state="draft")

    assert meeting_years_public() == [2021, 2019]


def test_the_host_choices_are_the_countries_hosting_a_published_meeting_by_name():
    thailand = CountryFactory(code="TH", name_en="Thailand")
    brunei = CountryFactory(code="BN", name_en="Brunei Darussalam")
    CountryFactory(code="VN", name_en="Viet Nam")
    laos = CountryFactory(code="LA", name_en="Lao PDR")
    MeetingFactory(host_country=thailand)
    MeetingFactory(host_country=thailand)
    MeetingFactory(host_country=brunei)
    MeetingFactory(host_country=laos, publication_state="draft")

    assert list(meeting_host_countries_public()) == [brunei, thailand]


def test_card_rows_are_the_published_meetings_of_the_keys_in_their_order():
    from meetings.selectors import meeting_card_rows

    cambodia = CountryFactory(code="KH", name_en="Cambodia", name_km="កម្ពុជា")
    hosted = MeetingFactory(
        title_en="Hosted",
        host_country=cambodia,
        starts_on=datetime.date(2021, 4, 8),
        ends_on=datetime.date(2021, 4, 9),
        date_is_inferred=True,
    )
    online = MeetingFactory(title_en="Online", host_country=None)
    draft = MeetingFactory(publication_state="draft")

    # Twice: the second read reuses the statement kept for two keys.
    for _ in range(2):
        rows = meeting_card_rows([online.pk, draft.pk, hosted.pk])

        assert [row.slug for row in rows] == [online.slug, hosted.slug]
        assert rows[0].host_country is None
        assert rows[1].title_en == "Hosted"
        assert (rows[1].starts_on, rows[1].ends_on) == (
            datetime.date(2021, 4, 8),
            datetime.date(2021, 4, 9),
        )
        assert rows[1].date_is_inferred is True
        assert (rows[1].host_country.code, rows[1].host_country.name_km) == ("KH", "កម្ពុជា")
    assert meeting_card_rows([]) == []
