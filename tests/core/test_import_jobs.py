"""Big spreadsheet imports in the background (core/import_jobs.py): a file of thousands of
activities is checked without writing anything, previewed row by row, and written all at once
when its editor confirms; a row with an error is shown with its row and column, and blocks the
confirmation."""

import io
import time

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats.base_formats import XLSX

from accsm_portal.core.import_jobs import (
    import_job_apply,
    import_job_check,
    import_job_confirm,
    import_job_create,
)
from accsm_portal.core.models import ImportJob
from tests import factories
from tests.accounts import login
from tests.conftest import requires_full_stack
from workplans.models import Activity
from workplans.resources import ActivityResource

pytestmark = pytest.mark.django_db

HEADERS = [
    "uid",
    "work_plan",
    "track",
    "priority_area",
    "title_en",
    "title_km",
    "title_lo",
    "title_vi",
    "lead_country",
    "status",
    "planned_start",
    "date_precision",
    "original_language",
]


@pytest.fixture
def work_plan(cambodia):
    plan = factories.WorkPlanFactory(starts_year=2021, ends_year=2025)
    factories.PriorityAreaFactory(work_plan=plan, track="accsm", number=3)
    return plan


def activities_xlsx(work_plan, count: int, bad_rows: dict[int, str] | None = None) -> bytes:
    """`count` new activities led by Cambodia; bad_rows maps a data row (from 1) to the
    unknown lead country it gets instead."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for number in range(1, count + 1):
        sheet.append(
            [
                "",
                work_plan.slug,
                "accsm",
                3,
                f"Workshop {number} on e-government",
                f"សិក្ខាសាលា {number}",
                f"ກອງປະຊຸມ {number}",
                f"Hội thảo {number}",
                (bad_rows or {}).get(number, "KH"),
                "planned",
                "2024-03-01",
                "day",
                "en",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def create_job(user, data: bytes, language="en", name="activities.xlsx") -> ImportJob:
    return import_job_create(
        user=user,
        model=Activity,
        resource_class=ActivityResource,
        input_format_class=XLSX,
        uploaded_file=SimpleUploadedFile(name, data),
        total=0,
        language=language,
    )


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# The browser test (tests/browser/test_admin_import.py) takes the 5,000 rows through the
# pages; here 1,200 rows, twelve chunks of the check (CHECK_CHUNK_ROWS), prove the services.
ROWS = 1200


def test_a_big_file_is_checked_without_writing_then_written_with_history(
    secretariat_editor, work_plan, django_capture_on_commit_callbacks
):
    # given an uploaded file of 1,200 new activities
    job = create_job(secretariat_editor, activities_xlsx(work_plan, ROWS))

    # when it is checked
    job = import_job_check(job_id=job.pk)

    # then nothing is written, and every row is previewed as new
    assert not Activity.objects.exists()
    assert job.status == ImportJob.Status.READY
    assert (job.done, job.total) == (ROWS, ROWS)
    assert job.summary == {"new": ROWS, "changed": 0, "unchanged": 0, "error": 0}
    assert [row["row"] for row in job.rows[:3]] == [1, 2, 3]
    assert job.rows[-1]["row"] == ROWS
    assert job.rows[0]["record"] == "Workshop 1 on e-government"

    # when the editor confirms and the write runs
    with django_capture_on_commit_callbacks() as callbacks:
        import_job_confirm(job=job, user=secretariat_editor)
    assert len(callbacks) == 1  # the write is queued once, after the commit
    job = import_job_apply(job_id=job.pk)

    # then every row is written, with its history naming the editor and the file
    assert job.status == ImportJob.Status.DONE
    assert Activity.objects.count() == ROWS
    activity = Activity.objects.get(title_en="Workshop 1111 on e-government")
    assert activity.title_lo == "ກອງປະຊຸມ 1111"
    assert activity.publication_state == "draft"
    history = Activity.history.filter(history_type="+")
    assert history.count() == ROWS
    assert set(history.values_list("history_user", flat=True)) == {secretariat_editor.pk}
    assert "activities.xlsx" in history.first().history_change_reason

    # and running the write again (a redelivered task) changes nothing
    assert import_job_apply(job_id=job.pk).status == ImportJob.Status.DONE
    assert Activity.objects.count() == ROWS


def test_an_error_row_is_previewed_with_its_row_and_column_in_the_editors_language(
    secretariat_editor, work_plan
):
    job = create_job(secretariat_editor, activities_xlsx(work_plan, 250, {117: "XX"}), "vi")

    job = import_job_check(job_id=job.pk)

    assert job.status == ImportJob.Status.INVALID
    assert job.summary == {"new": 249, "changed": 0, "unchanged": 0, "error": 1}
    [bad] = [row for row in job.rows if row["type"] == "error"]
    assert bad["row"] == 117
    [error] = bad["errors"]
    assert error["column"] == "lead_country"
    assert "XX" in error["message"]
    assert "Không" in error["message"]  # the message is in Vietnamese, the editor's language
    assert not Activity.objects.exists()

    # confirming is refused while a row has an error, and nothing is written
    with pytest.raises(ValidationError):
        import_job_confirm(job=job, user=secretariat_editor)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert import_job_apply(job_id=job.pk).status == ImportJob.Status.INVALID
    assert not Activity.objects.exists()


def test_only_the_editor_who_uploaded_an_import_may_confirm_it(
    secretariat_editor, django_user_model, work_plan
):
    job = import_job_check(job_id=create_job(secretariat_editor, activities_xlsx(work_plan, 3)).pk)
    other = django_user_model.objects.create_user("other-editor", is_staff=True)

    with pytest.raises(PermissionDenied):
        import_job_confirm(job=job, user=other)


def test_a_second_check_of_a_checked_job_does_nothing(secretariat_editor, work_plan):
    job = import_job_check(job_id=create_job(secretariat_editor, activities_xlsx(work_plan, 3)).pk)
    checked_at = job.checked_at

    again = import_job_check(job_id=job.pk)

    assert again.status == ImportJob.Status.READY
    assert again.checked_at == checked_at


# ----- through the admin ------------------------------------------------------------------


def upload(client, work_plan, count: int, language="en", bad_rows=None):
    url = reverse("admin:workplans_activity_import").replace("/en/", f"/{language}/", 1)
    page = client.get(url)
    if page.status_code != 200:
        return page
    choices = page.context["form"].fields["format"].choices
    xlsx = next(value for value, label in choices if label.lower() == "xlsx")
    return client.post(
        url,
        {
            "import_file": SimpleUploadedFile(
                "activities.xlsx", activities_xlsx(work_plan, count, bad_rows)
            ),
            "format": xlsx,
        },
    )


@pytest.mark.usefixtures("eager_tasks")
@pytest.mark.django_db(transaction=True)
def test_a_big_upload_goes_to_its_status_page_then_is_confirmed_there(
    client, secretariat_editor, work_plan, settings
):
    """On the embedded default (eager Celery) the same pages work: the task runs inline."""
    settings.IMPORT_BACKGROUND_ROWS = 200
    login(client, secretariat_editor)

    response = upload(client, work_plan, 300)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:core_importjob_change", args=[job.pk])
    assert job.status == ImportJob.Status.READY  # eager: checked before the redirect
    assert not Activity.objects.exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'id="import-confirm"' in page.content
    progress = client.get(reverse("admin:core_importjob_progress", args=[job.pk])).json()
    assert progress["status"] == "ready"
    assert (progress["done"], progress["total"]) == (300, 300)
    assert progress["running"] is False
    listing = client.get(reverse("admin:core_importjob_changelist"))
    assert b"activities.xlsx" in listing.content

    client.post(reverse("admin:core_importjob_confirm", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Activity.objects.count() == 300


def test_a_small_upload_keeps_the_preview_in_the_request(client, secretariat_editor, work_plan):
    login(client, secretariat_editor)

    response = upload(client, work_plan, 5)

    assert response.status_code == 200
    assert "confirm_form" in response.context
    assert not ImportJob.objects.exists()


def test_an_import_job_is_seen_and_confirmed_only_by_its_editor(
    client, secretariat_editor, django_user_model, work_plan
):
    job = import_job_check(job_id=create_job(secretariat_editor, activities_xlsx(work_plan, 3)).pk)
    other = django_user_model.objects.create_user("other-editor", is_staff=True)
    other.groups.add(*secretariat_editor.groups.all())
    login(client, other)

    assert client.get(reverse("admin:core_importjob_change", args=[job.pk])).status_code == 404
    assert client.get(reverse("admin:core_importjob_progress", args=[job.pk])).status_code == 404
    assert client.post(reverse("admin:core_importjob_confirm", args=[job.pk])).status_code == 404
    assert b"activities.xlsx" not in client.get(reverse("admin:core_importjob_changelist")).content
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY


def test_a_translator_may_not_start_a_background_import(
    client, lao_translator, work_plan, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    login(client, lao_translator)
    url = reverse("admin:workplans_activity_import")

    response = client.post(
        url,
        {
            "import_file": SimpleUploadedFile("a.xlsx", activities_xlsx(work_plan, 5)),
            "format": 0,
        },
    )

    assert response.status_code == 403
    assert not ImportJob.objects.exists()


# ----- the real worker (full-stack pass) --------------------------------------------------


def wait_for(job_id: int, statuses: set[str], seconds: float = 120) -> ImportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if job.status in statuses:
            return job
        time.sleep(0.5)
    pytest.fail(f"import job {job_id} stayed {job.status}")


@requires_full_stack
@pytest.mark.django_db(transaction=True)
def test_the_real_worker_checks_and_writes_a_big_import(
    celery_worker_process, secretariat_editor, work_plan, settings
):
    # The worker reads the uploaded file from the configured media folder, not a test's own.
    settings.MEDIA_ROOT = settings.BASE_DIR / "media"
    job = create_job(secretariat_editor, activities_xlsx(work_plan, 400))
    try:
        job = wait_for(job.pk, {"ready", "invalid", "failed"})
        assert job.status == ImportJob.Status.READY, job.message
        assert job.done == 400
        assert not Activity.objects.exists()

        import_job_confirm(job=job, user=secretariat_editor)
        job = wait_for(job.pk, {"done", "invalid", "failed"})

        assert job.status == ImportJob.Status.DONE, job.message
        assert Activity.objects.count() == 400
    finally:
        job.file.delete(save=False)
