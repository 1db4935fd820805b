"""A changed meeting's PDF record is rendered after commit, ahead of its first reader: one task
per meeting and transaction, none for a draft or a rolled-back change."""

from pathlib import Path

import pytest
from celery.signals import task_prerun
from django.core.files.storage import default_storage
from django.db import transaction

from accsm_portal.celery import app
from accsm_portal.core.services import record_save
from meetings.selectors import meeting_get_public
from meetings.services import meeting_record_pdf_get
from tests.factories import AgendaItemFactory, DelegationFactory, MeetingFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not Path("/usr/bin/pdftotext").exists(), reason="poppler-utils is not installed"
    ),
]


@pytest.fixture(autouse=True)
def _prepare_in_process(settings, tmp_path):
    """Run the real task in this process, so the test sees its effect whether or not a worker
    is running. Each test turns the preparation on (`prepare`) after its setup: pytest's test
    transaction never commits, so changes made before the measured block would wait forever."""
    settings.MEDIA_ROOT = tmp_path / "media"
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def prepare(settings):
    return lambda: setattr(settings, "MEETING_RECORD_PDF_PREPARE", True)


@pytest.fixture
def tasks_run():
    """The PDF tasks that ran, with their arguments (Celery's own signal)."""
    ran = []

    def record(sender=None, args=None, **kwargs):
        if sender.name == "meetings.tasks.meeting_record_pdf_task":
            ran.append(tuple(args or ()) or tuple(kwargs.get("kwargs", {}).values()))

    task_prerun.connect(record, weak=False)
    yield ran
    task_prerun.disconnect(record)


def stored_records(slug: str) -> list[str]:
    folder = f"records/meetings/{slug}"
    return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []


def test_an_edit_renders_the_record_once_after_commit(
    django_capture_on_commit_callbacks, tasks_run, prepare
):
    meeting = MeetingFactory(slug="som-prepared", title_km="កិច្ចប្រជុំ")
    item = AgendaItemFactory(meeting=meeting, title_en="Opening")
    delegation = DelegationFactory(meeting=meeting)
    prepare()

    # when the meeting and two of its parts change in one transaction
    with django_capture_on_commit_callbacks(execute=True):
        meeting.title_lo = "ກອງປະຊຸມ"
        record_save(record=meeting)
        item.title_km = "ពិធីបើក"
        record_save(record=item)
        delegation.women = 3
        record_save(record=delegation)
        assert tasks_run == []  # nothing before the commit

    # then one task rendered the record in the four languages, and a reader waits for nothing
    assert tasks_run == [("som-prepared",)]
    assert len(stored_records("som-prepared")) == 4
    first_reader = meeting_record_pdf_get(
        meeting=meeting_get_public(slug="som-prepared"), language="lo"
    )
    assert not first_reader.rendered


def test_a_draft_meeting_is_not_rendered(django_capture_on_commit_callbacks, tasks_run, prepare):
    meeting = MeetingFactory(slug="som-draft", publication_state="draft")
    prepare()

    with django_capture_on_commit_callbacks(execute=True):
        meeting.title_km = "សេចក្តីព្រាង"
        record_save(record=meeting)

    assert tasks_run == []
    assert stored_records("som-draft") == []


def test_a_rolled_back_change_queues_nothing(
    django_capture_on_commit_callbacks, tasks_run, prepare
):
    meeting = MeetingFactory(slug="som-rolled-back")
    prepare()

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                meeting.title_vi = "Hội nghị"
                record_save(record=meeting)
                raise RuntimeError("the editor's save failed")
        except RuntimeError:
            pass
    assert tasks_run == []

    # a later change, in a transaction of its own, is prepared as usual
    with django_capture_on_commit_callbacks(execute=True):
        AgendaItemFactory(meeting=meeting, title_en="Closing")

    assert tasks_run == [("som-rolled-back",)]
