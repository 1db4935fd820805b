"""Work-plan pages: areas by track, activities, computed beside reported progress."""

import pytest
from django.utils.html import escape

from tests.accounts import login
from tests.factories import (
    ActivityFactory,
    CountryFactory,
    MeetingFactory,
    OrganisationFactory,
    PriorityAreaFactory,
    WorkPlanFactory,
)
from tests.pages import build_portal
from workplans import views
from workplans.models import Activity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [1, 3])
def test_work_plan_pages_cost_the_same_queries_whatever_their_size(
    client, django_assert_num_queries, size
):
    portal = build_portal(size)
    for year in range(size):
        WorkPlanFactory(starts_year=2030 + 10 * year, ends_year=2034 + 10 * year)

    # Each count includes the page cache's read of the content generation. An activity without
    # co-leads, partners, meetings, outputs or citations is read in one query: its flags say
    # there is nothing more to read (a query per kind before).
    with django_assert_num_queries(4):
        assert client.get("/en/workplans/").status_code == 200
    with django_assert_num_queries(9):
        assert client.get(f"/en/workplans/{portal.work_plan.slug}/").status_code == 200
    with django_assert_num_queries(2):
        activity = portal.english_only_activity
        assert client.get(f"/en/workplans/activities/{activity.slug}/").status_code == 200


def test_progress_is_computed_from_activities_beside_the_reported_progress(client):
    portal = build_portal(3)  # completed, ongoing, planned + two planned without area
    plan = portal.work_plan
    ActivityFactory(work_plan=plan, status=Activity.Status.CANCELLED)

    html = client.get(f"/en/workplans/{plan.slug}/").content.decode()

    # ACCSM track: 1 of 4 active activities completed; the cancelled one does not count.
    assert "1 of 4 activities completed (25%)" in html
    # As reported at the meeting: 5 completed, 10 planned.
    assert "5 completed, 10 planned (33% completed)" in html
    assert '<svg class="chart-svg"' in html
    assert 'role="img"' in html


def test_areas_are_grouped_by_track_with_their_activities(client):
    portal = build_portal(2)

    response = client.get(f"/km/workplans/{portal.work_plan.slug}/")

    tracks = response.context["tracks"]
    assert [t.track for t in tracks] == ["accsm", "plus_three"]
    assert [len(a.activities) for a in tracks[0].areas] == [2]
    assert tracks[0].unassigned.activities == [portal.english_only_activity]
    html = response.content.decode()
    assert 'id="area-accsm-1"' in html
    assert "វិស័យអាទិភាពទី ១" in html
    assert "កម្ពុជា" in html  # the lead country, in Khmer


def test_a_draft_work_plan_and_its_activities_are_hidden(client):
    plan = WorkPlanFactory(publication_state="draft")
    activity = ActivityFactory(work_plan=plan)

    assert client.get(f"/en/workplans/{plan.slug}/").status_code == 404
    assert client.get(f"/en/workplans/activities/{activity.slug}/").status_code == 404
    assert plan.title_en not in client.get("/en/workplans/").content.decode()


@pytest.mark.parametrize("size", [1, 4])
def test_the_progress_figures_cost_the_same_queries_whatever_the_plan(
    client, django_assert_num_queries, size
):
    portal = build_portal(size)

    # The plan, its activities by status, its areas, its reports (with their meetings), and
    # the API's own reads of every request.
    with django_assert_num_queries(6):
        response = client.get(f"/api/v1/work-plans/{portal.work_plan.slug}/progress/")
    assert response.status_code == 200
    accsm = response.json()["tracks"][0]
    assert sum(accsm["computed"]["by_status"].values()) == size + 1


def test_the_progress_of_a_draft_work_plan_is_not_served(client):
    plan = WorkPlanFactory(publication_state="draft")
    ActivityFactory(work_plan=plan)

    assert client.get(f"/api/v1/work-plans/{plan.uid}/progress/").status_code == 404


@pytest.fixture
def few_listed(monkeypatch):
    """A plan page lists an area's activities up to two (50 in production)."""
    monkeypatch.setattr(views, "ACTIVITIES_LISTED", 2)
    monkeypatch.setattr(views, "ACTIVITIES_PAGE_SIZE", 2)


def test_an_area_with_too_many_activities_links_to_its_pages_instead_of_listing_them(
    client, few_listed
):
    plan = WorkPlanFactory()
    small = PriorityAreaFactory(work_plan=plan, number=1)
    large = PriorityAreaFactory(work_plan=plan, number=2)
    ActivityFactory(work_plan=plan, priority_area=small, title_en="Small area workshop")
    for n in range(3):
        ActivityFactory(work_plan=plan, priority_area=large, title_en=f"Large area workshop {n}")

    response = client.get(f"/en/workplans/{plan.slug}/")

    html = response.content.decode()
    assert "Small area workshop" in html
    assert "Large area workshop" not in html
    assert f"/en/workplans/{plan.slug}/activities/?track=accsm&amp;area=2" in html
    assert "See all its 3 activities, page by page" in html


def test_an_area_s_activities_are_listed_page_by_page_in_the_plan_s_order(client, few_listed):
    plan = WorkPlanFactory()
    area = PriorityAreaFactory(work_plan=plan, number=2, title_en="Digital government")
    PriorityAreaFactory(work_plan=plan, number=3)
    zambia, albania = CountryFactory(name_en="Zambia"), CountryFactory(name_en="Albania")
    last = ActivityFactory(work_plan=plan, priority_area=area, lead_country=zambia)
    first = ActivityFactory(work_plan=plan, priority_area=area, lead_country=albania)
    second = ActivityFactory(work_plan=plan, priority_area=area, lead_country=albania)
    ActivityFactory(work_plan=plan, priority_area=area, publication_state="draft")
    ActivityFactory(work_plan=plan)  # linked to no area

    def listed(query: str) -> list:
        response = client.get(f"/en/workplans/{plan.slug}/activities/?{query}")
        assert response.status_code == 200
        return list(response.context["page"].object_list)

    assert listed("track=accsm&area=2") == [first, second]
    assert listed("track=accsm&area=2&page=2") == [last]
    html = client.get(f"/en/workplans/{plan.slug}/activities/?track=accsm&area=2").content
    assert "Priority area 2" in html.decode()
    assert "3 activities" in html.decode()
    assert "Digital government" in html.decode()


def test_the_track_s_activities_linked_to_no_public_area_are_listed_together(client):
    plan = WorkPlanFactory()
    draft_area = PriorityAreaFactory(work_plan=plan, number=1, publication_state="draft")
    PriorityAreaFactory(work_plan=plan, number=2)
    loose = ActivityFactory(work_plan=plan)
    in_draft_area = ActivityFactory(work_plan=plan, priority_area=draft_area)

    response = client.get(f"/en/workplans/{plan.slug}/activities/?track=accsm&area=none")

    assert set(response.context["page"].object_list) == {loose, in_draft_area}


@pytest.mark.parametrize(
    "query", ["", "track=nonsense", "track=accsm&area=9", "track=accsm&area=1"]
)
def test_an_unknown_track_or_area_or_a_draft_area_is_not_found(client, query):
    plan = WorkPlanFactory()
    PriorityAreaFactory(work_plan=plan, number=1, publication_state="draft")

    assert client.get(f"/en/workplans/{plan.slug}/activities/?{query}").status_code == 404


def test_a_draft_plan_s_activities_are_not_listed(client):
    plan = WorkPlanFactory(publication_state="draft")

    assert client.get(f"/en/workplans/{plan.slug}/activities/?track=accsm").status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_an_area_s_pages_cost_the_same_queries_whatever_its_size(
    client, django_assert_num_queries, size
):
    plan = WorkPlanFactory()
    area = PriorityAreaFactory(work_plan=plan, number=1)
    ActivityFactory.create_batch(size, work_plan=plan, priority_area=area)

    # The page cache's content generation, the plan, its areas, the count, the page's keys,
    # its rows, co-leads and partners.
    with django_assert_num_queries(8):
        response = client.get(f"/en/workplans/{plan.slug}/activities/?track=accsm&area=1")
    assert len(response.context["page"].object_list) == size


@pytest.mark.parametrize("size", [1, 3])
def test_an_activity_page_lists_its_outputs_and_meetings_as_the_reader_may_see_them(
    client, django_assert_num_queries, delegate, size
):
    portal = build_portal(size)
    activity = portal.english_only_activity
    activity.outputs.add(portal.public_document, portal.restricted_document)
    activity.reported_at.add(*portal.meetings)
    url = f"/en/workplans/activities/{activity.slug}/"

    # The page cache's content generation, the activity with its joins and a flag per kind of
    # linked record, then the kinds it has: its meetings and outputs (no co-leads, partners or
    # citations: not read).
    with django_assert_num_queries(4):
        html = client.get(url).content.decode()

    assert portal.public_document.title_en in html
    assert portal.public_document.get_absolute_url() in html
    assert portal.restricted_document.title_en not in html
    for meeting in portal.meetings:
        assert f'<a href="{meeting.get_absolute_url()}">{escape(meeting.title_en)}</a>' in html
    login(client, delegate)
    assert portal.restricted_document.title_en in client.get(url).content.decode()


def test_an_activity_page_shows_its_area_co_leads_partners_and_published_meetings(
    client, django_assert_num_queries
):
    plan = WorkPlanFactory()
    area = PriorityAreaFactory(work_plan=plan, number=3, title_en="Digital skills")
    activity = ActivityFactory(work_plan=plan, priority_area=area, track=area.track)
    activity.co_lead_countries.add(
        CountryFactory(name_en="Malaysia"), CountryFactory(name_en="Brunei", name_km="ព្រុយណេ")
    )
    activity.partners.add(OrganisationFactory(name_en="Korea Civil Service Commission"))
    activity.reported_at.add(
        MeetingFactory(title_en="Reported at SOM"),
        MeetingFactory(title_en="Unpublished SOM", publication_state="draft"),
    )

    # The generation, the activity, its co-leads, partners and meetings: the area's link names
    # the plan the activity was read with.
    with django_assert_num_queries(5):
        html = client.get(f"/en/workplans/activities/{activity.slug}/").content.decode()

    assert f'<a href="{plan.get_absolute_url()}#area-{area.track}-3">3. Digital skills</a>' in html
    assert "Malaysia" in html
    assert "Brunei" in html
    assert "Korea Civil Service Commission" in html
    assert "Reported at SOM" in html
    assert "Unpublished SOM" not in html
    assert "ព្រុយណេ" in client.get(f"/km/workplans/activities/{activity.slug}/").content.decode()
