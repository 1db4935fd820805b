"""The record-type registry (accsm_portal/record_types.py) is the one list of record types:
every model with a publication state has an entry, and search, the API's resources and
tombstones, sync and the visibility of related records all follow it."""

import json
from types import ModuleType

import pytest
from django.apps import apps
from django.db.models import Q, QuerySet
from django.urls import include, path

from accsm_portal import api_router, sync
from accsm_portal import urls as portal_urls
from accsm_portal.api import tombstones
from accsm_portal.api.tombstones import RESOURCES
from accsm_portal.api_router import router
from accsm_portal.core.models import PublicationState
from accsm_portal.core.selectors import record_is_visible
from accsm_portal.core.services import record_set_publication
from accsm_portal.lib import record_types as lookup
from accsm_portal.lib.api import ApiUrlField, RecordViewSet, TranslatedField
from accsm_portal.lib.api_serializers import RecordSerializer, detail
from accsm_portal.lib.record_types import RecordType, SearchFields
from accsm_portal.models import ApiToken
from accsm_portal.record_types import RECORD_TYPES
from accsm_portal.search import receivers as search_receivers
from accsm_portal.search import registry as search_registry
from accsm_portal.search.registry import BY_KEY, TRIGGERS
from accsm_portal.search.services import search_index_record
from accsm_portal.webhooks import types as webhook_types
from accsm_portal.webhooks.models import Event, WebhookDelivery, WebhookSubscription
from accsm_portal.webhooks.services import outbox_dispatch
from meetings.models import Meeting, Series
from tests.factories import (
    ActivityFactory,
    OrganisationFactory,
    SeriesFactory,
    WorkPlanFactory,
)
from tests.search.conftest import found_uids

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


# -- A new record type, declared by one entry ---------------------------------------------------
# Meeting series have a publication state but, today, only a minimal entry: no API resource, no
# search, no webhook events. The test gives them a full entry, as a newcomer adding a type would
# (docs/architecture.md, "Adding a record type"), with app code of its own here (a selector, a
# serializer, a viewset), and checks that every consumer follows that one entry.


def series_visible(user=None) -> QuerySet[Series]:
    """Published series whose convening organisation, if any, is published too."""
    return Series.objects.published().filter(
        Q(organisation=None) | Q(organisation__publication_state=PublicationState.PUBLISHED)
    )


class SeriesSerializer(RecordSerializer):
    url = ApiUrlField(detail("series"))
    name = TranslatedField()

    class Meta(RecordSerializer.Meta):
        model = Series
        fields = (
            "id",
            "slug",
            "url",
            "portal_url",
            "name",
            "kind",
            *RecordSerializer.COMMON_FIELDS,
        )


class SeriesViewSet(RecordViewSet):
    serializer_class = SeriesSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Series]:
        return series_visible()


SERIES_ENTRY = RecordType(
    model=Series,
    event_name="series",
    visible_with="organisation",
    api_type="series",
    api_prefix="series",
    viewset=SeriesViewSet,
    visible=series_visible,
    search=SearchFields(key="series", title="name", body=("description",)),
)


def rebuild_derived_maps() -> None:
    """What a running portal derives from the registry at start-up, through the public
    functions that derive it (no list is edited by hand)."""
    search_registry.rebuild()
    search_receivers.connect()
    tombstones.rebuild()


@pytest.fixture
def series_entry(settings):
    """The registry with the full entry for meeting series, for this test only."""
    before = lookup.record_type_for(Series)
    lookup._BY_LABEL[SERIES_ENTRY.label] = SERIES_ENTRY
    try:
        rebuild_derived_maps()
        # The API's URLs, as api_router builds them at start-up, in front of the portal's.
        urlconf = ModuleType("urls_with_series")
        api = api_router.api_urlpatterns(api_router.router_for(lookup.all_types()))
        urlconf.urlpatterns = [path("api/v1/", include(api)), *portal_urls.urlpatterns]
        settings.ROOT_URLCONF = urlconf
        yield SERIES_ENTRY
    finally:
        lookup._BY_LABEL[SERIES_ENTRY.label] = before
        rebuild_derived_maps()


def test_a_new_entry_is_picked_up_by_search_the_api_tombstones_sync_and_webhooks(
    series_entry, client, partner_system
):
    # given a partner subscribed to the new type's events (accepted: the type is in the list)
    token, _text = ApiToken.issue(user=partner_system, name="ASEAN Secretariat mirror")
    subscription = WebhookSubscription(
        token=token,
        name="Mirror",
        target_url="https://127.0.0.1:9/hooks",
        record_types=["series"],
        events=list(Event.values),
        language="en",
    )
    subscription.full_clean()
    subscription.save()
    assert webhook_types.type_for_event_name("series") is series_entry
    # and a published series convened by a published organisation
    organisation = OrganisationFactory()
    series = SeriesFactory(
        organisation=organisation, name_en="Zanzibar Forum", slug="zanzibar-forum"
    )

    # then search indexes it from its entry, and a save of it refreshes its index entry
    assert TRIGGERS[Series](series) == [("series", series.uid)]
    search_index_record(record_type="series", uid=series.uid)
    assert found_uids("Zanzibar", record_types=["series"]) == [series.uid]
    # and the API serves it at its prefix
    answer = client.get("/api/v1/series/zanzibar-forum/")
    assert answer.status_code == 200
    assert answer.json()["id"] == str(series.uid)
    # and partners are told it was created, with its API representation
    outbox_dispatch()
    [created] = WebhookDelivery.objects.filter(subscription=subscription)
    assert created.event_type == "series.created"
    assert json.loads(created.body)["data"]["name"] == "Zanzibar Forum"

    # when its organisation is unpublished (`visible_with`)
    assert record_is_visible(series, access_levels=["public"])
    assert "meeting_series" in sync.sync_dependents(type(organisation))
    record_set_publication(record=organisation, state=PublicationState.DRAFT)
    series.refresh_from_db()

    # then it is hidden with it: not visible, a tombstone of the new type, an unpublished event
    assert not record_is_visible(series, access_levels=["public"])
    assert client.get("/api/v1/series/zanzibar-forum/").status_code == 404
    stones = client.get("/api/v1/tombstones/", {"type": "series"}).json()["results"]
    assert [(s["type"], s["id"]) for s in stones] == [("series", str(series.uid))]
    outbox_dispatch()
    last = WebhookDelivery.objects.filter(subscription=subscription).latest("pk")
    assert last.event_type == "series.unpublished"
    assert json.loads(last.body)["data"] == {
        "type": "series",
        "id": str(series.uid),
        "reason": "unpublished",
        "at": json.loads(last.body)["data"]["at"],
    }


def test_without_the_entry_nothing_knows_the_type():
    assert "series" not in BY_KEY
    assert Series not in TRIGGERS
    assert "meetings.series" not in RESOURCES
    assert webhook_types.type_for_event_name("series") is None
    assert "series" not in [prefix for prefix, _viewset, _name in router.registry]
