"""Seed 000 (km): the 21st ACCSM Preparatory Meeting and SOM, 8 April 2021."""

import datetime

import pytest

from accsm_portal.core.models import Document, Organisation, Person, Position
from meetings.models import AgendaItem, Delegation, Meeting
from tests.seeds.support import (
    assert_text_is_the_seed_file,
    cited_sources,
    is_verbatim,
    source,
)
from workplans.models import Activity, Track

pytestmark = pytest.mark.usefixtures("seeded", "db")

STEM = "000_eba4928341a0abf8"
# As the article writes it, with a typographic apostrophe.
SOM_TITLE_EN = "Senior Officials\N{RIGHT SINGLE QUOTATION MARK} Meeting of the 21st ACCSM"


def test_the_source_is_the_khmer_article_of_the_ministry_of_civil_service():
    article = source(STEM)

    assert article.language == "km"
    assert article.original_language == "km"
    assert article.published_on == datetime.date(2021, 4, 8)
    assert article.published_precision == "day"
    assert article.publisher.slug == "mcs"
    assert article.publisher.name_km == "ក្រសួងមុខងារសាធារណៈ"
    assert article.title_km == article.text.splitlines()[0]
    assert article.title_en
    assert "Yok Bunna" in article.summary_en


def test_the_source_text_is_the_seed_file_verbatim():
    assert_text_is_the_seed_file(source(STEM))


def test_the_som_and_its_preparatory_meeting_were_held_by_video_on_8_april_2021():
    som = Meeting.objects.get(slug="accsm-21-som-2021-04-08")
    preparatory = Meeting.objects.get(slug="accsm-21-preparatory-2021-04-08")

    assert (som.kind, som.number, som.series.acronym_en) == ("som", 21, "ACCSM")
    assert som.starts_on == datetime.date(2021, 4, 8)
    assert som.date_precision == "day"
    assert not som.date_is_inferred
    assert som.mode == "video"
    assert som.host_country.code == "VN"
    assert som.host_organisation.slug == "moha-vn"
    assert som.cycle.number == 21
    assert som.cycle.chair_country.code == "VN"
    assert som.title_en == SOM_TITLE_EN
    assert som.title_en in source(STEM).text

    assert preparatory.kind == "preparatory"
    assert preparatory.parent == som
    assert list(som.parts.all()) == [preparatory]
    assert preparatory.starts_on == som.starts_on
    assert preparatory.cycle == som.cycle


def test_yok_bunna_led_cambodias_delegation_to_both_meetings():
    yok_bunna = Person.objects.get(slug="yok-bunna")
    delegations = Delegation.objects.filter(head=yok_bunna, country__code="KH").exclude(
        meeting__series__slug="mcs-dd-imwg"
    )

    assert {d.meeting.slug for d in delegations} == {
        "accsm-21-som-2021-04-08",
        "accsm-21-preparatory-2021-04-08",
    }
    assert {d.organisation.slug for d in delegations} == {"mcs"}
    assert yok_bunna.name_km == "យក់ ប៊ុនណា"
    assert yok_bunna.honorific_en == "H.E."
    assert yok_bunna.honorific_km == "ឯកឧត្តម"


def test_yok_bunna_holds_his_two_positions():
    positions = {p.organisation.slug: p for p in Position.objects.filter(person__slug="yok-bunna")}

    assert positions["mcs"].title_en == "Permanent Secretary of State"
    assert positions["mcs"].title_km == "រដ្ឋលេខាធិការប្រចាំការ"
    assert positions["rsa"].title_en == "Director"
    assert positions["rsa"].as_of == datetime.date(2021, 4, 8)
    assert Organisation.objects.get(slug="rsa").name_km == "សាលាភូមិន្ទរដ្ឋបាល"
    assert STEM in cited_sources(positions["mcs"])
    assert STEM in cited_sources(positions["rsa"])


def test_cambodia_leads_five_projects_of_the_work_plan_2021_2025():
    activities = Activity.objects.filter(lead_country__code="KH").order_by("pk")
    text = source(STEM).text

    assert activities.count() == 5
    for activity in activities:
        assert activity.work_plan.slug == "accsm-and-plus-three-2021-2025"
        assert activity.status == "planned"
        assert activity.planned_start == datetime.date(2021, 1, 1)
        assert activity.date_precision == "year"
        assert activity.priority_area is None
        assert [m.slug for m in activity.reported_at.all()] == ["accsm-21-som-2021-04-08"]
        assert activity.original_language == "km"
        assert is_verbatim(activity.title_km, text)
        assert activity.title_en
        assert cited_sources(activity) == {STEM}
    tracks = {a.slug: a.track for a in activities}
    assert tracks["asean-plus-three-forum-on-public-service-delivery"] == Track.PLUS_THREE
    assert (
        tracks["development-of-an-asean-plus-three-centre-for-research-and-innovation"]
        == Track.PLUS_THREE
    )
    assert tracks["workshop-on-leadership-for-reform"] == Track.ACCSM
    assert [a.title_km for a in activities][1] == "វេទិកាអាស៊ានបូកបី ស្តីពីការផ្តល់សេវាសាធារណៈ"


def test_the_som_discussed_the_draft_declaration_framework_and_kpmg_study():
    som = Meeting.objects.get(slug="accsm-21-som-2021-04-08")
    discussed = set(
        AgendaItem.objects.filter(meeting=som).values_list("documents__slug", flat=True)
    )
    outcome_documents = set(som.outcomes.values_list("documents__slug", flat=True))

    expected = {
        "work-plan-2021-2025",
        "draft-declaration-civil-service-new-challenges",
        "strategic-partnership-framework",
        "kpmg-study-modernising-civil-service-asean",
    }
    assert expected <= discussed
    assert expected <= outcome_documents
    assert som.agenda_items.count() == 6
    assert set(som.outcomes.values_list("kind", flat=True)) == {"discussion", "recommendation"}
    progress = som.outcomes.get(order=1)
    assert progress.activities.count() == 5


def test_the_draft_declaration_was_initiated_by_viet_nam_and_the_study_is_kpmgs():
    text = source(STEM).text
    declaration = Document.objects.get(slug="draft-declaration-civil-service-new-challenges")
    framework = Document.objects.get(slug="strategic-partnership-framework")
    study = Document.objects.get(slug="kpmg-study-modernising-civil-service-asean")

    assert declaration.status == "draft"
    assert declaration.initiated_by.code == "VN"
    assert (declaration.dated, declaration.date_precision) == (datetime.date(2021, 4, 1), "month")
    assert is_verbatim(declaration.title_km, text)
    assert is_verbatim(declaration.summary_km, text)
    assert framework.kind == "framework"
    assert is_verbatim(framework.title_km, text)
    assert study.kind == "study"
    assert study.author.slug == "kpmg-au"
    assert study.author.country.code == "AU"
    assert is_verbatim(study.title_km, text)
    for document in (declaration, framework, study):
        assert document.access == "public"
        assert STEM in cited_sources(document)


def test_khmer_texts_of_the_meeting_records_are_excerpts_of_the_article():
    text = source(STEM).text
    som = Meeting.objects.get(slug="accsm-21-som-2021-04-08")

    assert is_verbatim(som.title_km, text)
    assert is_verbatim(som.summary_km, text)
    for item in som.agenda_items.all():
        assert is_verbatim(item.title_km, text), item.title_km
    for outcome in som.outcomes.all():
        assert is_verbatim(outcome.text_km, text), outcome.text_km
        assert outcome.text_en
    assert "៣កុំ ៣ការពារ" in text


def test_the_meeting_records_cite_this_article():
    som = Meeting.objects.get(slug="accsm-21-som-2021-04-08")
    records = [
        som,
        som.parts.get(),
        som.cycle,
        *som.agenda_items.all(),
        *som.outcomes.all(),
        *som.delegations.all(),
        *Delegation.objects.get(meeting=som).members.all(),
    ]

    for record in records:
        assert STEM in cited_sources(record), record
