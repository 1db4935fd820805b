"""Every kind of record with a publication state, declared once: what it is part of, whose
publication it depends on, its API resource, its portal page, how search finds it, and its
webhook event name.

Search (search/registry.py), the API's tombstones and sync (api/tombstones.py, sync.py), the
visibility of related records (core.selectors.record_is_visible), the API router and the admin's
preview read these entries; none of them keeps a list of types of its own. Adding a record type
is one entry here plus its app code (docs/architecture.md, "Adding a record type"), and
tests/portal/test_record_types.py fails while a model with a publication state has no entry.

This module knows every app, like api_router.py and urls.py; no app imports it. Core and the
shared code look entries up through accsm_portal.lib.record_types, where PortalConfig.ready()
registers them.
"""

import datetime
from collections.abc import Iterable

from django.db import models

from accsm_portal import views as portal_views
from accsm_portal.core import views as core_views
from accsm_portal.core.api.views import (
    CountryViewSet,
    DocumentViewSet,
    OrganisationViewSet,
    PersonViewSet,
    SourceViewSet,
)
from accsm_portal.core.models import (
    Country,
    Document,
    DocumentFile,
    Organisation,
    Person,
    Position,
    Source,
)
from accsm_portal.core.selectors import (
    country_list_public,
    document_list_visible,
    organisation_list_public,
    person_list_public,
    source_list_public,
)
from accsm_portal.lib import api_serializers as api_names
from accsm_portal.lib.record_types import (
    PortalPage,
    RecordType,
    SearchFields,
    Years,
    column_text,
    for_everyone,
    register,
)
from arcs import views as arc_views
from arcs.api.views import ResourceCentreViewSet
from arcs.models import ResourceCentre, SelfAssessment, ThemePeriod
from arcs.selectors import resource_centre_list_public
from meetings import views as meeting_views
from meetings.api.views import MeetingViewSet
from meetings.models import (
    ActionItem,
    AgendaItem,
    ChairmanshipCycle,
    Delegation,
    DelegationMember,
    Handover,
    Meeting,
    Outcome,
    Series,
)
from meetings.selectors import meeting_list_public, meeting_page_public
from workplans import views as work_plan_views
from workplans.api.views import ActivityViewSet, PriorityAreaViewSet, WorkPlanViewSet
from workplans.models import Activity, PriorityArea, ProgressReport, WorkPlan
from workplans.selectors import (
    activity_detail_public,
    activity_list_public,
    priority_area_list_public,
    work_plan_list_public,
)

# -- What search reads beyond plain fields (docs/search.md) ----------------------------------


def _published(items: Iterable[models.Model]) -> list[models.Model]:
    return [item for item in items if item.is_published]


def _span(*dates: datetime.date | None) -> Years:
    years = [d.year for d in dates if d is not None]
    return (min(years), max(years)) if years else (None, None)


def _meeting_parts(meeting: Meeting, language: str) -> list[str]:
    """A meeting is found by what was on its agenda and what it decided."""
    parts = []
    for item in _published(meeting.agenda_items.all()):
        parts += [column_text(item, "title", language), column_text(item, "description", language)]
    for outcome in _published(meeting.outcomes.all()):
        parts.append(column_text(outcome, "text", language))
        parts += [column_text(a, "text", language) for a in _published(outcome.action_items.all())]
    return parts


def _activity_years(activity: Activity) -> Years:
    start, end = _span(
        activity.planned_start, activity.planned_end, activity.actual_start, activity.actual_end
    )
    if start is None:
        return activity.work_plan.starts_year, activity.work_plan.ends_year
    return start, end


# -- The registry ----------------------------------------------------------------------------

# In the order search lists the types it finds (its filter, its facets), and the API root its
# resources.
RECORD_TYPES: tuple[RecordType, ...] = (
    # Meetings (meetings app). Series and chairmanship cycles appear only inside meetings'
    # and member states' pages, and have no API resource of their own.
    RecordType(model=Series),
    RecordType(model=ChairmanshipCycle),
    RecordType(
        model=Meeting,
        event_name=api_names.MEETING,
        api_type=api_names.MEETING,
        api_prefix="meetings",
        viewset=MeetingViewSet,
        visible=for_everyone(meeting_list_public),
        page=PortalPage(selector=meeting_page_public, render=meeting_views.meeting_page),
        search=SearchFields(
            key="meeting",
            title="title",
            body=("summary", "city", "date_note", "attendance_note"),
            prefetch=("agenda_items", "outcomes__action_items"),
            parts=("meetings.agendaitem", "meetings.outcome", "meetings.actionitem"),
            extra_body=_meeting_parts,
            years=lambda m: _span(m.starts_on, m.ends_on),
            sort_date=lambda m: m.starts_on,
        ),
    ),
    RecordType(model=AgendaItem, part_of="meeting"),
    RecordType(model=Delegation, part_of="meeting"),
    RecordType(model=DelegationMember, part_of="delegation"),
    RecordType(model=Outcome, part_of="meeting"),
    RecordType(model=ActionItem, part_of="outcome"),
    RecordType(model=Handover, part_of="meeting"),
    # Documents and sources (accsm_portal.core).
    RecordType(
        model=Document,
        event_name=api_names.DOCUMENT,
        api_type=api_names.DOCUMENT,
        api_prefix="documents",
        viewset=DocumentViewSet,
        visible=document_list_visible,
        page=PortalPage(selector=document_list_visible, render=portal_views.document_page),
        search=SearchFields(
            key="document",
            title="title",
            body=("summary",),
            # Every published document is indexed with its access level; each query keeps only
            # the levels its reader may open (core.selectors.document_access_levels).
            indexable=lambda: Document.objects.published(),
            years=lambda d: _span(d.dated),
            sort_date=lambda d: d.dated,
            access=lambda d: d.access,
        ),
    ),
    RecordType(model=DocumentFile, part_of="document"),
    RecordType(
        model=Source,
        event_name=api_names.SOURCE,
        api_type=api_names.SOURCE,
        api_prefix="sources",
        viewset=SourceViewSet,
        visible=for_everyone(source_list_public),
        page=PortalPage(selector=lambda user: source_list_public(), render=core_views.source_page),
        search=SearchFields(
            key="source",
            title="title",
            body=("summary",),
            # The full original text is searchable in the language it is written in.
            verbatim=lambda s: (s.language, s.text),
            years=lambda s: _span(s.published_on),
            sort_date=lambda s: s.published_on,
        ),
    ),
    # Work plans (workplans app).
    RecordType(
        model=WorkPlan,
        event_name=api_names.WORK_PLAN,
        api_type=api_names.WORK_PLAN,
        api_prefix="work-plans",
        viewset=WorkPlanViewSet,
        visible=for_everyone(work_plan_list_public),
        page=PortalPage(
            selector=lambda user: work_plan_list_public(), render=work_plan_views.work_plan_page
        ),
        search=SearchFields(
            key="workplan",
            title="title",
            body=("objectives",),
            years=lambda w: (w.starts_year, w.ends_year),
            sort_date=lambda w: datetime.date(w.starts_year, 1, 1),
        ),
    ),
    RecordType(
        model=PriorityArea,
        event_name=api_names.PRIORITY_AREA,
        # Nested in its work plan's representation, and shown only while the plan is published.
        part_of="work_plan",
        visible_with="work_plan",
        api_type=api_names.PRIORITY_AREA,
        api_prefix="priority-areas",
        viewset=PriorityAreaViewSet,
        visible=for_everyone(priority_area_list_public),
        search=SearchFields(
            key="priorityarea",
            title="title",
            body=("description",),
            # An anchor on its work plan's page.
            url_fields=("work_plan__slug", "track", "number"),
            years=lambda p: (p.work_plan.starts_year, p.work_plan.ends_year),
            sort_date=lambda p: datetime.date(p.work_plan.starts_year, 1, 1),
        ),
    ),
    RecordType(
        model=Activity,
        event_name=api_names.ACTIVITY,
        visible_with="work_plan",
        api_type=api_names.ACTIVITY,
        api_prefix="activities",
        viewset=ActivityViewSet,
        visible=for_everyone(activity_list_public),
        page=PortalPage(selector=activity_detail_public, render=work_plan_views.activity_page),
        search=SearchFields(
            key="activity",
            title="title",
            body=("description",),
            years=_activity_years,
            sort_date=lambda a: a.actual_start or a.planned_start,
        ),
    ),
    RecordType(model=ProgressReport, part_of="work_plan"),
    # ASEAN Resource Centres (arcs app).
    RecordType(
        model=ResourceCentre,
        event_name=api_names.ARC,
        api_type=api_names.ARC,
        api_prefix="arcs",
        viewset=ResourceCentreViewSet,
        visible=for_everyone(resource_centre_list_public),
        page=PortalPage(
            selector=lambda user: resource_centre_list_public(),
            render=arc_views.resource_centre_page,
        ),
        search=SearchFields(
            key="arc",
            title="name",
            body=("description",),
            parts=("arcs.themeperiod",),
            # An ARC is found by every theme it has held.
            extra_body=lambda arc, language: [
                column_text(period, "theme", language)
                for period in _published(arc.theme_periods.all())
            ],
            years=lambda arc: _span(arc.established_on),
            sort_date=lambda arc: arc.established_on,
        ),
    ),
    RecordType(model=ThemePeriod, part_of="centre"),
    RecordType(model=SelfAssessment, part_of="centre"),
    # People, countries and organisations (accsm_portal.core).
    RecordType(
        model=Person,
        event_name=api_names.PERSON,
        api_type=api_names.PERSON,
        api_prefix="people",
        viewset=PersonViewSet,
        visible=for_everyone(person_list_public),
        search=SearchFields(
            key="person",
            title="name",
            body=("honorific",),
            url_fields=(),  # no page of their own
            parts=("core.position",),
            # A person is found by the public roles they held ("Secretary of State").
            extra_body=lambda person, language: [
                column_text(position, "title", language) for position in person.positions.all()
            ],
        ),
    ),
    RecordType(model=Position, part_of="person"),
    RecordType(
        model=Country,
        event_name=api_names.COUNTRY,
        api_type=api_names.COUNTRY,
        api_prefix="countries",
        viewset=CountryViewSet,
        visible=for_everyone(country_list_public),
    ),
    RecordType(
        model=Organisation,
        event_name=api_names.ORGANISATION,
        api_type=api_names.ORGANISATION,
        api_prefix="organisations",
        viewset=OrganisationViewSet,
        visible=for_everyone(organisation_list_public),
    ),
)

# Core and the shared code read the entries through accsm_portal.lib.record_types (they import
# no app). Registering on import means whoever imports this module sees a complete registry;
# PortalConfig.ready() imports it before any request or task.
register(RECORD_TYPES)
