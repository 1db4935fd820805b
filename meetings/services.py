"""Writes on meetings: publication of a meeting with its parts, delegations, handovers, and the
PDF meeting record in media storage."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accsm_portal.core.models import PublicationState
from accsm_portal.core.services import record_save, record_set_publication
from accsm_portal.lib.pdf import FONT_STACK, html_fingerprint, html_to_pdf
from meetings.models import ChairmanshipCycle, Delegation, Handover, Meeting
from meetings.selectors import meeting_get_public, meeting_record_parts


@transaction.atomic
def meeting_set_publication(*, meeting: Meeting, state: str) -> Meeting:
    """Publish or unpublish a meeting together with its agenda, delegations and outcomes, so a
    published meeting never shows with half of its parts hidden."""
    record_set_publication(record=meeting, state=state)
    delegations = list(meeting.delegations.prefetch_related("members"))
    outcomes = list(meeting.outcomes.prefetch_related("action_items"))
    children = [
        *meeting.agenda_items.all(),
        *delegations,
        *[member for delegation in delegations for member in delegation.members.all()],
        *outcomes,
        *[item for outcome in outcomes for item in outcome.action_items.all()],
    ]
    for child in children:
        if child.publication_state != state:
            record_set_publication(record=child, state=state)
    return meeting


def delegation_set_counts(
    *, delegation: Delegation, size: int | None, women: int | None
) -> Delegation:
    """Record a delegation's size and number of women (women never exceed the size)."""
    delegation.size = size
    delegation.women = women
    return record_save(record=delegation)


@transaction.atomic
def handover_record(
    *, from_cycle: ChairmanshipCycle, to_cycle: ChairmanshipCycle, meeting: Meeting | None = None
) -> Handover:
    """Record the chair passing from one cycle to the next one of the same series."""
    if from_cycle.series_id != to_cycle.series_id:
        raise ValidationError({"to_cycle": _("A handover stays within one series.")})
    handover = Handover(
        from_cycle=from_cycle,
        to_cycle=to_cycle,
        meeting=meeting,
        publication_state=PublicationState.PUBLISHED
        if from_cycle.is_published and to_cycle.is_published
        else PublicationState.DRAFT,
    )
    return record_save(record=handover)


@dataclass(frozen=True)
class RecordPdf:
    """A meeting record's PDF in media storage; `rendered` says whether this call made it."""

    name: str
    rendered: bool

    def open(self):
        return default_storage.open(self.name, "rb")


def meeting_record_html(*, meeting: Meeting, language: str) -> str:
    """The record's HTML in one language, from a meeting read for one reader (so with only the
    documents that reader may see)."""
    with translation.override(language):
        return render_to_string(
            "meetings/meeting_record.html",
            {**meeting_record_parts(meeting), "font_stack": FONT_STACK},
        )


def meeting_record_pdf_get(*, meeting: Meeting, language: str) -> RecordPdf:
    """The stored PDF of this record, rendering it only when no PDF of the same content exists.

    The file is named by a fingerprint of the HTML it comes from. That HTML holds every part
    the record shows (delegations, agenda, outcomes, action items, documents, sources, host and
    chair) as this reader may see them, so an edit to any part gives a new name and a new
    render, and an unchanged record is never rendered again. Readers at different access
    levels get different HTML whenever the content differs, so no one is served a file listing
    documents they may not see (docs/pdf.md)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("This language is not offered.")})
    html = meeting_record_html(meeting=meeting, language=language)
    name = f"records/meetings/{meeting.slug}/{language}-{html_fingerprint(html)}.pdf"
    if default_storage.exists(name):
        return RecordPdf(name=name, rendered=False)
    # Two first requests at once may both render; storage then keeps both under unique names,
    # the same bytes, and later requests find the first.
    saved = default_storage.save(name, ContentFile(html_to_pdf(html)))
    return RecordPdf(name=saved, rendered=True)


def meeting_record_pdf_prepare(*, slug: str) -> dict[str, dict]:
    """Render the public record of a published meeting in every language ahead of readers
    (the Celery task); a draft or missing meeting prepares nothing."""
    meeting = meeting_get_public(slug=slug, user=None)
    if meeting is None:
        return {}
    prepared = {}
    for language, _name in settings.LANGUAGES:
        record = meeting_record_pdf_get(meeting=meeting, language=language)
        prepared[language] = {"name": record.name, "rendered": record.rendered}
    return prepared
