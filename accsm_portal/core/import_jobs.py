"""Big spreadsheet imports in the background: check every row, preview, then write all or nothing.

An import of more than IMPORT_BACKGROUND_ROWS rows does not run inside the upload's web request
(core/importing.py sends it here). Its steps, each a service called by a thin task
(core/tasks.py):

1. `import_job_create`: keep the uploaded file (private media storage) and queue the check.
2. `import_job_check`: django-import-export's dry run, in chunks of CHECK_CHUNK_ROWS rows so
   the progress (rows checked) is committed between chunks and the status page can show it;
   each chunk is rolled back, so nothing is written. Every row's outcome (new, changed,
   unchanged, error with its column and message in the editor's language) is kept for the
   preview.
3. `import_job_confirm`: the editor confirms a preview without errors; the write is queued.
4. `import_job_apply`: the whole file in ONE transaction; any row failing now (the data may
   have changed since the preview) rolls everything back.

Every step checks the job's status first, so running a task twice does nothing the second
time: the check runs only from "waiting" (or "checking", after a lost worker), the write only
from "confirmed", under a row lock, and its status change commits with the records.
"""

import logging
from collections import Counter

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from import_export.results import RowResult
from tablib import Dataset

from accsm_portal.core.models import ImportJob

logger = logging.getLogger(__name__)

# Rows checked between two progress updates: small enough for a lively progress bar, large
# enough that the update costs nothing next to the rows.
CHECK_CHUNK_ROWS = 100

ROW_TYPES = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "changed",
    RowResult.IMPORT_TYPE_DELETE: "changed",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
    RowResult.IMPORT_TYPE_ERROR: "error",
    RowResult.IMPORT_TYPE_INVALID: "error",
}
ROW_TYPE_ORDER = ("new", "changed", "unchanged", "error")


def _dotted(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def import_job_create(
    *,
    user,
    model: type[models.Model],
    resource_class: type,
    input_format_class: type,
    uploaded_file: UploadedFile,
    total: int,
    language: str,
) -> ImportJob:
    """Keep the upload and queue its check. The caller (the admin) has checked that `user`
    may import `model` and chosen `resource_class` among that admin's own."""
    job = ImportJob(
        user=user,
        model=model._meta.label_lower,
        resource=_dotted(resource_class),
        input_format=_dotted(input_format_class),
        file_name=uploaded_file.name[:255],
        language=language,
        total=total,
    )
    uploaded_file.seek(0)
    job.file.save(uploaded_file.name, uploaded_file, save=False)
    job.save()
    # Imported here: the tasks module imports this one.
    from accsm_portal.core.tasks import import_job_check_task

    transaction.on_commit(lambda: import_job_check_task.delay(job.pk))
    return job


def _read_dataset(job: ImportJob) -> Dataset:
    input_format = import_string(job.input_format)()
    with job.file.open("rb") as handle:
        data = handle.read()
    if not input_format.is_binary():
        data = data.decode("utf-8-sig")
    return input_format.create_dataset(data)


def _resource(job: ImportJob):
    return import_string(job.resource)()


def _describe_rows(result, offset: int = 0) -> list[dict]:
    """Each row's outcome, numbered as the editor counts data rows in the whole file."""
    described = []
    for number, row_result in enumerate(result.rows, start=offset + 1):
        errors = []
        if row_result.validation_error is not None:
            error = row_result.validation_error
            by_column = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {NON_FIELD_ERRORS: error.messages}
            )
            for column, problems in by_column.items():
                for problem in problems:
                    column_name = "" if column == NON_FIELD_ERRORS else str(column)
                    errors.append({"column": column_name, "message": str(problem)})
        for error in row_result.errors:
            errors.append({"column": "", "message": str(error.error)})
        described.append(
            {
                "row": number,
                "type": ROW_TYPES.get(row_result.import_type, "error"),
                "record": str(row_result.object_repr or ""),
                "errors": errors,
            }
        )
    for error in result.base_errors:
        described.append(
            {
                "row": 0,
                "type": "error",
                "record": "",
                "errors": [{"column": "", "message": str(error.error)}],
            }
        )
    return described


def _summary(rows: list[dict]) -> dict[str, int]:
    counts = Counter(row["type"] for row in rows)
    return {kind: counts.get(kind, 0) for kind in ROW_TYPE_ORDER}


def _fail(job_id: int, from_statuses: list[str], message: str) -> None:
    ImportJob.objects.filter(pk=job_id, status__in=from_statuses).update(
        status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now()
    )


def import_job_check(*, job_id: int) -> ImportJob | None:
    """The dry run: every row checked, progress saved after each chunk, nothing written."""
    running = [ImportJob.Status.WAITING, ImportJob.Status.CHECKING]
    claimed = ImportJob.objects.filter(pk=job_id, status__in=running).update(
        status=ImportJob.Status.CHECKING, done=0
    )
    if not claimed:
        return ImportJob.objects.filter(pk=job_id).first()
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    rows: list[dict] = []
    try:
        with translation.override(job.language):
            dataset = _read_dataset(job)
            ImportJob.objects.filter(pk=job_id).update(total=len(dataset))
            for start in range(0, max(len(dataset), 1), CHECK_CHUNK_ROWS):
                chunk = Dataset(*dataset[start : start + CHECK_CHUNK_ROWS], headers=dataset.headers)
                result = _resource(job).import_data(
                    chunk,
                    dry_run=True,
                    raise_errors=False,
                    rollback_on_validation_errors=True,
                    file_name=job.file_name,
                    user=job.user,
                )
                rows += _describe_rows(result, offset=start)
                ImportJob.objects.filter(pk=job_id).update(done=start + len(chunk))
    except Exception as exc:
        logger.exception("import job %s: the check failed", job_id)
        _fail(job_id, running, str(exc))
        return ImportJob.objects.get(pk=job_id)
    summary = _summary(rows)
    job.refresh_from_db()
    job.rows = rows
    job.summary = summary
    job.status = ImportJob.Status.INVALID if summary["error"] else ImportJob.Status.READY
    job.checked_at = timezone.now()
    job.save(update_fields=["rows", "summary", "status", "checked_at"])
    return job


def import_job_confirm(*, job: ImportJob, user) -> ImportJob:
    """The editor's go-ahead for a checked import without errors; the write is queued."""
    if job.user_id != user.pk:
        raise PermissionDenied
    if job.status != ImportJob.Status.READY or job.has_errors:
        raise ValidationError(
            gettext("This import cannot be confirmed: it is not checked, has errors or is done.")
        )
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(
        status=ImportJob.Status.CONFIRMED
    )
    if updated:
        from accsm_portal.core.tasks import import_job_apply_task

        transaction.on_commit(lambda: import_job_apply_task.delay(job.pk))
    job.refresh_from_db()
    return job


def import_job_apply(*, job_id: int) -> ImportJob | None:
    """Write every row in one transaction; if any row fails now, nothing is written and the
    job shows the rows that failed."""
    try:
        with transaction.atomic():
            job = (
                ImportJob.objects.select_for_update()
                .select_related("user")
                .filter(pk=job_id)
                .first()
            )
            if job is None or job.status != ImportJob.Status.CONFIRMED:
                return job
            with translation.override(job.language):
                result = _resource(job).import_data(
                    _read_dataset(job),
                    dry_run=False,
                    raise_errors=False,
                    use_transactions=True,
                    rollback_on_validation_errors=True,
                    file_name=job.file_name,
                    user=job.user,
                )
                rows = _describe_rows(result)
                summary = _summary(rows)
                if summary["error"]:
                    # import_data rolled its own savepoint back: no record was written.
                    job.status = ImportJob.Status.INVALID
                    job.rows = rows
                    job.message = gettext(
                        "Nothing was imported: some rows failed when they were written. "
                        "Correct them and upload the file again."
                    )
                else:
                    job.status = ImportJob.Status.DONE
                job.summary = summary
                job.done = len(rows)
                job.finished_at = timezone.now()
                job.save()
            return job
    except Exception as exc:
        logger.exception("import job %s: the write failed", job_id)
        _fail(job_id, [ImportJob.Status.CONFIRMED], str(exc))
        return ImportJob.objects.filter(pk=job_id).first()


def import_job_model(job: ImportJob) -> type[models.Model]:
    return apps.get_model(job.model)
