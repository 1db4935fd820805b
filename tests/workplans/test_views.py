"""Work-plan pages: areas by track, activities, computed beside reported progress."""

import pytest

from tests.factories import ActivityFactory, WorkPlanFactory
from tests.pages import build_portal
from workplans.models import Activity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [1, 3])
def test_work_plan_pages_cost_the_same_queries_whatever_their_size(
    client, django_assert_num_queries, size
):
    portal = build_portal(size)
    for year in range(size):
        WorkPlanFactory(starts_year=2030 + 10 * year, ends_year=2034 + 10 * year)

    with django_assert_num_queries(3):
        assert client.get("/en/workplans/").status_code == 200
    with django_assert_num_queries(8):
        assert client.get(f"/en/workplans/{portal.work_plan.slug}/").status_code == 200
    with django_assert_num_queries(6):
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
