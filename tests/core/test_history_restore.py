"""History restore (`record_restore`) for every model that keeps a history, generated from
django-simple-history's registry: a new model with history is covered by these tests as soon
as it exists (and fails them until tests/admin/test_pages.py or EXTRA_RECORDS can build one).

For each kind: every language column and every text field is edited, the earlier version is
restored, and every field is back as it was; then the record is deleted and restored from its
deletion entry, again with every field and language column."""

import datetime

import factory
import pytest
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import ProtectedError
from modeltranslation.translator import translator
from simple_history.models import registered_models

from accsm_portal.core.models import FocalPoint, UserPreference
from accsm_portal.core.services import record_restore
from meetings.models import ActionItemReminder
from tests import factories
from tests.admin.test_pages import log_records, record_of_every_kind

pytestmark = pytest.mark.django_db

# A sample in each language's own script, so a column restored from the wrong language shows.
EDITED = {"en": "edited", "km": "បានកែប្រែ", "lo": "ແກ້ໄຂແລ້ວ", "vi": "đã sửa"}

HISTORY_MODELS = sorted(
    (model for model in registered_models.values() if not model._meta.auto_created),
    key=lambda model: model._meta.label,
)


def extra_records() -> list[models.Model]:
    """Kinds with history that the admin page tests do not build."""
    user = get_user_model().objects.create_user(username="history.focal")
    action_item = factories.ActionItemFactory()
    return [
        FocalPoint.objects.create(user=user, country=factories.CountryFactory()),
        ActionItemReminder.objects.create(
            action_item=action_item,
            recipient=user,
            kind=ActionItemReminder.Kind.choices[0][0],
            due_on=datetime.date(2026, 3, 1),
            language="lo",
            email="focal@example.org",
        ),
    ]


def factory_of(model):
    for name in dir(factories):
        candidate = getattr(factories, name)
        if (
            isinstance(candidate, type)
            and issubclass(candidate, factory.Factory)
            and candidate._meta.model is model
        ):
            return candidate
    return None


def one_record_of(model) -> models.Model:
    factory = factory_of(model)
    if factory is not None:
        return factory()
    built = [*record_of_every_kind(), *log_records(), *extra_records()]
    if model is UserPreference:
        return next(r for r in built if isinstance(r, UserPreference))
    found = [record for record in built if type(record) is model]
    assert found, f"no record of {model._meta.label} is built: add one to extra_records()"
    return found[0]


def translated_columns(model) -> list[str]:
    if model not in translator.get_registered_models():
        return []
    options = translator.get_options_for_model(model)
    return sorted(column.name for columns in options.all_fields.values() for column in columns)


def plain_text_fields(model) -> list[models.Field]:
    """Text fields an edit may change freely: no choices, not unique, not derived."""
    translated = set(translated_columns(model))
    originals = set()
    if translated:
        originals = set(translator.get_options_for_model(model).all_fields)
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.EmailField | models.URLField | models.SlugField)
        and field.editable
        and not field.choices
        and not field.unique
        and field.name not in translated
        and field.name not in originals
    ]


def stored_values(record) -> dict:
    """Every stored field that history keeps, times set by the database on save apart.
    (Secrets are kept out of history on purpose: a restored webhook subscription gets a new
    signing secret, and a token's last use is not a version of it.)"""
    model = type(record)
    fresh = model._base_manager.get(pk=record.pk)
    kept = {field.attname for field in model.history.model._meta.concrete_fields}
    return {
        field.attname: getattr(fresh, field.attname)
        for field in model._meta.concrete_fields
        if not getattr(field, "auto_now", False) and field.attname in kept
    }


def delete_with_dependants(record) -> None:
    """Delete the record, first deleting what protects it (a series' meetings ...)."""
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError as error:
        for dependant in error.protected_objects:
            delete_with_dependants(dependant)
        record.delete()


def edit(record) -> None:
    model = type(record)
    for column in translated_columns(model):
        language = column.rsplit("_", 1)[1]
        field = model._meta.get_field(column)
        setattr(record, column, EDITED[language][: field.max_length])
    for field in plain_text_fields(model):
        setattr(record, field.attname, "edited"[: field.max_length])
    record.save()


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda model: model._meta.label)
def test_an_earlier_version_comes_back_with_every_language(model):
    # given a record and the history entry of how it is now
    record = one_record_of(model)
    before = stored_values(record)
    version = record.history.first()
    edit(record)
    changed = stored_values(record)
    if translated_columns(model) or plain_text_fields(model):
        assert changed != before, "the edit must change something for the test to mean anything"

    # when
    record_restore(version=version, reason="test")

    # then
    assert stored_values(record) == before
    assert record.history.first().history_change_reason == "test"


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda model: model._meta.label)
def test_a_deleted_record_comes_back_with_every_language(model):
    record = one_record_of(model)
    edit(record)  # every language column filled, so each one must come back
    before = stored_values(record)
    pk = record.pk
    delete_with_dependants(record)
    assert not model._base_manager.filter(pk=pk).exists()
    deletion = record.history.model.objects.filter(
        **{model._meta.pk.attname: pk}, history_type="-"
    ).get()

    restored = record_restore(version=deletion)

    assert restored.pk == pk
    assert stored_values(restored) == before
