"""Writes on meetings: publication of a meeting with its parts, delegations, handovers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accsm_portal.core.models import PublicationState
from accsm_portal.core.services import record_save, record_set_publication
from meetings.models import ChairmanshipCycle, Delegation, Handover, Meeting


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
