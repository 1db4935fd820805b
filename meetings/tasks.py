"""Thin Celery wrappers around meetings services; beat runs the reminders (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from meetings.services import (
    action_item_overdue_digest_send,
    action_item_reminders_send,
    meeting_record_pdf_prepare,
)


@shared_task(acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60)
def meeting_record_pdf_task(slug: str) -> dict[str, dict]:
    """Render a published meeting's PDF record in every language (skipped where unchanged)."""
    return meeting_record_pdf_prepare(slug=slug)


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def action_item_reminders_send_task() -> dict:
    """Daily: reminders of action items due soon or overdue, each once per threshold."""
    return action_item_reminders_send()


@shared_task(acks_late=True, soft_time_limit=300, time_limit=330)
def action_item_overdue_digest_send_task() -> int | None:
    """Weekly: the secretariat's list of overdue action items, once per week."""
    digest = action_item_overdue_digest_send()
    return digest.item_count if digest else None
