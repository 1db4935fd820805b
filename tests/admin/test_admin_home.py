"""The admin's home page: the signed-in editor's own drafts, the review marks of their
languages and the overdue action items, each linking to its change page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accsm_portal.core.services import translation_review_mark
from tests import factories
from tests.accounts import login
from tests.admin.test_roles import change_url, form_data

pytestmark = pytest.mark.django_db


def home(client, language="en"):
    with translation.override(language):
        return client.get(reverse("admin:index"))


def my_desk(response) -> str:
    """The page's "my desk" panel, without the list of recent actions beside it."""
    html = response.content.decode()
    return html.split('id="my-desk"')[1].split('id="content-main"')[0]


def test_my_drafts_are_the_drafts_i_last_edited(client, secretariat_editor, django_user_model):
    # given a draft I edited, a draft someone else edited after me and a published record
    mine = factories.MeetingFactory(title_en="My draft", publication_state="draft")
    taken_over = factories.MeetingFactory(title_en="Taken over", publication_state="draft")
    published = factories.MeetingFactory(title_en="Already out", publication_state="published")
    login(client, secretariat_editor)
    for meeting in (mine, taken_over, published):
        response = client.post(change_url(meeting), form_data(client.get(change_url(meeting))))
        assert response.status_code == 302
    colleague = django_user_model.objects.create_user(username="colleague", is_staff=True)
    taken_over.refresh_from_db()
    taken_over._history_user = colleague
    taken_over.save()

    # when
    response = home(client)

    # then
    desk = my_desk(response)
    assert [line.record for line in response.context["home"].drafts] == [mine]
    assert f'<a href="{change_url(mine)}">My draft</a>' in desk
    assert "Taken over" not in desk
    assert "Already out" not in desk


def test_overdue_action_items_link_to_their_change_page(client, secretariat_editor):
    today = timezone.localdate()
    late = factories.ActionItemFactory(
        text_en="Send the survey", due_on=today - datetime.timedelta(days=3)
    )
    factories.ActionItemFactory(text_en="Due later", due_on=today + datetime.timedelta(days=3))
    factories.ActionItemFactory(
        text_en="Already done", due_on=today - datetime.timedelta(days=9), status="done"
    )
    factories.ActionItemFactory(
        text_en="Dropped", due_on=today - datetime.timedelta(days=9), status="cancelled"
    )
    login(client, secretariat_editor)

    response = home(client, "km")

    html = my_desk(response)
    assert [line.record for line in response.context["home"].overdue] == [late]
    assert change_url(late, "km") in html
    assert "Due later" not in html
    assert "Already done" not in html
    assert "Dropped" not in html
    assert "ការងារត្រូវអនុវត្តហួសកាលកំណត់" in html  # "Overdue action items"


def test_a_translator_sees_the_review_marks_of_their_language(
    client, lao_translator, khmer_translator
):
    meeting = factories.MeetingFactory()
    translation_review_mark(record=meeting, language="lo", user=lao_translator)
    translation_review_mark(record=meeting, language="km", user=khmer_translator)
    login(client, lao_translator)

    response = home(client, "lo")

    reviews = response.context["home"].reviews
    assert [(review["code"], review["count"]) for review in reviews] == [("lo", 1)]
    assert reviews[0]["url"] in response.content.decode().replace("&amp;", "&")


def test_the_home_page_cost_does_not_grow_with_my_drafts(
    client, secretariat_editor, django_assert_max_num_queries
):
    login(client, secretariat_editor)
    for number in range(12):
        meeting = factories.MeetingFactory(title_en=f"Draft {number}", publication_state="draft")
        meeting._history_user = secretariat_editor
        meeting.save()
        factories.ActionItemFactory(due_on=datetime.date(2020, 1, 1))
    home(client)

    with django_assert_max_num_queries(45):
        response = home(client)

    assert len(response.context["home"].drafts) == 10
    assert response.context["home"].drafts_more
