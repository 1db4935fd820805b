"""The home page and the member-state pages."""

import datetime

import pytest

from accsm_portal import views
from tests.factories import ActivityFactory, MeetingFactory, WorkPlanFactory, member_state
from tests.pages import build_portal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [1, 4])
def test_home_and_state_pages_cost_the_same_queries_whatever_the_data(
    client, django_assert_num_queries, size
):
    build_portal(size)

    # Each count includes the page cache's read of the content generation. The recent
    # meetings are read keys first (accsm_portal/lib/pagination.py): 10, not 9.
    with django_assert_num_queries(10):
        assert client.get("/en/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/en/states/").status_code == 200
    # Hosted meetings and led activities are read keys first: one query more each, and none
    # for rows when there are no keys (Viet Nam leads no activity here): 8, not 7.
    with django_assert_num_queries(8):
        assert client.get("/en/states/vn/").status_code == 200


def test_home_shows_the_chair_upcoming_and_recent_meetings_and_progress(client):
    portal = build_portal(4)

    response = client.get("/vi/")

    assert response.context["cycle"].chair_country == portal.states["VN"]
    upcoming = response.context["upcoming"]
    recent = response.context["recent"]
    assert upcoming == sorted(upcoming, key=lambda m: m.starts_on)
    assert {m.pk for m in upcoming} == {portal.meetings[1].pk, portal.meetings[3].pk}
    assert {m.pk for m in recent} == {portal.meetings[0].pk, portal.meetings[2].pk}
    html = response.content.decode()
    assert "ACCSM lần thứ 21" in html
    assert "Việt Nam làm Chủ tịch" in html
    # The current work plan at a glance, as a chart per track.
    assert response.context["plan"] == portal.work_plan
    assert '<svg class="chart-svg"' in html


def test_a_member_state_page_gathers_everything_about_the_country(client):
    portal = build_portal(2)

    html = client.get("/en/states/kh/").content.decode()

    assert "<h1>Cambodia</h1>" in html
    assert "Workshop on leadership 0" in html  # activities it leads
    assert portal.meetings[0].title_en.replace("'", "&#x27;") in html  # its delegations
    assert "ASEAN Resource Centre of Cambodia" in html
    vn = client.get("/en/states/vn/").content.decode()
    assert "21st ACCSM" in vn  # chairmanship
    assert "Meetings hosted" in vn


def test_state_codes_in_either_case_and_unknown_codes(client):
    build_portal(1)

    assert client.get("/en/states/KH/").status_code == 200
    assert client.get("/en/states/zz/").status_code == 404


def test_a_draft_meeting_is_not_on_the_home_page(client):
    build_portal(1)
    MeetingFactory(publication_state="draft", title_en="Unpublished meeting")

    assert "Unpublished meeting" not in client.get("/en/").content.decode()


@pytest.fixture
def short_state_lists(monkeypatch):
    monkeypatch.setattr(views, "STATE_MEETINGS", 2)
    monkeypatch.setattr(views, "STATE_ACTIVITIES", 2)


def test_a_state_page_lists_the_newest_hosted_meetings_and_links_to_the_rest(
    client, short_state_lists
):
    laos = member_state("LA", "Lao PDR")
    for day in (1, 2, 3):
        MeetingFactory(
            host_country=laos, starts_on=datetime.date(2020, 1, day), title_en=f"Meeting {day}"
        )

    html = client.get("/en/states/la/").content.decode()

    assert "Meeting 3" in html
    assert "Meeting 2" in html
    assert "Meeting 1" not in html
    assert 'href="/en/meetings/?host=la"' in html


def test_a_state_page_lists_a_few_activities_led_and_pages_the_rest(client, short_state_lists):
    laos, cambodia = member_state("LA", "Lao PDR"), member_state("KH", "Cambodia")
    plan = WorkPlanFactory()
    led = [ActivityFactory(work_plan=plan, lead_country=laos) for _ in range(2)]
    co_led = ActivityFactory(work_plan=plan, lead_country=cambodia)
    co_led.co_lead_countries.add(laos)
    ActivityFactory(work_plan=plan, lead_country=cambodia)  # neither

    state = client.get("/en/states/la/")
    first = client.get("/en/states/la/activities/")
    second = client.get("/en/states/la/activities/?page=2")

    assert len(state.context["activities"]) == 2
    assert 'href="/en/states/la/activities/"' in state.content.decode()
    assert first.context["page"].paginator.count == 3
    assert [*first.context["page"], *second.context["page"]] == [*led, co_led]
    assert "co-lead" in second.content.decode()


def test_a_state_with_few_records_has_no_link_to_more(client):
    build_portal(1)

    html = client.get("/en/states/kh/").content.decode()

    assert "See all the activities it leads" not in html
    assert "See all the meetings it hosted" not in html


def test_the_activities_of_an_unknown_state_are_not_found(client):
    assert client.get("/en/states/zz/activities/").status_code == 404
