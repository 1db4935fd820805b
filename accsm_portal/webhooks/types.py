"""The record types a partner can subscribe to: for each, its event name, how its API
representation is made, and who may read it.

The one place that maps record types for webhooks, so that it can later point at the portal's
record-type registry. The representation and the visibility both come from the type's API
viewset (its serializer, and its `get_queryset()`, which calls the app's visibility selector),
so a webhook body is exactly what the partner would read at /api/v1/, and a record the partner
cannot read there is never sent. Like accsm_portal/api_router.py, this module knows every app.
"""

from dataclasses import dataclass

from django.db import models
from rest_framework.viewsets import GenericViewSet

from accsm_portal.core.api.views import (
    CountryViewSet,
    DocumentViewSet,
    OrganisationViewSet,
    PersonViewSet,
    SourceViewSet,
)
from accsm_portal.core.models import Country, Document, Organisation, Person, Source
from accsm_portal.lib import api_serializers as names
from arcs.api.views import ResourceCentreViewSet
from arcs.models import ResourceCentre
from meetings.api.views import MeetingViewSet
from meetings.models import Meeting
from workplans.api.views import ActivityViewSet, PriorityAreaViewSet, WorkPlanViewSet
from workplans.models import Activity, PriorityArea, WorkPlan


@dataclass(frozen=True)
class WebhookType:
    key: str  # the API's resource type, also the first half of the event name
    model: type[models.Model]
    viewset: type[GenericViewSet]  # serializer + visibility selector, as the API uses them
    basename: str  # the router's basename, for the record's API address

    def event_name(self, event: str) -> str:
        """Standard Webhooks style: `meeting.published`."""
        return f"{self.key}.{event}"

    @property
    def label(self) -> str:
        return self.model._meta.verbose_name_plural


TYPES: tuple[WebhookType, ...] = (
    WebhookType(names.MEETING, Meeting, MeetingViewSet, names.MEETING),
    WebhookType(names.DOCUMENT, Document, DocumentViewSet, names.DOCUMENT),
    WebhookType(names.SOURCE, Source, SourceViewSet, names.SOURCE),
    WebhookType(names.WORK_PLAN, WorkPlan, WorkPlanViewSet, names.WORK_PLAN),
    WebhookType(names.PRIORITY_AREA, PriorityArea, PriorityAreaViewSet, names.PRIORITY_AREA),
    WebhookType(names.ACTIVITY, Activity, ActivityViewSet, names.ACTIVITY),
    WebhookType(names.ARC, ResourceCentre, ResourceCentreViewSet, names.ARC),
    WebhookType(names.COUNTRY, Country, CountryViewSet, names.COUNTRY),
    WebhookType(names.ORGANISATION, Organisation, OrganisationViewSet, names.ORGANISATION),
    WebhookType(names.PERSON, Person, PersonViewSet, names.PERSON),
)

BY_KEY: dict[str, WebhookType] = {t.key: t for t in TYPES}
BY_LABEL: dict[str, WebhookType] = {t.model._meta.label_lower: t for t in TYPES}


def type_for_model(model: type[models.Model]) -> WebhookType | None:
    return BY_LABEL.get(model._meta.label_lower)
