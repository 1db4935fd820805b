"""Seed 001 (km): the introduction to ACCSM: history, work plans, ARCs, ACCSM+3."""

import datetime

import pytest

from accsm_portal.core.models import Document, Source
from arcs.models import ResourceCentre, ThemePeriod
from meetings.models import Meeting, Series
from tests.seeds.support import (
    assert_text_is_the_seed_file,
    cited_sources,
    is_verbatim,
    source,
)
from workplans.models import WorkPlan

pytestmark = pytest.mark.usefixtures("seeded", "db")

STEM = "001_d56aad44b791df8f"
ASEAN_ORDER = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]


def test_the_source_is_the_khmer_introduction_with_no_known_publisher_or_date():
    page = source(STEM)

    assert page.language == "km"
    assert page.publisher is None
    assert page.published_on is None
    assert page.title_km == "សេចក្តីផ្តើមសន្និសីទអាស៊ានស្តីពីកិច្ចការមុខងារសាធារណៈ (ACCSM)"
    assert page.title_km in page.text
    assert page.title_en == "Introduction to the ASEAN Conference on Civil Service Matters (ACCSM)"


def test_the_source_text_is_the_seed_file_verbatim():
    assert_text_is_the_seed_file(source(STEM))


def test_the_accsm_series_carries_its_history_and_new_name():
    accsm = Series.objects.get(slug="accsm")
    text = source(STEM).text

    assert accsm.kind == "accsm"
    assert accsm.name_en == "ASEAN Cooperation on Civil Service Matters"
    assert is_verbatim(accsm.name_km, text)
    assert is_verbatim(accsm.description_km, text)
    assert "1981" in accsm.description_en
    assert STEM in cited_sources(accsm)


def test_the_cyberjaya_informal_meeting_renamed_accsm_and_adopted_the_putrajaya_statement():
    meeting = Meeting.objects.get(slug="accsm-informal-heads-2015-11-17")
    statement = Document.objects.get(slug="putrajaya-joint-statement")

    assert meeting.kind == "informal"
    assert meeting.starts_on == datetime.date(2015, 11, 17)
    assert meeting.host_country.code == "MY"
    assert meeting.city_en == "Cyberjaya"
    kinds = list(meeting.outcomes.values_list("kind", flat=True))
    assert kinds == ["agreement", "adoption"]
    assert list(meeting.outcomes.get(kind="adoption").documents.all()) == [statement]
    assert statement.kind == "joint_statement"
    assert statement.status == "adopted"
    assert statement.dated == datetime.date(2015, 11, 17)
    assert is_verbatim(statement.title_km, source(STEM).text)


def test_the_18th_accsm_in_manila_adopted_the_terms_of_reference():
    meeting = Meeting.objects.get(slug="accsm-18-heads-2016-11-17")
    terms = Document.objects.get(slug="accsm-terms-of-reference")

    assert (meeting.number, meeting.kind) == (18, "heads")
    assert meeting.starts_on == datetime.date(2016, 11, 17)
    assert (meeting.city_en, meeting.host_country.code) == ("Manila", "PH")
    assert terms.title_en == "Terms of Reference of ACCSM"
    assert (terms.kind, terms.status, terms.dated) == (
        "terms_of_reference",
        "adopted",
        datetime.date(2016, 11, 17),
    )
    assert terms.outcomes.get().meeting == meeting


def test_the_arcs_were_initiated_at_the_8th_accsm_in_january_1995():
    meeting = Meeting.objects.get(slug="accsm-8-1995-01")

    assert meeting.number == 8
    assert meeting.starts_on == datetime.date(1995, 1, 1)
    assert meeting.date_precision == "month"
    assert (meeting.city_en, meeting.host_country.code) == ("Manila", "PH")
    outcome = meeting.outcomes.get()
    assert outcome.kind == "decision"
    assert "ARCs" in outcome.text_km
    assert is_verbatim(outcome.text_km, source(STEM).text)


def test_the_asean_plus_three_conferences_of_october_2009():
    first = Meeting.objects.get(slug="accsm-plus-three-conference-1-2009-10")
    second = Meeting.objects.get(slug="accsm-plus-three-conference-2-2009-10")
    declaration = Document.objects.get(slug="luang-prabang-joint-declaration")

    for meeting in (first, second):
        assert meeting.series.kind == "accsm_plus_three"
        assert meeting.kind == "plus_three_conference"
        assert (meeting.starts_on, meeting.date_precision) == (datetime.date(2009, 10, 1), "month")
        assert meeting.host_country.code == "LA"
    assert (first.number, first.city_en, first.city_km) == (1, "Vientiane", "រៀងចន្ទន៍")
    assert (second.number, second.city_en) == (2, "Luang Prabang")
    assert second.previous == first
    assert list(second.outcomes.get().documents.all()) == [declaration]
    assert (declaration.dated, declaration.date_precision) == (datetime.date(2009, 10, 1), "month")


def test_the_30th_asean_summit_adopted_the_2017_declaration():
    summit = Meeting.objects.get(slug="asean-summit-30-2017-04")
    declaration = Document.objects.get(slug="asean-declaration-role-of-civil-service-2017")

    assert (summit.series.kind, summit.kind, summit.number) == ("asean_summit", "summit", 30)
    assert (summit.starts_on, summit.date_precision) == (datetime.date(2017, 4, 1), "month")
    assert list(summit.outcomes.get().documents.all()) == [declaration]
    assert declaration.title_en == (
        "ASEAN Declaration on the Role of Civil Service as a Catalyst for Achieving the ASEAN "
        "Community Vision 2025"
    )
    assert declaration.title_en in source(STEM).text
    assert is_verbatim(declaration.title_km, source(STEM).text)


def test_the_work_plans_and_their_priority_areas():
    text = source(STEM).text
    plans = {
        (p.scope, p.starts_year, p.ends_year): p
        for p in WorkPlan.objects.filter(original_language="km")
    }

    assert set(plans) == {
        ("accsm", 2008, 2015),
        ("accsm", 2016, 2020),
        ("plus_three", 2010, 2015),
        ("plus_three", 2016, 2020),
    }
    accsm = plans[("accsm", 2016, 2020)]
    plus_three = plans[("plus_three", 2016, 2020)]
    assert accsm.priority_areas.count() == 5
    assert plus_three.priority_areas.count() == 7
    assert list(accsm.priority_areas.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert accsm.priority_areas.get(number=4).title_km == "ការ ពង្រឹងមជ្ឈមណ្ឌលធនធានអាស៊ាន"
    assert plus_three.priority_areas.get(number=1).title_en == "E-governance"
    assert is_verbatim(accsm.objectives_km, text)
    assert accsm.objectives_km.startswith("១.")
    assert "២." in accsm.objectives_km
    assert plus_three.document.slug == "accsm-plus-three-work-plan-2016-2020"
    for plan in plans.values():
        assert is_verbatim(plan.title_km, text), plan.title_km
        assert STEM in cited_sources(plan)
        for area in plan.priority_areas.all():
            assert is_verbatim(area.title_km, text), area.title_km
            assert area.title_en
            assert STEM in cited_sources(area)


def test_ten_arcs_in_asean_order_with_their_themes_as_of_may_2017():
    text = source(STEM).text
    centres = list(ResourceCentre.objects.all())

    assert [c.country.code for c in centres] == ASEAN_ORDER
    for centre in centres:
        period = centre.theme_periods.get(starts_on=datetime.date(2017, 5, 1))
        assert period.date_precision == "month"
        assert period.ends_on is None
        assert period.source.reference == STEM
        assert period.as_stated_en == "as of May 2017"
        assert is_verbatim(period.as_stated_km, text)
        assert is_verbatim(period.theme_km, text), period.theme_km
        assert period.theme_en
        assert centre.current_theme() == period
        assert STEM in cited_sources(centre)
        assert STEM in cited_sources(period)
    cambodia = centres[1].theme_periods.get()
    assert (cambodia.theme_km, cambodia.theme_en) == (
        "ការផ្តល់សេវាសាធារណៈ",
        "Public service delivery",
    )


def test_the_differing_2015_names_are_kept_with_their_own_source():
    later = Source.objects.get(slug="public-sources-2015-arc-names")
    periods = ThemePeriod.objects.filter(source=later).order_by("centre__country__name_en")

    assert (later.language, later.published_on, later.published_precision) == (
        "en",
        datetime.date(2015, 1, 1),
        "year",
    )
    assert "digest" in later.summary_en
    assert [p.centre.country.code for p in periods] == ["BN", "ID", "MY", "VN"]
    for period in periods:
        assert (period.starts_on, period.ends_on) == (
            datetime.date(2015, 1, 1),
            datetime.date(2015, 12, 31),
        )
        assert period.date_precision == "year"
        assert period.theme_en in later.text
        assert not period.theme_km
        assert cited_sources(period) == {later.reference}
        assert period.centre.theme_periods.count() == 2
    assert periods[2].theme_en == "Strategic Collaboration through National Blue Ocean Strategy"
