"""Writes shared by every app: publication, history restore, and loading the seed records."""

from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accsm_portal.core import roles
from accsm_portal.core.models import Language, PublicationState, Record, TranslationReview

SEED_CHANGE_REASON = "Loaded from the seed fixtures"


def record_save(*, record: models.Model, reason: str = "") -> models.Model:
    """Validate and save one record, noting why in its history."""
    record.full_clean()
    if reason:
        record._change_reason = reason
    record.save()
    return record


@transaction.atomic
def record_set_publication(*, record: Record, state: str, reason: str = "") -> Record:
    """Publish or unpublish a record; the change is kept in its history like any other."""
    if state not in PublicationState.values:
        raise ValidationError(
            {
                "publication_state": ValidationError(
                    _("Unknown publication state “%(state)s”: use draft or published."),
                    code="invalid_choice",
                    params={"state": state},
                )
            }
        )
    record.publication_state = state
    return record_save(record=record, reason=reason or f"Publication state set to {state}")


@transaction.atomic
def record_restore(*, version: models.Model, reason: str = "") -> Record:
    """Bring a record back as it was in one of its history entries, deleted or not.

    Every language column, every field and the recorded many-to-many relations come back; the
    restore is itself a new history entry, so it can be undone in turn."""
    instance = version.instance
    model = type(instance)
    # The history entry builds a fresh instance; tell validation whether it replaces a live row.
    instance._state.adding = not model._default_manager.filter(pk=instance.pk).exists()
    instance._change_reason = (
        reason or f"Restored the version of {version.history_date:%Y-%m-%d %H:%M}"
    )
    instance.full_clean()
    # Saving a new row stamps its auto_now_add fields (created_at) with the present: a record
    # brought back from its deletion keeps when it was first created, in its row and in the
    # history entry this save writes. (update() writes no history; the entry exists already.)
    first_times = {
        field.attname: getattr(instance, field.attname)
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now_add", False)
    }
    adding = instance._state.adding
    instance.save()
    if adding and first_times:
        model._base_manager.filter(pk=instance.pk).update(**first_times)
        entry = instance.history.first()
        type(entry)._default_manager.filter(pk=entry.pk).update(**first_times)
        for name, value in first_times.items():
            setattr(instance, name, value)
    # A deletion entry is written after the relations are gone: take them from the entry before.
    relations_version = version.prev_record if version.history_type == "-" else version
    for field in getattr(version, "_history_m2m_fields", ()):
        target_column = field.m2m_reverse_field_name()
        rows = getattr(relations_version, field.name).all() if relations_version else []
        getattr(instance, field.name).set([getattr(row, f"{target_column}_id") for row in rows])
    return instance


@transaction.atomic
def seed_load(*, paths: list[Path]) -> dict[str, int]:
    """Create the seed records that are missing; keep the ones that exist as they are.

    Records are matched by natural key (their public uid), so a second run creates nothing and
    never overwrites an editor's correction. Each new record is validated like an editor's entry
    and saved normally, so it gets its history, normalised text and slug. Any invalid record
    rolls the whole load back."""
    created = kept = 0
    for path in paths:
        with path.open(encoding="utf-8") as fixture:
            for item in serializers.deserialize("json", fixture):
                instance = item.object
                if instance.pk is not None:
                    kept += 1
                    continue
                try:
                    instance.full_clean()
                except ValidationError as exc:
                    raise ValidationError(
                        f"{path.name}: {instance._meta.label} {getattr(instance, 'uid', '')}: "
                        f"{exc.message_dict if hasattr(exc, 'error_dict') else exc.messages}"
                    ) from exc
                instance._change_reason = SEED_CHANGE_REASON
                instance.save()
                for field_name, values in (item.m2m_data or {}).items():
                    getattr(instance, field_name).set(values)
                created += 1
    return {"created": created, "kept": kept}


def translation_review_mark(
    *, record: models.Model, language: str, user, note: str = ""
) -> TranslationReview:
    """Mark a record's text in `language` as waiting for a publisher's review.

    A translator marks only the languages they translate into; others need the right to
    change the record. Marking twice keeps the first mark."""
    if language not in Language.values:
        raise ValidationError({"language": _("That language is not one of the portal's.")})
    opts = record._meta
    allowed = roles.translator_languages(user)
    may_change = user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    if not may_change or (allowed is not None and language not in allowed):
        raise PermissionDenied(_("You may not mark the translations of this language."))
    review, _created = TranslationReview.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
        language=language,
        defaults={"marked_by": user, "note": note},
    )
    return review


def translation_review_clear(*, review: TranslationReview, user) -> None:
    """A publisher has checked the translation: the mark goes (its history stays)."""
    if not roles.can_publish(user):
        raise PermissionDenied(_("Only a publisher clears a translation's review mark."))
    review._history_user = user
    review.delete()
