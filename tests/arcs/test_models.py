"""An ARC's theme history: periods never overlap, and a revision adds a period."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accsm_portal.core.models import Country
from arcs.models import ThemePeriod
from arcs.services import theme_period_revise
from tests.factories import CountryFactory, ResourceCentreFactory, ThemePeriodFactory

pytestmark = pytest.mark.django_db


def test_an_overlapping_theme_period_is_refused_with_the_clashing_theme_named():
    current = ThemePeriodFactory(
        theme_en="Public service delivery", starts_on=datetime.date(2017, 5, 1)
    )
    overlapping = ThemePeriodFactory.build(
        centre=current.centre, theme_en="Something else", starts_on=datetime.date(2018, 1, 1)
    )

    with pytest.raises(ValidationError) as refused:
        overlapping.full_clean()

    assert "Public service delivery" in refused.value.messages[0]


def test_a_period_ending_before_the_next_begins_is_accepted():
    centre = ResourceCentreFactory()
    ThemePeriodFactory(
        centre=centre,
        starts_on=datetime.date(2015, 1, 1),
        ends_on=datetime.date(2015, 12, 31),
        date_precision="year",
    )

    ThemePeriodFactory.build(centre=centre, starts_on=datetime.date(2017, 5, 1)).full_clean()


def test_a_revision_closes_the_current_theme_and_keeps_it_in_the_history():
    current = ThemePeriodFactory(
        theme_en="Personnel management", starts_on=datetime.date(2017, 5, 1)
    )

    new = theme_period_revise(
        centre=current.centre,
        starts_on=datetime.date(2020, 1, 1),
        themes={"en": "Supporting public service reform", "vi": "Hỗ trợ cải cách công vụ"},
        original_language="en",
    )

    current.refresh_from_db()
    assert current.ends_on == datetime.date(2019, 12, 31)
    assert list(ThemePeriod.objects.filter(centre=current.centre)) == [current, new]
    assert new.theme_vi == "Hỗ trợ cải cách công vụ"


def test_a_revision_dated_before_the_current_theme_is_refused_and_changes_nothing():
    current = ThemePeriodFactory(starts_on=datetime.date(2017, 5, 1))

    with pytest.raises(ValidationError):
        theme_period_revise(
            centre=current.centre,
            starts_on=datetime.date(2016, 1, 1),
            themes={"en": "Earlier"},
            original_language="en",
        )

    current.refresh_from_db()
    assert current.ends_on is None
    assert ThemePeriod.objects.count() == 1


def test_an_arc_belongs_to_a_member_state():
    centre = ResourceCentreFactory.build(
        country=CountryFactory(code="JP", standing=Country.Standing.PLUS_THREE)
    )

    with pytest.raises(ValidationError) as refused:
        centre.full_clean()
    assert refused.value.message_dict["country"] == ["ARCs belong to ASEAN member states."]
