"""Activities are led by member states; Plus Three countries co-lead only ACCSM+3 activities."""

import pytest
from django.core.exceptions import ValidationError

from accsm_portal.core.models import Country
from tests.factories import ActivityFactory, CountryFactory, PriorityAreaFactory, WorkPlanFactory
from workplans.models import Track, WorkPlan
from workplans.services import activity_set_co_leads

pytestmark = pytest.mark.django_db


@pytest.fixture
def cambodia():
    return CountryFactory(code="KH", name_en="Cambodia")


@pytest.fixture
def japan():
    return CountryFactory(code="JP", name_en="Japan", standing=Country.Standing.PLUS_THREE)


def test_a_plus_three_country_cannot_lead_an_activity(japan):
    activity = ActivityFactory.build(
        work_plan=WorkPlanFactory(), lead_country=japan, track=Track.PLUS_THREE
    )

    with pytest.raises(ValidationError) as refused:
        activity.full_clean()
    assert refused.value.message_dict["lead_country"] == [
        "The lead country of an activity must be a member state."
    ]


def test_a_member_state_leads_an_activity(cambodia):
    ActivityFactory.build(work_plan=WorkPlanFactory(), lead_country=cambodia).full_clean()


def test_a_plus_three_country_may_co_lead_an_accsm_plus_three_activity(cambodia, japan):
    activity = ActivityFactory(lead_country=cambodia, track=Track.PLUS_THREE)

    activity_set_co_leads(activity=activity, countries=[japan])

    assert list(activity.co_lead_countries.all()) == [japan]


def test_a_plus_three_country_cannot_co_lead_an_accsm_activity_and_nothing_is_saved(
    cambodia, japan
):
    activity = ActivityFactory(lead_country=cambodia, track=Track.ACCSM)

    with pytest.raises(ValidationError) as refused:
        activity_set_co_leads(activity=activity, countries=[japan])

    assert "Japan" in refused.value.message_dict["co_lead_countries"][0]
    assert activity.co_lead_countries.count() == 0


def test_an_activity_cannot_sit_in_a_priority_area_of_the_other_track(cambodia):
    area = PriorityAreaFactory(track=Track.PLUS_THREE)
    activity = ActivityFactory.build(
        work_plan=area.work_plan, priority_area=area, track=Track.ACCSM, lead_country=cambodia
    )

    with pytest.raises(ValidationError) as refused:
        activity.full_clean()
    assert "priority_area" in refused.value.message_dict


def test_a_track_outside_the_work_plan_is_refused(cambodia):
    plan = WorkPlanFactory(scope=WorkPlan.Scope.ACCSM)
    activity = ActivityFactory.build(work_plan=plan, track=Track.PLUS_THREE, lead_country=cambodia)

    with pytest.raises(ValidationError) as refused:
        activity.full_clean()
    assert refused.value.message_dict["track"] == ["This track is not part of the work plan."]
