"""The home page and the member-state pages."""

import pytest

from tests.factories import MeetingFactory
from tests.pages import build_portal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [1, 4])
def test_home_and_state_pages_cost_the_same_queries_whatever_the_data(
    client, django_assert_num_queries, size
):
    build_portal(size)

    with django_assert_num_queries(8):
        assert client.get("/en/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/en/states/").status_code == 200
    with django_assert_num_queries(6):
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
