"""A big spreadsheet import in a real browser: 5,000 activities uploaded in the admin go to their
status page, whose progress bar reaches the preview; confirming writes them all.

The live server runs the embedded default (eager Celery): the check runs inside the upload's
request, so the status page opens with the bar full and the preview below it."""

import os

import pytest
from django.urls import reverse

from accsm_portal.core.models import ImportJob
from tests import factories
from tests.accounts import browser_sign_in
from tests.core.test_import_jobs import activities_xlsx
from workplans.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# BROWSER_IMPORT_ROWS lets a developer try the page quickly with a smaller file; CI runs 5,000.
ROWS = int(os.environ.get("BROWSER_IMPORT_ROWS", "5000"))
# Checking and then writing 5,000 rows each take minutes on a busy two-core machine.
SLOW_STEP_MS = 15 * 60 * 1000


@pytest.fixture
def work_plan(cambodia):
    plan = factories.WorkPlanFactory(starts_year=2021, ends_year=2025)
    factories.PriorityAreaFactory(work_plan=plan, track="accsm", number=3)
    return plan


# The live server runs in this process: with eager Celery the check runs in the upload's request
# in both CI passes (the full-stack pass has no worker for this test's queue).
@pytest.mark.usefixtures("eager_tasks")
def test_a_5000_row_xlsx_shows_its_progress_and_preview_then_is_imported(
    page,
    live_server,
    external_requests,
    secretariat_editor,
    work_plan,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    browser_sign_in(page, live_server.url, secretariat_editor, "s3cret-pass!", "en")

    page.goto(f"{live_server.url}{reverse('admin:workplans_activity_import')}")
    page.set_input_files(
        "#id_import_file",
        {
            "name": "activities.xlsx",
            "mimeType": "application/octet-stream",
            "buffer": activities_xlsx(work_plan, ROWS),
        },
    )
    page.select_option("#id_format", label="xlsx")
    with page.expect_navigation(timeout=SLOW_STEP_MS):
        page.click(".submit-row input[type=submit]", timeout=SLOW_STEP_MS)

    # the status page: the bar reaches the total, and the preview lists every row as new
    bar = page.locator("#import-progress-bar")
    page.wait_for_function(
        "() => { const b = document.querySelector('#import-progress-bar');"
        " return b && b.value === b.max; }",
        timeout=SLOW_STEP_MS,
    )
    assert bar.get_attribute("max") == str(ROWS)
    assert page.locator("#import-progress-text").inner_text() == f"{ROWS} of {ROWS} rows checked"
    assert page.locator("#import-summary [data-kind=new] strong").inner_text() == str(ROWS)
    # the first page of the preview
    assert page.locator("#import-rows tbody tr").count() == min(ROWS, 100)
    assert not Activity.objects.exists()

    with page.expect_navigation(timeout=SLOW_STEP_MS):
        page.click("#import-confirm", timeout=SLOW_STEP_MS)
    page.wait_for_selector("text=Imported", timeout=SLOW_STEP_MS)

    assert ImportJob.objects.get().status == ImportJob.Status.DONE
    assert Activity.objects.count() == ROWS
    assert external_requests == []
