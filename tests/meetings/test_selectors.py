"""Reads of meetings that must answer the same on SQLite and PostgreSQL."""

import pytest

from meetings.selectors import cycle_current
from tests.factories import CycleFactory, SeriesFactory

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
