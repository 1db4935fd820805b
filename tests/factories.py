"""factory_boy factories: translated fields are set through their language columns."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accsm_portal.core.models import (
    Country,
    Document,
    DocumentFile,
    Organisation,
    Person,
    Position,
    Source,
)
from arcs.models import ResourceCentre, SelfAssessment, ThemePeriod
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
from workplans.models import Activity, PriorityArea, ProgressReport, Track, WorkPlan


class RecordFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    publication_state = "published"
    original_language = "en"


class CountryFactory(RecordFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{chr(65 + (n // 26) % 26)}{chr(65 + n % 26)}")
    name_en = factory.Sequence(lambda n: f"Country {n}")
    standing = Country.Standing.MEMBER_STATE


def member_state(code: str, name_en: str, **names) -> Country:
    """A real member state by code (created once per test)."""
    return CountryFactory(code=code, name_en=name_en, **names)


class OrganisationFactory(RecordFactory):
    class Meta:
        model = Organisation

    name_en = factory.Sequence(lambda n: f"Ministry {n}")
    kind = Organisation.Kind.MINISTRY
    country = factory.SubFactory(CountryFactory)


class PersonFactory(RecordFactory):
    class Meta:
        model = Person

    name_en = factory.Sequence(lambda n: f"Official {n}")
    honorific_en = "H.E."


class PositionFactory(RecordFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title_en = "Director General"


class SourceFactory(RecordFactory):
    class Meta:
        model = Source

    title_en = factory.Sequence(lambda n: f"Article {n}")
    language = "en"
    text = "The full text of the article."


class DocumentFactory(RecordFactory):
    class Meta:
        model = Document

    title_en = factory.Sequence(lambda n: f"Joint Statement {n}")
    kind = Document.Kind.JOINT_STATEMENT
    status = Document.Status.ADOPTED
    access = Document.Access.PUBLIC
    dated = datetime.date(2021, 4, 8)


class DocumentFileFactory(RecordFactory):
    class Meta:
        model = DocumentFile

    document = factory.SubFactory(DocumentFactory)
    language = "en"
    url = "https://example.org/statement.pdf"


class SeriesFactory(RecordFactory):
    class Meta:
        model = Series

    name_en = factory.Sequence(lambda n: f"Series {n}")
    acronym_en = factory.Sequence(lambda n: f"S{n}")
    kind = Series.Kind.ACCSM


class CycleFactory(RecordFactory):
    class Meta:
        model = ChairmanshipCycle

    series = factory.SubFactory(SeriesFactory)
    number = factory.Sequence(lambda n: n + 1)
    chair_country = factory.SubFactory(CountryFactory)


class MeetingFactory(RecordFactory):
    class Meta:
        model = Meeting

    series = factory.SubFactory(SeriesFactory)
    kind = Meeting.Kind.SOM
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.LazyAttribute(lambda m: f"Senior Officials' Meeting {m.number}")
    starts_on = datetime.date(2021, 4, 8)
    mode = Meeting.Mode.VIDEO
    host_country = factory.SubFactory(CountryFactory)


class HandoverFactory(RecordFactory):
    class Meta:
        model = Handover

    from_cycle = factory.SubFactory(CycleFactory)
    to_cycle = factory.SubFactory(
        CycleFactory,
        series=factory.SelfAttribute("..from_cycle.series"),
        number=factory.LazyAttribute(lambda c: c.factory_parent.from_cycle.number + 1),
    )
    note_en = "The chair is handed over."


class AgendaItemFactory(RecordFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Agenda item {n}")


class DelegationFactory(RecordFactory):
    class Meta:
        model = Delegation

    meeting = factory.SubFactory(MeetingFactory)
    country = factory.SubFactory(CountryFactory)
    size = 14
    women = 5


class DelegationMemberFactory(RecordFactory):
    class Meta:
        model = DelegationMember

    delegation = factory.SubFactory(DelegationFactory)
    person = factory.SubFactory(PersonFactory)
    role_en = "Member"


class OutcomeFactory(RecordFactory):
    class Meta:
        model = Outcome

    meeting = factory.SubFactory(MeetingFactory)
    kind = Outcome.Kind.DECISION
    text_en = factory.Sequence(lambda n: f"Decision {n}")


class ActionItemFactory(RecordFactory):
    class Meta:
        model = ActionItem

    outcome = factory.SubFactory(OutcomeFactory)
    text_en = "Draft a concept note"
    due_on = datetime.date(2024, 2, 6)


class WorkPlanFactory(RecordFactory):
    class Meta:
        model = WorkPlan

    scope = WorkPlan.Scope.BOTH
    starts_year = factory.Sequence(lambda n: 2021 + 5 * n)
    ends_year = factory.LazyAttribute(lambda w: w.starts_year + 4)
    title_en = factory.LazyAttribute(lambda w: f"Work Plan {w.starts_year}-{w.ends_year}")


class PriorityAreaFactory(RecordFactory):
    class Meta:
        model = PriorityArea

    work_plan = factory.SubFactory(WorkPlanFactory)
    track = Track.ACCSM
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Priority area {n}")


class ActivityFactory(RecordFactory):
    class Meta:
        model = Activity

    work_plan = factory.SubFactory(WorkPlanFactory)
    track = Track.ACCSM
    title_en = factory.Sequence(lambda n: f"Workshop {n}")
    lead_country = factory.SubFactory(CountryFactory)
    status = Activity.Status.PLANNED


class ProgressReportFactory(RecordFactory):
    class Meta:
        model = ProgressReport

    meeting = factory.SubFactory(MeetingFactory)
    work_plan = factory.SubFactory(WorkPlanFactory)
    track = Track.ACCSM
    completed = 5
    planned = 10


class ResourceCentreFactory(RecordFactory):
    class Meta:
        model = ResourceCentre

    country = factory.SubFactory(CountryFactory)
    name_en = factory.LazyAttribute(lambda r: f"ASEAN Resource Centre of {r.country.name_en}")


class ThemePeriodFactory(RecordFactory):
    class Meta:
        model = ThemePeriod

    centre = factory.SubFactory(ResourceCentreFactory)
    theme_en = factory.Sequence(lambda n: f"Theme {n}")
    starts_on = datetime.date(2017, 5, 1)


class SelfAssessmentFactory(RecordFactory):
    class Meta:
        model = SelfAssessment

    centre = factory.SubFactory(ResourceCentreFactory)
    year = 2019
    summary_en = "Self-assessment summary"
