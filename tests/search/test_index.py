"""The index follows every change: create, edit, publish, unpublish, delete, restore, children."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction

from accsm_portal.core.services import record_restore, record_set_publication
from accsm_portal.search.models import SearchEntry
from accsm_portal.search.services import _Refresh, search_rebuild
from meetings.services import meeting_set_publication
from tests.factories import (
    ActionItemFactory,
    ActivityFactory,
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    OutcomeFactory,
    PersonFactory,
    PositionFactory,
    ResourceCentreFactory,
    SourceFactory,
    ThemePeriodFactory,
    WorkPlanFactory,
)
from tests.search.conftest import found_uids

pytestmark = pytest.mark.django_db

KM_TITLE = "កិច្ចប្រជុំមន្ត្រីជាន់ខ្ពស់មុខងារសាធារណៈអាស៊ាន"  # seed 000


def test_a_published_record_is_indexed_per_language_and_part(committed):
    with committed():
        meeting = MeetingFactory(
            title_en="Senior Officials' Meeting", title_km=KM_TITLE, summary_en="Held by video."
        )

    entries = SearchEntry.objects.filter(object_uid=meeting.uid)
    assert sorted(entries.values_list("language", "is_title")) == [
        ("en", False),
        ("en", True),
        ("km", True),
    ]
    title_km = entries.get(language="km", is_title=True)
    assert title_km.display == KM_TITLE
    assert title_km.year_start == title_km.year_end == 2021


def test_a_draft_is_never_indexed_nor_found(committed):
    with committed():
        draft = MeetingFactory(title_km=KM_TITLE, publication_state="draft")

    assert not SearchEntry.objects.filter(object_uid=draft.uid).exists()
    assert found_uids("មន្ត្រីជាន់ខ្ពស់") == []


def test_publishing_and_unpublishing_add_and_remove_the_record(committed):
    with committed():
        meeting = MeetingFactory(title_km=KM_TITLE, publication_state="draft")
        AgendaItemFactory(meeting=meeting, title_en="Digital government", publication_state="draft")

    with committed():
        meeting_set_publication(meeting=meeting, state="published")
    assert found_uids("មន្ត្រីជាន់ខ្ពស់") == [meeting.uid]
    assert found_uids("digital government") == [meeting.uid]

    with committed():
        meeting_set_publication(meeting=meeting, state="draft")
    assert found_uids("មន្ត្រីជាន់ខ្ពស់") == []
    assert not SearchEntry.objects.filter(object_uid=meeting.uid).exists()


def test_an_edit_replaces_the_old_text(committed):
    with committed():
        source = SourceFactory(title_en="Old headline", text="Nothing yet.")
    with committed():
        source.title_en = "New headline"
        source.text = "ກອງປະຊຸມທາງໄກຮ່ວມມືອາຊຽນ"
        source.language = "lo"
        source.save()

    assert found_uids("old headline") == []
    assert found_uids("new headline") == [source.uid]
    assert found_uids("ທາງໄກ") == [source.uid]


def test_deleting_removes_and_restoring_brings_back(committed):
    with committed():
        document = DocumentFactory(title_en="Putrajaya Joint Statement")
    version = document.history.first()

    with committed():
        document.delete()
    assert found_uids("putrajaya") == []

    with committed():
        record_restore(version=version)
    assert found_uids("putrajaya") == [document.uid]


def test_a_meeting_is_found_by_its_agenda_outcomes_and_action_items(committed):
    with committed():
        meeting = MeetingFactory(title_en="Working group meeting")
        outcome = OutcomeFactory(meeting=meeting, text_en="Support the data-collection mechanism")
        ActionItemFactory(outcome=outcome, text_en="Draft a concept note within two weeks")

    assert found_uids("data-collection") == [meeting.uid]
    assert found_uids("concept note") == [meeting.uid]

    with committed():
        record_set_publication(record=outcome, state="draft")
    assert found_uids("data-collection") == []


def test_an_arc_is_found_by_its_themes_and_a_person_by_their_roles(committed):
    with committed():
        arc = ResourceCentreFactory()
        ThemePeriodFactory(
            centre=arc, theme_en="Public service delivery", theme_km="ការផ្តល់សេវាសាធារណៈ"
        )
        person = PersonFactory(name_en="Yok Bunna", name_km="យក់ ប៊ុនណា")
        PositionFactory(person=person, title_en="Permanent Secretary of State")

    assert found_uids("សេវាសាធារណៈ") == [arc.uid]
    assert found_uids("permanent secretary") == [person.uid]


def test_activities_follow_their_work_plan_publication(committed):
    with committed():
        plan = WorkPlanFactory(title_en="Work Plan 2021-2025")
        activity = ActivityFactory(
            work_plan=plan, title_en="Study visit on public service delivery"
        )
    assert found_uids("study visit") == [activity.uid]

    with committed():
        record_set_publication(record=plan, state="draft")
    assert found_uids("study visit") == []


def test_rebuild_recreates_the_index_and_the_command_reports_it(committed, capsys):
    with committed():
        meeting = MeetingFactory(
            title_en="Preparatory Meeting", starts_on=datetime.date(2021, 4, 8)
        )
    SearchEntry.objects.all().delete()

    assert search_rebuild()["meeting"] == 1
    assert found_uids("preparatory") == [meeting.uid]

    call_command("search_rebuild", "meeting")
    assert "meeting: 1 entries" in capsys.readouterr().out
    assert found_uids("preparatory") == [meeting.uid]


def test_a_refresh_runs_once_per_record_per_transaction(committed):
    with committed() as callbacks:
        meeting = MeetingFactory(title_en="Heads meeting")
        for n in range(5):
            AgendaItemFactory(meeting=meeting, title_en=f"Item {n}")
    # (The page cache adds its own single callback: accsm_portal/lib/page_cache.py.)
    assert len([c for c in callbacks if isinstance(c, _Refresh)]) == 1
    assert SearchEntry.objects.filter(object_uid=meeting.uid).count() == 2


def test_a_rolled_back_change_leaves_the_index_alone(committed):
    with committed():
        document = DocumentFactory(title_en="Framework")

    def rename_then_fail() -> None:
        with transaction.atomic():
            document.title_en = "Renamed"
            document.save()
            raise RuntimeError

    with committed(), pytest.raises(RuntimeError):
        rename_then_fail()
    assert found_uids("framework") == [document.uid]
    assert found_uids("renamed") == []
