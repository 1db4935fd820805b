"""Every list costs the same number of queries whatever its page size: each relation shown is
loaded once per page (select_related / prefetch_related), never once per row."""

import datetime

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def full_meeting(n: int) -> None:
    kh = f.member_state("KH", "Cambodia")
    cycle = f.CycleFactory(chair_country=kh)
    meeting = f.MeetingFactory(
        series=cycle.series,
        cycle=cycle,
        host_country=kh,
        chair=f.PersonFactory(),
        parent=f.MeetingFactory(),
    )
    item = f.AgendaItemFactory(meeting=meeting)
    item.documents.add(f.DocumentFactory())
    item.priority_areas.add(f.PriorityAreaFactory())
    delegation = f.DelegationFactory(meeting=meeting, country=kh, head=f.PersonFactory())
    f.DelegationMemberFactory(delegation=delegation)
    outcome = f.OutcomeFactory(meeting=meeting)
    outcome.documents.add(f.DocumentFactory())
    outcome.activities.add(f.ActivityFactory(lead_country=kh))
    f.ActionItemFactory(outcome=outcome, responsible=f.OrganisationFactory())
    f.HandoverFactory(meeting=meeting)
    citation_for(meeting)


def citation_for(record) -> None:
    from django.contrib.contenttypes.models import ContentType

    from accsm_portal.core.models import Citation

    Citation.objects.create(
        source=f.SourceFactory(),
        content_type=ContentType.objects.get_for_model(type(record)),
        object_uid=record.uid,
        note_en="As reported",
    )


def full_activity(n: int) -> None:
    kh = f.member_state("KH", "Cambodia")
    activity = f.ActivityFactory(
        lead_country=kh, priority_area=None, proposed_at=f.MeetingFactory()
    )
    area = f.PriorityAreaFactory(work_plan=activity.work_plan)
    activity.priority_area = area
    activity.save()
    activity.co_lead_countries.add(kh)
    activity.partners.add(f.OrganisationFactory())
    activity.outputs.add(f.DocumentFactory())
    activity.reported_at.add(f.MeetingFactory())
    citation_for(activity)


def full_work_plan(n: int) -> None:
    plan = f.WorkPlanFactory(document=f.DocumentFactory(), adopted_at=f.MeetingFactory())
    area = f.PriorityAreaFactory(work_plan=plan)
    f.ProgressReportFactory(work_plan=plan, priority_area=area)


def full_arc(n: int) -> None:
    arc = f.ResourceCentreFactory(
        host_organisation=f.OrganisationFactory(), established_at=f.MeetingFactory()
    )
    f.ThemePeriodFactory(
        centre=arc,
        source=f.SourceFactory(),
        starts_on=datetime.date(2015, 1, 1),
        ends_on=datetime.date(2016, 1, 31),
    )
    f.ThemePeriodFactory(centre=arc, starts_on=datetime.date(2016, 2, 1))
    f.SelfAssessmentFactory(centre=arc, document=f.DocumentFactory())


def full_document(n: int) -> None:
    document = f.DocumentFactory(
        author=f.OrganisationFactory(),
        initiated_by=f.CountryFactory(),
        superseded_by=f.DocumentFactory(),
        status="superseded",
    )
    f.DocumentFileFactory(document=document)


def full_person(n: int) -> None:
    f.PositionFactory(person=f.PersonFactory())


def full_tombstone(n: int) -> None:
    f.SourceFactory().delete()


BUILDERS = {
    "countries": lambda n: f.CountryFactory(),
    "organisations": lambda n: f.OrganisationFactory(parent=f.OrganisationFactory()),
    "people": full_person,
    "documents": full_document,
    "sources": lambda n: f.SourceFactory(publisher=f.OrganisationFactory()),
    "meetings": full_meeting,
    "work-plans": full_work_plan,
    "priority-areas": lambda n: f.PriorityAreaFactory(),
    "activities": full_activity,
    "arcs": full_arc,
    "tombstones": full_tombstone,
}

# Measured once and kept: a change here means a list's cost changed (say why in the commit).
# The first of each reads the ETag/Last-Modified moments (the table's newest row and the type's
# newest tombstone in one statement; the tombstone list also counts its rows), the next chooses
# the page on narrow columns, the rest load and prefetch the records not kept yet.
EXPECTED = {
    "countries": 4,
    "organisations": 4,
    "people": 5,
    "documents": 5,
    "sources": 4,
    "meetings": 19,
    "work-plans": 6,
    "priority-areas": 4,
    "activities": 8,
    "arcs": 7,
    "tombstones": 4,
}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_a_list_page_costs_the_same_at_two_sizes(client, django_assert_num_queries, name):
    for n in range(2):
        BUILDERS[name](n)
    with django_assert_num_queries(EXPECTED[name]):
        small = client.get(f"/api/v1/{name}/?page_size=2")
    for n in range(2, 8):
        BUILDERS[name](n)
    with django_assert_num_queries(EXPECTED[name]):
        large = client.get(f"/api/v1/{name}/?page_size=8")

    assert small.status_code == large.status_code == 200
    assert len(small.json()["results"]) == 2
    assert len(large.json()["results"]) >= 6


@pytest.mark.parametrize(
    ("name", "queries"), [("activities", 2), ("meetings", 2), ("tombstones", 3)]
)
def test_an_unchanged_page_is_served_from_kept_representations(
    client, django_assert_num_queries, name, queries
):
    for n in range(3):
        BUILDERS[name](n)
    first = client.get(f"/api/v1/{name}/?page_size=2")

    with django_assert_num_queries(queries):
        again = client.get(f"/api/v1/{name}/?page_size=2")

    assert again.json() == first.json()


def test_the_meeting_feed_costs_the_same_for_few_and_many_meetings(
    client, django_assert_num_queries
):
    full_meeting(0)
    with django_assert_num_queries(2):
        client.get("/api/v1/meetings.ics")
    for n in range(5):
        full_meeting(n)
    with django_assert_num_queries(2):
        response = client.get("/api/v1/meetings.ics")
    assert response.content.count(b"BEGIN:VEVENT") >= 6
