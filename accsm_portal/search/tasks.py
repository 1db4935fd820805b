"""Celery tasks around the search index services."""

from celery import shared_task

from accsm_portal.search.services import search_index_records, search_rebuild


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_kwargs={"max_retries": 5},
)
def search_index_records_task(items: list[list[str]]) -> int:
    """Refresh these (record type, uid) pairs; a record gone or unpublished loses its entries."""
    return search_index_records(items=[(kind, uid) for kind, uid in items])


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_kwargs={"max_retries": 5},
)
def search_index_record_task(record_type: str, uid: str) -> int:
    """Refresh one record's entries."""
    return search_index_records(items=[(record_type, uid)])


@shared_task(acks_late=True, soft_time_limit=50 * 60, time_limit=55 * 60)
def search_rebuild_task(record_types: list[str] | None = None) -> dict:
    """Rebuild the whole index (or some types) from the database."""
    return search_rebuild(record_types=record_types)
