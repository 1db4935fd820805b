"""Thin Celery wrappers around core services: the steps of a big spreadsheet import."""

from celery import shared_task

from accsm_portal.core.import_jobs import import_job_apply, import_job_check


# No automatic retry: a failed check or write is shown on the job's page, where the editor
# decides; a lost worker's task is redelivered (acks_late) and the status checks make the
# second run safe.
@shared_task(acks_late=True, soft_time_limit=30 * 60, time_limit=31 * 60)
def import_job_check_task(job_id: int) -> str | None:
    """Check every row of an uploaded spreadsheet (the dry run) and keep the preview."""
    job = import_job_check(job_id=job_id)
    return job.status if job else None


@shared_task(acks_late=True, soft_time_limit=30 * 60, time_limit=31 * 60)
def import_job_apply_task(job_id: int) -> str | None:
    """Write a confirmed import, all rows in one transaction."""
    job = import_job_apply(job_id=job_id)
    return job.status if job else None
