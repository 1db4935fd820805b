"""Seed 003 (lo): the 20th ACCSM SOM and Heads meeting, 17-18 November 2020."""

import datetime

import pytest

from accsm_portal.core.models import Document, Position
from meetings.models import ChairmanshipCycle, Handover, Meeting
from tests.seeds.support import (
    assert_text_is_the_seed_file,
    cited_sources,
    is_verbatim,
    source,
)
from workplans.models import Activity, Track, WorkPlan

pytestmark = pytest.mark.usefixtures("seeded", "db")

STEM = "003_b67c83d536eeb871"
MEETING = "accsm-20-som-heads-2020-11-17"


def test_the_source_is_the_lao_article_of_the_ministry_of_home_affairs():
    article = source(STEM)

    assert article.language == "lo"
    assert article.original_language == "lo"
    assert article.publisher.slug == "moha-la"
    assert article.publisher.country.code == "LA"
    assert article.title_lo == article.text.splitlines()[0]


def test_the_source_text_is_the_seed_file_verbatim():
    assert_text_is_the_seed_file(source(STEM))


def test_the_20th_accsm_was_held_by_video_hosted_by_thailand():
    meeting = Meeting.objects.get(slug=MEETING)

    assert (meeting.kind, meeting.number) == ("som_heads", 20)
    assert meeting.starts_on == datetime.date(2020, 11, 17)
    assert meeting.ends_on == datetime.date(2020, 11, 18)
    assert meeting.mode == "video"
    assert meeting.status == "held"
    assert meeting.host_country.code == "TH"
    assert meeting.host_organisation.acronym_en == "OCSC"
    assert (meeting.cycle.number, meeting.cycle.chair_country.code) == (20, "TH")
    assert meeting.cycle.chair_organisation.slug == "ocsc"
    assert is_verbatim(meeting.title_lo, source(STEM).text)
    assert STEM in cited_sources(meeting)


def test_the_lao_delegation_of_14_with_5_women():
    delegation = Meeting.objects.get(slug=MEETING).delegations.get()
    members = list(delegation.members.all())
    text = source(STEM).text

    assert delegation.country.code == "LA"
    assert delegation.organisation.slug == "moha-la"
    assert (delegation.size, delegation.women) == (14, 5)
    assert delegation.head.slug == "souvany-luttanavong"
    assert [m.person.slug for m in members] == ["bounchanh-niyavong", "souvany-luttanavong"]
    assert [m.person.name_lo for m in members] == ["ບຸນຈັນ ນິຍະວົງ", "ສຸວັນນີ ລັດຕະນະວົງ"]
    for member in members:
        assert is_verbatim(member.role_lo, text)
        assert is_verbatim(member.person.name_lo, text)
        assert member.role_en
    assert "ເຈົ້າໜ້າທີ່ອາວຸໂສອາຊຽນ" in members[0].role_lo
    assert "ຫົວໜ້າລັດຖະກອນອາຊຽນ" in members[1].role_lo
    assert is_verbatim(delegation.note_lo, text)
    assert "14 ທ່ານ, ຍິງ 5 ທ່ານ" in delegation.note_lo.replace("\xa0", " ")


def test_the_two_lao_officials_hold_their_positions():
    positions = {
        (p.person.slug, p.organisation.slug): p
        for p in Position.objects.filter(person__original_language="lo")
    }

    dcsed = positions[("bounchanh-niyavong", "moha-la-dcsed")]
    dcsm = positions[("souvany-luttanavong", "moha-la-dcsm")]
    assert dcsed.title_en == dcsm.title_en == "Director General"
    assert dcsed.organisation.parent.slug == dcsm.organisation.parent.slug == "moha-la"
    assert dcsed.as_of == datetime.date(2020, 11, 17)
    head = positions[("souvany-luttanavong", "moha-la")]
    assert head.title_en == "ASEAN Head of Civil Service for Lao PDR"
    assert is_verbatim(head.title_lo, source(STEM).text)


def test_the_work_plan_2021_2025_was_adopted_with_12_priority_areas():
    plan = WorkPlan.objects.get(slug="accsm-and-plus-three-2021-2025")
    text = source(STEM).text

    assert (plan.scope, plan.starts_year, plan.ends_year) == ("both", 2021, 2025)
    assert plan.adopted_at.slug == MEETING
    assert plan.original_language == "lo"
    assert is_verbatim(plan.title_lo, text)
    assert plan.document.status == "adopted"
    areas = plan.priority_areas.all()
    assert areas.count() == 12
    assert areas.filter(track=Track.ACCSM).count() == 5
    assert areas.filter(track=Track.PLUS_THREE).count() == 7
    for area in areas:
        assert is_verbatim(area.title_lo, text), area.title_lo
        assert area.title_en
        assert STEM in cited_sources(area)
    first = areas.get(track=Track.ACCSM, number=1)
    assert first.title_en == "Enhancing workforce competencies and standards in the public sectors"
    assert first.title_en in text
    good_governance = areas.get(track=Track.PLUS_THREE, number=4)
    assert good_governance.title_en == "Good governance"
    assert "Good governanc" in good_governance.citations.get().note_en
    assert set(
        Meeting.objects.get(slug=MEETING).agenda_items.get(order=1).priority_areas.all()
    ) == (set(areas))


def test_the_meeting_adopted_the_2016_2020_report_and_the_work_plan():
    meeting = Meeting.objects.get(slug=MEETING)
    adopted = set(
        meeting.outcomes.filter(kind="adoption").values_list("documents__slug", flat=True)
    )
    report = Document.objects.get(slug="me-report-work-plans-2016-2020")

    assert {
        "me-report-work-plans-2016-2020",
        "work-plan-2021-2025",
        "progress-report-work-plan-2021-2025",
    } <= adopted
    assert (report.kind, report.status) == ("report", "adopted")
    assert is_verbatim(report.title_lo, source(STEM).text)
    for outcome in meeting.outcomes.all():
        assert is_verbatim(outcome.text_lo, source(STEM).text), outcome.text_lo


def test_lao_pdr_proposed_three_activities():
    activities = Activity.objects.filter(lead_country__code="LA").order_by("pk")
    proposal = Meeting.objects.get(slug=MEETING).outcomes.get(kind="proposal")
    text = source(STEM).text

    assert activities.count() == 3
    assert set(proposal.activities.all()) == set(activities)
    for activity in activities:
        assert activity.proposed_at.slug == MEETING
        assert activity.status == "proposed"
        assert activity.work_plan.slug == "accsm-and-plus-three-2021-2025"
        assert is_verbatim(activity.title_lo, text)
        assert activity.title_en in text
    assert [a.track for a in activities] == [Track.ACCSM, Track.ACCSM, Track.PLUS_THREE]
    assert activities[2].title_en == "Civil Service Retrenchment Experience Plus Three Countries"


def test_the_chair_passed_from_thailand_to_viet_nam():
    handover = Handover.objects.get(meeting__slug=MEETING)
    cycle_21 = ChairmanshipCycle.objects.get(series__slug="accsm", number=21)

    assert handover.from_cycle.number == 20
    assert handover.to_cycle == cycle_21
    assert (cycle_21.chair_country.code, cycle_21.chair_organisation.slug) == ("VN", "moha-vn")
    assert (cycle_21.starts_year, cycle_21.ends_year) == (2021, 2022)
    assert is_verbatim(handover.note_lo, source(STEM).text)
    assert STEM in cited_sources(handover)
    assert STEM in cited_sources(cycle_21)
