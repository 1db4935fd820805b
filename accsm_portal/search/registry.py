"""What is searchable: for each record type, its text per language, years, visibility and the
changes that must refresh it.

This module knows every domain app (like the URL configuration does); no app imports it. The
visibility of each type is its app's public selector, so "who may see this" stays written once:
a record is in the index only while that selector returns it, and results are loaded through it
again (with the reader's document access) before they are shown.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet

from accsm_portal.core.models import Document, Person, Position, Source
from accsm_portal.core.selectors import (
    User,
    document_list_visible,
    person_list_public,
    source_list_public,
)
from arcs.models import ResourceCentre, ThemePeriod
from arcs.selectors import resource_centre_list_public
from meetings.models import ActionItem, AgendaItem, Meeting, Outcome
from meetings.selectors import meeting_list_public
from workplans.models import Activity, PriorityArea, WorkPlan
from workplans.selectors import (
    activity_list_public,
    priority_area_list_public,
    work_plan_list_public,
)

Years = tuple[int | None, int | None]


def _published(items: Iterable[models.Model]) -> list[models.Model]:
    return [item for item in items if item.is_published]


def _text(obj: models.Model, name: str, language: str) -> str:
    return getattr(obj, f"{name}_{language}", None) or ""


def _span(*dates: datetime.date | None) -> Years:
    years = [d.year for d in dates if d is not None]
    return (min(years), max(years)) if years else (None, None)


@dataclass(frozen=True)
class SearchableType:
    """One kind of record in the search index."""

    key: str  # the `type` of the API and the portal filter
    model: type[models.Model]
    title_field: str
    body_fields: tuple[str, ...]
    # The records that may be indexed: the public selector, before any per-reader access rule.
    indexable: Callable[[], QuerySet]
    # The records a reader may see, used to load results.
    visible: Callable[[User | None], QuerySet]
    prefetch: tuple[str, ...] = ()
    extra_body: Callable[[models.Model, str], list[str]] = lambda obj, language: []
    verbatim: Callable[[models.Model], tuple[str, str] | None] = lambda obj: None
    years: Callable[[models.Model], Years] = lambda obj: (None, None)
    sort_date: Callable[[models.Model], datetime.date | None] = lambda obj: None
    access: Callable[[models.Model], str] = lambda obj: Document.Access.PUBLIC

    @property
    def label(self) -> str:
        return self.model._meta.verbose_name

    @property
    def label_plural(self) -> str:
        return self.model._meta.verbose_name_plural

    def title(self, obj: models.Model, language: str) -> str:
        return _text(obj, self.title_field, language)

    def body(self, obj: models.Model, language: str) -> str:
        parts = [_text(obj, name, language) for name in self.body_fields]
        parts += self.extra_body(obj, language)
        verbatim = self.verbatim(obj)
        if verbatim and verbatim[0] == language:
            parts.append(verbatim[1])
        # Parts are kept apart by a blank line so a phrase never spans two of them silently.
        return "\n\n".join(part for part in parts if part and part.strip())


def _meeting_parts(meeting: Meeting, language: str) -> list[str]:
    """A meeting is found by what was on its agenda and what it decided."""
    parts = []
    for item in _published(meeting.agenda_items.all()):
        parts += [_text(item, "title", language), _text(item, "description", language)]
    for outcome in _published(meeting.outcomes.all()):
        parts.append(_text(outcome, "text", language))
        parts += [_text(a, "text", language) for a in _published(outcome.action_items.all())]
    return parts


def _activity_years(activity: Activity) -> Years:
    start, end = _span(
        activity.planned_start, activity.planned_end, activity.actual_start, activity.actual_end
    )
    if start is None:
        return activity.work_plan.starts_year, activity.work_plan.ends_year
    return start, end


TYPES: tuple[SearchableType, ...] = (
    SearchableType(
        key="meeting",
        model=Meeting,
        title_field="title",
        body_fields=("summary", "city", "date_note", "attendance_note"),
        indexable=meeting_list_public,
        visible=lambda user: meeting_list_public(),
        prefetch=("agenda_items", "outcomes__action_items"),
        extra_body=_meeting_parts,
        years=lambda m: _span(m.starts_on, m.ends_on),
        sort_date=lambda m: m.starts_on,
    ),
    SearchableType(
        key="document",
        model=Document,
        title_field="title",
        body_fields=("summary",),
        # Every published document is indexed with its access level; each query keeps only the
        # levels its reader may open (core.selectors.document_access_levels).
        indexable=lambda: Document.objects.published(),
        visible=lambda user: document_list_visible(user),
        years=lambda d: _span(d.dated),
        sort_date=lambda d: d.dated,
        access=lambda d: d.access,
    ),
    SearchableType(
        key="source",
        model=Source,
        title_field="title",
        body_fields=("summary",),
        indexable=source_list_public,
        visible=lambda user: source_list_public(),
        # The full original text is searchable in the language it is written in.
        verbatim=lambda s: (s.language, s.text),
        years=lambda s: _span(s.published_on),
        sort_date=lambda s: s.published_on,
    ),
    SearchableType(
        key="workplan",
        model=WorkPlan,
        title_field="title",
        body_fields=("objectives",),
        indexable=work_plan_list_public,
        visible=lambda user: work_plan_list_public(),
        years=lambda w: (w.starts_year, w.ends_year),
        sort_date=lambda w: datetime.date(w.starts_year, 1, 1),
    ),
    SearchableType(
        key="priorityarea",
        model=PriorityArea,
        title_field="title",
        body_fields=("description",),
        indexable=priority_area_list_public,
        visible=lambda user: priority_area_list_public(),
        years=lambda p: (p.work_plan.starts_year, p.work_plan.ends_year),
        sort_date=lambda p: datetime.date(p.work_plan.starts_year, 1, 1),
    ),
    SearchableType(
        key="activity",
        model=Activity,
        title_field="title",
        body_fields=("description",),
        indexable=activity_list_public,
        visible=lambda user: activity_list_public(),
        years=_activity_years,
        sort_date=lambda a: a.actual_start or a.planned_start,
    ),
    SearchableType(
        key="arc",
        model=ResourceCentre,
        title_field="name",
        body_fields=("description",),
        indexable=resource_centre_list_public,
        visible=lambda user: resource_centre_list_public(),
        # An ARC is found by every theme it has held.
        extra_body=lambda arc, language: [
            _text(period, "theme", language) for period in _published(arc.theme_periods.all())
        ],
        years=lambda arc: _span(arc.established_on),
        sort_date=lambda arc: arc.established_on,
    ),
    SearchableType(
        key="person",
        model=Person,
        title_field="name",
        body_fields=("honorific",),
        indexable=person_list_public,
        visible=lambda user: person_list_public(),
        # A person is found by the public roles they held ("Secretary of State").
        extra_body=lambda person, language: [
            _text(position, "title", language) for position in person.positions.all()
        ],
    ),
)

BY_KEY: dict[str, SearchableType] = {t.key: t for t in TYPES}
BY_MODEL: dict[type[models.Model], SearchableType] = {t.model: t for t in TYPES}


def type_for_model(model: type[models.Model]) -> SearchableType:
    try:
        return BY_MODEL[model]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not searchable") from None


# What to refresh when a record changes: the record itself when it is searchable, and the
# searchable records whose text, years or visibility it is part of. A function returns
# (type key, uid) pairs; it may query the database (the change is not committed yet).
Affected = list[tuple[str, object]]


def _self(instance: models.Model) -> Affected:
    return [(BY_MODEL[type(instance)].key, instance.uid)]


def _meeting_of(meeting_id: int | None) -> Affected:
    uid = Meeting.objects.filter(pk=meeting_id).values_list("uid", flat=True).first()
    return [("meeting", uid)] if uid else []


def _work_plan_and_parts(plan: WorkPlan) -> Affected:
    """A work plan's years and publication are part of its areas' and activities' entries."""
    affected = _self(plan)
    affected += [("priorityarea", uid) for uid in plan.priority_areas.values_list("uid", flat=True)]
    affected += [("activity", uid) for uid in plan.activities.values_list("uid", flat=True)]
    return affected


def _action_item_meeting(item: ActionItem) -> Affected:
    meeting_id = Outcome.objects.filter(pk=item.outcome_id).values_list("meeting_id", flat=True)
    return _meeting_of(meeting_id.first())


def _centre_of(period: ThemePeriod) -> Affected:
    uid = ResourceCentre.objects.filter(pk=period.centre_id).values_list("uid", flat=True).first()
    return [("arc", uid)] if uid else []


def _person_of(position: Position) -> Affected:
    uid = Person.objects.filter(pk=position.person_id).values_list("uid", flat=True).first()
    return [("person", uid)] if uid else []


TRIGGERS: dict[type[models.Model], Callable[[models.Model], Affected]] = {
    Meeting: _self,
    AgendaItem: lambda item: _meeting_of(item.meeting_id),
    Outcome: lambda outcome: _meeting_of(outcome.meeting_id),
    ActionItem: _action_item_meeting,
    Document: _self,
    Source: _self,
    WorkPlan: _work_plan_and_parts,
    PriorityArea: _self,
    Activity: _self,
    ResourceCentre: _self,
    ThemePeriod: _centre_of,
    Person: _self,
    Position: _person_of,
}
