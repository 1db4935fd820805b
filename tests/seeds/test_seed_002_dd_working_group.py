"""Seed 002 (km): the D&D inter-ministerial working group, 19 and 23 January 2024."""

import datetime

import pytest

from accsm_portal.core.models import Person, Position
from meetings.models import ActionItem, Meeting, Series
from tests.seeds.support import (
    assert_text_is_the_seed_file,
    cited_sources,
    is_verbatim,
    source,
)

pytestmark = pytest.mark.usefixtures("seeded", "db")

STEM = "002_450b68b8dc679b5d"


def test_the_source_is_the_ministry_of_civil_service_article():
    article = source(STEM)

    assert article.language == "km"
    assert article.publisher.slug == "mcs"
    assert article.published_on is None
    assert article.title_km == article.text.splitlines()[0]
    assert "23 January 2024" in article.summary_en


def test_the_source_text_is_the_seed_file_verbatim():
    assert_text_is_the_seed_file(source(STEM))


def test_a_national_series_of_the_ministry_of_civil_service():
    series = Series.objects.get(slug="mcs-dd-imwg")

    assert series.kind == "national"
    assert series.country.code == "KH"
    assert series.organisation.slug == "mcs"
    assert is_verbatim(series.name_km, source(STEM).text)
    assert series.cycles.count() == 0


def test_the_meeting_of_23_january_follows_that_of_19_january():
    earlier = Meeting.objects.get(slug="mcs-dd-imwg-2024-01-19")
    later = Meeting.objects.get(slug="mcs-dd-imwg-2024-01-23")

    assert earlier.starts_on == datetime.date(2024, 1, 19)
    assert later.starts_on == datetime.date(2024, 1, 23)
    assert later.previous == earlier
    assert list(earlier.followed_by.all()) == [later]
    for meeting in (earlier, later):
        assert (meeting.kind, meeting.mode, meeting.status) == (
            "working_group",
            "in_person",
            "held",
        )
        assert meeting.series.slug == "mcs-dd-imwg"
        assert meeting.host_country.code == "KH"
        assert is_verbatim(meeting.title_km, source(STEM).text)
    assert later.chair.slug == "yok-bunna"
    assert is_verbatim(later.summary_km, source(STEM).text)


def test_four_ministries_and_the_host_ministry_took_part():
    later = Meeting.objects.get(slug="mcs-dd-imwg-2024-01-23")
    text = source(STEM).text

    assert set(later.delegations.values_list("organisation__slug", flat=True)) == {
        "mef-kh",
        "moi-kh",
        "moh-kh",
        "moeys-kh",
        "mcs",
    }
    for delegation in later.delegations.all():
        assert delegation.country.code == "KH"
        assert is_verbatim(delegation.organisation.name_km, text)
        assert is_verbatim(delegation.note_km, text)
    host = later.delegations.get(organisation__slug="mcs")
    assert host.head.slug == "yok-bunna"
    assert [m.person.slug for m in host.members.all()] == ["yok-bunna", "tho-sethana"]


def test_tho_sethana_reported_on_the_meeting_of_19_january():
    tho_sethana = Person.objects.get(slug="tho-sethana")
    position = Position.objects.get(person=tho_sethana)
    report = Meeting.objects.get(slug="mcs-dd-imwg-2024-01-23").agenda_items.get(order=3)

    assert tho_sethana.name_km == "ថោ សេដ្ឋាណា"
    assert tho_sethana.name_km in source(STEM).text
    assert (position.organisation.slug, position.title_en) == ("mcs", "Secretary of State")
    assert position.as_of == datetime.date(2024, 1, 23)
    assert "ថ្ងៃទី១៩ ខែមករា" in report.title_km
    assert tho_sethana.name_km in report.description_km


def test_the_support_decision_and_the_three_numbered_decisions():
    later = Meeting.objects.get(slug="mcs-dd-imwg-2024-01-23")
    outcomes = list(later.outcomes.all())
    text = source(STEM).text

    assert [o.kind for o in outcomes] == ["decision"] * 4
    assert [o.order for o in outcomes] == [1, 2, 3, 4]
    assert [o.text_km[:2] for o in outcomes[1:]] == ["១)", "២)", "៣)"]
    for outcome in outcomes:
        assert is_verbatim(outcome.text_km, text)
        assert outcome.text_en
        assert cited_sources(outcome) == {STEM}


def test_the_working_group_drafts_a_concept_note_within_two_weeks():
    later = Meeting.objects.get(slug="mcs-dd-imwg-2024-01-23")
    action = ActionItem.objects.get()

    assert action.meeting == later
    assert action.outcome.order == 3
    assert action.responsible.slug == "mcs-dd-wg"
    assert action.responsible.kind == "working_group"
    assert action.responsible.parent.slug == "mcs"
    assert action.due_on == datetime.date(2024, 2, 6)
    assert action.due_on - later.starts_on == datetime.timedelta(weeks=2)
    assert action.due_is_inferred
    assert action.due_note_km == "នៅពីរសប្តាហ៍ទៀត"
    assert action.due_note_en == "within two weeks"
    assert is_verbatim(action.due_note_km, source(STEM).text)
    assert is_verbatim(action.text_km, source(STEM).text)
    assert action.status == "open"
    assert action.completed_on is None
    (citation,) = action.citations
    assert citation.source.reference == STEM
    assert "inferred" in citation.note_en
