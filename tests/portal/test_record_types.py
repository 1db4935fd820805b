"""The record-type registry (accsm_portal/record_types.py) is the one list of record types:
every model with a publication state has an entry, and search, the API's resources and
tombstones, sync and the visibility of related records all follow it."""

import pytest
from django.apps import apps

from accsm_portal import sync
from accsm_portal.api.tombstones import RESOURCES
from accsm_portal.api_router import router
from accsm_portal.core.models import PublicationState
from accsm_portal.core.selectors import record_is_visible
from accsm_portal.lib import record_types as lookup
from accsm_portal.lib.record_types import RecordType
from accsm_portal.record_types import RECORD_TYPES
from accsm_portal.search.registry import BY_KEY, TRIGGERS
from meetings.models import Meeting
from tests.factories import ActivityFactory, WorkPlanFactory

pytestmark = pytest.mark.django_db


def models_missing_from(registry: tuple[RecordType, ...]) -> list[str]:
    """Labels of the models with a publication state that have no entry (history aside)."""
    declared = {record_type.model for record_type in registry}
    found = []
    for model in apps.get_models():
        has_state = any(f.name == "publication_state" for f in model._meta.concrete_fields)
        historical = model._meta.model_name.startswith("historical")
        if has_state and not historical and model not in declared:
            found.append(model._meta.label_lower)
    return sorted(found)


def test_every_model_with_a_publication_state_has_an_entry():
    assert models_missing_from(RECORD_TYPES) == []


def test_a_model_left_out_of_the_registry_is_reported():
    without_meetings = tuple(rt for rt in RECORD_TYPES if rt.model is not Meeting)

    assert models_missing_from(without_meetings) == ["meetings.meeting"]


def test_each_type_is_declared_once_and_keeps_its_history():
    labels = [record_type.label for record_type in RECORD_TYPES]
    assert len(labels) == len(set(labels))
    for record_type in RECORD_TYPES:
        assert record_type.history
        assert hasattr(record_type.model, "history"), record_type.label


def test_search_the_api_and_tombstones_list_exactly_the_registry_types():
    searchable = {rt.search.key: rt.model for rt in RECORD_TYPES if rt.search}
    with_api = {rt.api_prefix: rt.viewset for rt in RECORD_TYPES if rt.api_prefix}

    assert {key: kind.model for key, kind in BY_KEY.items()} == searchable
    assert {prefix: viewset for prefix, viewset, _name in router.registry} == {
        **with_api,
        "tombstones": router.registry[-2][1],
        "search": router.registry[-1][1],
    }
    assert {label: name for label, (name, _visible) in RESOURCES.items()} == {
        rt.label: rt.api_type for rt in RECORD_TYPES if rt.api_type
    }
    # Every part whose text is in a searchable record's entry refreshes it.
    for record_type in RECORD_TYPES:
        for part in record_type.search.parts if record_type.search else ():
            assert lookup.record_type_for(part).model in TRIGGERS


def test_every_type_with_an_event_name_has_an_api_representation():
    for record_type in RECORD_TYPES:
        if record_type.event_name:
            assert record_type.serializer_class is not None, record_type.label


def test_sync_and_visibility_read_the_registry_not_a_list_of_their_own(monkeypatch):
    # given an activity of a draft work plan: hidden with its plan (`visible_with`)
    plan = WorkPlanFactory(publication_state=PublicationState.DRAFT)
    activity = ActivityFactory(work_plan=plan)
    assert not record_is_visible(activity, access_levels=["public"])
    assert sync.sync_dependents(type(plan)) == ["priority_areas", "activities"]
    # when the registry entry no longer says so
    entry = lookup.record_type_for(activity)
    monkeypatch.setitem(
        lookup._BY_LABEL,
        entry.label,
        RecordType(**{**entry.__dict__, "visible_with": None, "part_of": "lead_country"}),
    )
    # then visibility, tombstones and sync timestamps all follow at once
    assert record_is_visible(activity, access_levels=["public"])
    assert sync.sync_dependents(type(plan)) == ["priority_areas"]
    assert sync.sync_parent_field(type(activity)) == "lead_country"
