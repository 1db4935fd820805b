"""The keys-first paginator gives the pages the plain paginator gives, rows and order."""

import datetime

import pytest
from django.core.paginator import Paginator

from accsm_portal.lib.pagination import KeysFirstPaginator
from meetings.selectors import meeting_list_public
from tests.factories import MeetingFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def test_every_page_holds_the_rows_of_the_plain_paginator_in_its_order():
    # Meetings on the same day are ordered by their series' name (a join), then their kind.
    series = [SeriesFactory(name_en=name) for name in ("Zeta body", "Alpha body", "Mid body")]
    for day in (3, 1, 2):
        for one in series:
            MeetingFactory(series=one, starts_on=datetime.date(2021, 5, day))
    MeetingFactory(starts_on=datetime.date(2020, 1, 1), publication_state="draft")
    meetings = meeting_list_public()

    plain, keys_first = Paginator(meetings, 4), KeysFirstPaginator(meetings, 4)

    assert keys_first.count == plain.count == 9
    assert keys_first.num_pages == 3
    for number in plain.page_range:
        assert list(keys_first.page(number)) == list(plain.page(number))


def test_a_page_keeps_the_related_rows_of_the_queryset(django_assert_num_queries):
    MeetingFactory(title_en="With its series")
    page = KeysFirstPaginator(meeting_list_public(), 20).page(1)

    with django_assert_num_queries(0):
        assert page[0].series.name_en
        assert page[0].host_country.name_en


def test_an_orphan_page_is_joined_to_the_one_before():
    for day in range(1, 6):
        MeetingFactory(starts_on=datetime.date(2021, 5, day))

    paginator = KeysFirstPaginator(meeting_list_public(), 2, orphans=1)

    assert paginator.num_pages == 2
    assert len(paginator.page(2)) == 3


def test_a_named_statement_gives_the_pages_of_the_plain_paginator():
    series = [SeriesFactory(name_en=name) for name in ("Zeta body", "Alpha body")]
    for day in (3, 1, 2, 4, 5):
        for one in series:
            MeetingFactory(series=one, starts_on=datetime.date(2021, 5, day))
    narrowed = meeting_list_public().filter(series=series[0])

    for meetings, name in ((meeting_list_public(), "all"), (narrowed, "zeta")):
        plain = Paginator(meetings, 3)
        # Twice: the second time from the statement kept under the name.
        for _ in range(2):
            named = KeysFirstPaginator(meetings, 3, statement=f"test:{name}")
            for number in plain.page_range:
                assert list(named.page(number)) == list(plain.page(number))


def test_an_empty_page_sends_no_query_for_its_keys(django_assert_num_queries):
    paginator = KeysFirstPaginator(meeting_list_public(), 20, count=0, statement="test:empty")

    with django_assert_num_queries(0):
        assert list(paginator.page(1)) == []
