"""Admin lists cost the same number of queries whatever their length; search finds a record by
its text in any language. (The preview of a draft: tests/portal/test_preview.py.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.accounts import login

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url_name", "build"),
    [
        ("admin:meetings_meeting_changelist", lambda n: factories.MeetingFactory.create_batch(n)),
        (
            "admin:workplans_activity_changelist",
            lambda n: factories.ActivityFactory.create_batch(n),
        ),
        (
            "admin:arcs_resourcecentre_changelist",
            lambda n: factories.ResourceCentreFactory.create_batch(n),
        ),
        (
            "admin:meetings_delegation_changelist",
            lambda n: factories.DelegationFactory.create_batch(n),
        ),
    ],
)
def test_a_changelist_costs_the_same_queries_for_3_or_30_rows(
    client, secretariat_editor, django_assert_num_queries, url_name, build
):
    login(client, secretariat_editor)
    url = reverse(url_name).replace("/en/", "/km/")
    build(3)
    few = queries_for(client, url)
    build(27)

    with django_assert_num_queries(few):
        client.get(url)


def test_search_finds_a_meeting_by_its_lao_title_from_the_english_admin(client, secretariat_editor):
    wanted = factories.MeetingFactory(title_en="Heads meeting", title_lo="ກອງປະຊຸມຫົວໜ້າ")
    factories.MeetingFactory(title_en="Other")
    login(client, secretariat_editor)

    response = client.get(reverse("admin:meetings_meeting_changelist"), {"q": "ຫົວໜ້າ"})

    assert list(response.context["cl"].result_list) == [wanted]
