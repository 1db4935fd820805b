"""The record types a partner can subscribe to: the entries of the record-type registry
(accsm_portal/record_types.py) that declare an `event_name`. Nothing here lists types: a new
entry with an event name can be subscribed to, rendered and announced without touching webhooks.

Each type's body and visibility come from its API viewset (serializer, and `get_queryset()`,
which calls the app's visibility selector): webhooks/rendering.py calls that view, so a webhook
body is exactly what the partner would read at /api/v1/, and a record the partner cannot read
there is never sent.
"""

from django.db import models

from accsm_portal.lib.record_types import RecordType, all_types, record_type_for


def subscribable_types() -> list[RecordType]:
    """In the registry's order (the admin's list of choices)."""
    return [record_type for record_type in all_types() if record_type.event_name]


def type_for_event_name(name: str) -> RecordType | None:
    """`work-plan` (what a subscription stores, the first half of `work-plan.published`)."""
    return next((rt for rt in subscribable_types() if rt.event_name == name), None)


def type_for_model(model: type[models.Model] | str) -> RecordType | None:
    """The model's entry when partners can subscribe to it; None for parts and the rest."""
    record_type = record_type_for(model)
    return record_type if record_type is not None and record_type.event_name else None


def event_type_for(record_type: RecordType, event: str) -> str:
    """Standard Webhooks style: `meeting.published`."""
    return f"{record_type.event_name}.{event}"
