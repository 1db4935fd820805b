"""The rules a meeting record keeps, refused both by validation and by the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import Delegation, Meeting
from tests.factories import CycleFactory, DelegationFactory, MeetingFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def test_a_meeting_ending_before_it_starts_is_refused_with_a_clear_message():
    meeting = MeetingFactory.build(
        series=SeriesFactory(),
        host_country=None,
        starts_on=datetime.date(2020, 11, 18),
        ends_on=datetime.date(2020, 11, 17),
    )

    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()

    assert refused.value.message_dict["ends_on"] == [
        "A meeting must end on or after the day it starts."
    ]


def test_the_database_refuses_a_meeting_ending_before_it_starts():
    meeting = MeetingFactory()
    meeting.ends_on = meeting.starts_on - datetime.timedelta(days=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(ends_on=meeting.ends_on)


def test_a_one_day_meeting_may_end_the_day_it_starts():
    meeting = MeetingFactory.build(
        series=SeriesFactory(), host_country=None, ends_on=datetime.date(2021, 4, 8)
    )

    meeting.full_clean()


def test_a_second_meeting_of_the_same_series_kind_number_and_date_is_refused():
    first = MeetingFactory(number=21, kind=Meeting.Kind.SOM)
    twin = MeetingFactory.build(
        series=first.series,
        kind=first.kind,
        number=21,
        starts_on=first.starts_on,
        host_country=None,
    )

    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert (
        "This series already has a meeting of this kind and number on this date."
        in refused.value.messages
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_the_preparatory_meeting_and_the_som_of_one_day_are_two_meetings():
    som = MeetingFactory(number=21, kind=Meeting.Kind.SOM)
    preparatory = MeetingFactory.build(
        series=som.series,
        kind=Meeting.Kind.PREPARATORY,
        number=21,
        starts_on=som.starts_on,
        parent=som,
        host_country=None,
    )

    preparatory.full_clean()
    preparatory.save()

    assert list(som.parts.all()) == [preparatory]


@pytest.mark.parametrize(
    ("precision", "starts_on", "valid"),
    [
        ("month", datetime.date(2009, 10, 1), True),
        ("month", datetime.date(2009, 10, 15), False),
        ("year", datetime.date(1981, 1, 1), True),
        ("year", datetime.date(1981, 6, 1), False),
        ("day", datetime.date(2021, 4, 8), True),
    ],
)
def test_the_stored_date_agrees_with_its_precision(precision, starts_on, valid):
    meeting = MeetingFactory.build(
        series=SeriesFactory(), host_country=None, starts_on=starts_on, date_precision=precision
    )

    if valid:
        meeting.full_clean()
    else:
        with pytest.raises(ValidationError) as refused:
            meeting.full_clean()
        assert "starts_on" in refused.value.message_dict


def test_a_delegation_with_more_women_than_members_is_refused():
    delegation = DelegationFactory.build(meeting=MeetingFactory(), size=14, women=15)

    with pytest.raises(ValidationError) as refused:
        delegation.full_clean()
    assert "The number of women cannot exceed the size of the delegation." in refused.value.messages


def test_the_database_refuses_more_women_than_members():
    delegation = DelegationFactory(size=14, women=5)

    with pytest.raises(IntegrityError), transaction.atomic():
        Delegation.objects.filter(pk=delegation.pk).update(women=15)


def test_women_share_is_computed_from_the_counts():
    delegation = DelegationFactory(size=14, women=5)

    assert delegation.women_share == pytest.approx(5 / 14)


def test_a_cycle_from_another_series_is_refused():
    meeting = MeetingFactory.build(series=SeriesFactory(), host_country=None)
    meeting.cycle = CycleFactory()

    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert refused.value.message_dict["cycle"] == [
        "The chairmanship cycle belongs to another series."
    ]
