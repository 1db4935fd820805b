"""Seed 004 (vi): the 21st ACCSM Heads of Civil Service meeting, Hanoi, 5 August (2022)."""

import datetime

import pytest

from accsm_portal.core.models import Document, Person, Position
from meetings.models import ChairmanshipCycle, Handover, Meeting
from tests.seeds.support import (
    assert_text_is_the_seed_file,
    cited_sources,
    is_verbatim,
    source,
)
from workplans.models import ProgressReport, Track

pytestmark = pytest.mark.usefixtures("seeded", "db")

STEM = "004_7c532c7b90b0ac40"
MEETING = "accsm-21-heads-2022-08-05"


def test_the_source_is_the_vietnamese_article_without_a_known_publisher_or_date():
    article = source(STEM)

    assert article.language == "vi"
    assert article.publisher is None
    assert article.published_on is None
    assert article.title_vi == article.text.splitlines()[0]
    assert "Ngọc Dũng" in article.summary_en


def test_the_source_text_is_the_seed_file_verbatim():
    assert_text_is_the_seed_file(source(STEM))


def test_the_heads_meeting_in_hanoi_on_5_august_2022_with_the_year_inferred():
    meeting = Meeting.objects.get(slug=MEETING)
    text = source(STEM).text

    assert (meeting.kind, meeting.number) == ("heads", 21)
    assert meeting.starts_on == datetime.date(2022, 8, 5)
    assert meeting.date_precision == "day"
    assert meeting.date_is_inferred
    assert "Ngày 5/8" in text
    assert "2022" not in text
    assert "5/8" in meeting.date_note_en
    assert "inferred" in meeting.date_note_en
    assert "5/8" in meeting.date_note_vi
    assert (meeting.city_en, meeting.city_vi) == ("Hanoi", "Hà Nội")
    assert meeting.host_country.code == "VN"
    assert meeting.host_organisation.slug == "moha-vn"
    assert meeting.attendance == 100
    assert (meeting.attendance_note_en, meeting.attendance_note_vi) == (
        "nearly 100 delegates",
        "Gần 100 đại biểu",
    )
    assert is_verbatim(meeting.attendance_note_vi, text)
    assert is_verbatim(meeting.title_vi, text)
    assert meeting.previous.slug == "accsm-21-som-2021-04-08"
    assert meeting.cycle == meeting.previous.cycle


def test_the_inferred_year_is_explained_in_the_citation():
    meeting = Meeting.objects.get(slug=MEETING)
    (citation,) = meeting.citations

    assert citation.source.reference == STEM
    assert "2022" in citation.note_en
    assert "inferred" in citation.note_en
    assert "3-6 August 2022" in citation.note_en
    assert "2022" in citation.note_vi


def test_pham_thi_thanh_tra_chaired_as_minister_of_home_affairs():
    chair = Person.objects.get(slug="pham-thi-thanh-tra")
    position = Position.objects.get(person=chair)

    assert Meeting.objects.get(slug=MEETING).chair == chair
    assert chair.name_vi == "Phạm Thị Thanh Trà"
    assert chair.name_vi in source(STEM).text
    assert (chair.honorific_en, chair.honorific_vi) == ("Ms", "Bà")
    assert (position.title_en, position.title_vi) == ("Minister", "Bộ trưởng")
    assert position.organisation.slug == "moha-vn"
    assert position.organisation.name_vi == "Bộ Nội vụ"
    assert position.as_of == datetime.date(2022, 8, 5)


def test_the_speakers_of_indonesia_and_singapore():
    bima = Position.objects.get(person__slug="bima-haria-wibisana")
    loh = Position.objects.get(person__slug="loh-khum-yean")
    meeting = Meeting.objects.get(slug=MEETING)

    assert (bima.organisation.country.code, bima.organisation.name_en) == (
        "ID",
        "National Civil Service Agency",
    )
    assert (loh.organisation.slug, loh.title_en) == ("psd", "Permanent Secretary")
    assert loh.organisation.parent.name_en == "Prime Minister's Office"
    speakers = set(meeting.delegations.values_list("members__person__slug", flat=True))
    assert {"bima-haria-wibisana", "loh-khum-yean", "pham-thi-thanh-tra"} <= speakers
    for position in (bima, loh):
        assert position.as_of == datetime.date(2022, 8, 5)
        assert is_verbatim(position.title_vi, source(STEM).text)


def test_progress_reported_5_of_10_and_3_of_5():
    reports = {r.track: r for r in ProgressReport.objects.filter(meeting__slug=MEETING)}
    text = source(STEM).text

    assert set(reports) == {Track.ACCSM, Track.PLUS_THREE}
    accsm = reports[Track.ACCSM]
    plus_three = reports[Track.PLUS_THREE]
    assert (accsm.completed, accsm.planned) == (5, 10)
    assert (plus_three.completed, plus_three.planned) == (3, 5)
    assert accsm.label_vi == "Tăng cường phát triển các kỹ năng cho công chức"
    assert accsm.label_en == "Enhancing civil servants' skills"
    assert accsm.priority_area is None
    for report in reports.values():
        assert report.work_plan.slug == "accsm-and-plus-three-2021-2025"
        assert is_verbatim(report.label_vi, text)
        assert is_verbatim(report.note_vi, text)
        assert cited_sources(report) == {STEM}


def test_the_chair_of_the_22nd_accsm_passed_to_brunei():
    handover = Handover.objects.get(meeting__slug=MEETING)
    cycle_22 = ChairmanshipCycle.objects.get(series__slug="accsm", number=22)

    assert handover.from_cycle.number == 21
    assert handover.to_cycle == cycle_22
    assert cycle_22.chair_country.code == "BN"
    assert is_verbatim(handover.note_vi, source(STEM).text)
    agreement = Meeting.objects.get(slug=MEETING).outcomes.get(kind="agreement")
    assert "Brunei" in agreement.text_vi
    assert STEM in cited_sources(cycle_22)


def test_viet_nams_proposals_and_singapores_benchmarking_report():
    meeting = Meeting.objects.get(slug=MEETING)
    text = source(STEM).text
    declaration = Document.objects.get(slug="draft-declaration-civil-service-new-challenges")
    benchmark = Document.objects.get(slug="singapore-public-service-delivery-benchmark")
    proposals = meeting.outcomes.filter(kind="proposal")

    assert proposals.count() == 3
    assert "Canada, Australia, New Zealand, Ấn Độ" in proposals.get(order=1).text_vi
    assert list(proposals.get(order=2).documents.all()) == [declaration]
    assert list(proposals.get(order=3).documents.all()) == [benchmark]
    assert "tháng 12 năm 2023" in proposals.get(order=3).text_vi
    assert is_verbatim(declaration.title_vi, text)
    assert declaration.status == "draft"
    assert {STEM, "000_eba4928341a0abf8"} <= cited_sources(declaration)
    assert (benchmark.status, benchmark.initiated_by.code) == ("draft", "SG")
    for outcome in meeting.outcomes.all():
        assert is_verbatim(outcome.text_vi, text), outcome.text_vi
