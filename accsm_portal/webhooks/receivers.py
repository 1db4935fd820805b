"""Outbox rows from the same facts that keep API sync right (accsm_portal/sync.py): every
write that changes what the API shows — services, the admin, imports, history restores,
cascades, many-to-many changes — is announced there as `representation_changed`."""

from accsm_portal import sync
from accsm_portal.webhooks.services import outbox_record


def _changed(sender, pks, **kwargs) -> None:
    outbox_record(
        model=sender,
        pks=list(pks),
        previous=kwargs.get("previous"),
        created=kwargs.get("created", False),
        deleted=kwargs.get("deleted", False),
        was_hidden=kwargs.get("was_hidden", False),
        instance=kwargs.get("instance"),
    )


def connect() -> None:
    sync.representation_changed.connect(_changed, dispatch_uid="webhooks-outbox")
