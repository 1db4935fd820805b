"""The ARC directory: ten member states in ASEAN order, each ARC's theme history."""

import pytest

from tests.pages import MEMBER_STATES, build_portal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [1, 4])
def test_arc_pages_cost_the_same_queries_whatever_their_number(
    client, django_assert_num_queries, size
):
    portal = build_portal(size)

    # Each count includes the page cache's read of the content generation.
    with django_assert_num_queries(5):
        assert client.get("/en/arcs/").status_code == 200
    with django_assert_num_queries(5):
        assert client.get(f"/en/arcs/{portal.centres[0].slug}/").status_code == 200


def test_the_directory_lists_the_ten_member_states_in_asean_order(client):
    build_portal(2)

    response = client.get("/vi/arcs/")

    names = [state["country"].name_en for state in response.context["states"]]
    assert names == [name for _code, name, *_ in MEMBER_STATES]
    html = response.content.decode()
    positions = [html.index(vi) for *_rest, vi in MEMBER_STATES]
    assert positions == sorted(positions)


def test_each_arc_shows_its_themes_as_a_dated_timeline_with_the_source(client):
    portal = build_portal(1)

    html = client.get(f"/en/arcs/{portal.centres[0].slug}/").content.decode()

    timeline = html[html.index('<ol class="timeline"') :]
    assert timeline.index("Civil service ethics") < timeline.index("Digital government")
    assert "January 2009 \u2013 December 2016" in timeline
    assert "Since May 2017" in timeline
    assert "The 21st ACCSM opens" in timeline
