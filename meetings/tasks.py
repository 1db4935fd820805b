"""Celery tasks around the meeting services."""

from celery import shared_task

from meetings.services import meeting_record_pdf_prepare


@shared_task(acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60)
def meeting_record_pdf_task(slug: str) -> dict[str, dict]:
    """Render a published meeting's PDF record in every language (skipped where unchanged)."""
    return meeting_record_pdf_prepare(slug=slug)
