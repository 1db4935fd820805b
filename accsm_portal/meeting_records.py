"""A changed meeting's PDF record is rendered in the background, so its first reader does not
wait for it (docs/pdf.md).

It listens to `sync.representation_changed`, which fires for a meeting whenever it or a part
of it that its page shows (agenda, delegations, outcomes, action items: the registry's
`part_of`) is saved, deleted, restored or re-linked, whatever path made the change. Within
one transaction every change is collected and, once it commits, each published meeting gets
one `meeting_record_pdf_task`; a rolled-back transaction queues nothing. The task skips a
language whose record did not change, so a spare run costs one HTML render.

Configuration layer (like sync.py): it knows meetings, and no app imports it.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from accsm_portal import sync
from meetings.models import Meeting
from meetings.tasks import meeting_record_pdf_task

_PENDING = "_accsm_meeting_pdf_pending"


def meeting_record_pdf_queue(pks: Iterable[int]) -> list[str]:
    """Queue the render of these meetings' records, for those that are published."""
    slugs = list(Meeting.objects.published().filter(pk__in=set(pks)).values_list("slug", flat=True))
    for slug in slugs:
        meeting_record_pdf_task.delay(slug)
    return slugs


def _pending_for_this_transaction(connection) -> set[int]:
    """The meetings changed in the current transaction, with one on-commit callback for them.

    Django drops the callbacks of a rolled-back transaction; a set left behind by one is
    recognised because its callback is no longer registered, and a fresh one is started."""
    pending = getattr(connection, _PENDING, None)
    if pending is not None and any(entry[1] is pending[1] for entry in connection.run_on_commit):
        return pending[0]
    pks: set[int] = set()

    def on_commit() -> None:
        setattr(connection, _PENDING, None)
        meeting_record_pdf_queue(pks)

    setattr(connection, _PENDING, (pks, on_commit))
    transaction.on_commit(on_commit)
    return pks


def _meeting_changed(sender, pks, deleted: bool = False, **kwargs) -> None:
    if sender is not Meeting or deleted or not settings.MEETING_RECORD_PDF_PREPARE:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        # Autocommit: the change is already committed.
        meeting_record_pdf_queue(pks)
        return
    _pending_for_this_transaction(connection).update(pk for pk in pks if pk is not None)


def connect() -> None:
    sync.representation_changed.connect(_meeting_changed, dispatch_uid="meeting-record-pdf")
