"""Admin lists cost the same number of queries whatever their length; search finds a record by
its text in any language; the preview shows a draft to the secretariat only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

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
    client.force_login(secretariat_editor)
    url = reverse(url_name).replace("/en/", "/km/")
    build(3)
    few = queries_for(client, url)
    build(27)

    with django_assert_num_queries(few):
        client.get(url)


def test_search_finds_a_meeting_by_its_lao_title_from_the_english_admin(client, secretariat_editor):
    wanted = factories.MeetingFactory(title_en="Heads meeting", title_lo="ກອງປະຊຸມຫົວໜ້າ")
    factories.MeetingFactory(title_en="Other")
    client.force_login(secretariat_editor)

    response = client.get(reverse("admin:meetings_meeting_changelist"), {"q": "ຫົວໜ້າ"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_the_secretariat_previews_a_draft_in_its_language_with_the_fallback_marked(
    client, secretariat_editor
):
    meeting = factories.MeetingFactory(
        title_en="Draft meeting",
        title_km="កិច្ចប្រជុំព្រាង",
        summary_en="Only in English",
        publication_state="draft",
    )
    client.force_login(secretariat_editor)

    response = client.get(
        reverse("admin:meetings_meeting_preview", args=[meeting.pk]).replace("/en/", "/km/")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "កិច្ចប្រជុំព្រាង" in html
    assert "Only in English" in html
    assert "មិនទាន់បកប្រែ" in html  # the summary is shown in English, and says so
    assert "សេចក្តីព្រាង" in html


def test_a_draft_preview_is_not_for_anonymous_visitors_or_delegates(client, delegate):
    meeting = factories.MeetingFactory(publication_state="draft")
    url = reverse("admin:meetings_meeting_preview", args=[meeting.pk])

    assert client.get(url).status_code == 302  # to the admin sign-in
    client.force_login(delegate)
    assert client.get(url).status_code == 302
