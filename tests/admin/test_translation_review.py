"""The "needs review" mark in the admin: a translator marks their language from a record list
and sees only their language's marks; a publisher clears them."""

import pytest
from django.urls import reverse

from accsm_portal.core.models import TranslationReview
from accsm_portal.core.services import translation_review_mark
from tests import factories
from tests.accounts import login

pytestmark = pytest.mark.django_db

REVIEWS = "admin:core_translationreview_changelist"


def test_a_translator_marks_their_language_from_the_meeting_list(client, lao_translator):
    meeting = factories.MeetingFactory()
    login(client, lao_translator)

    response = client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "mark_for_review", "_selected_action": [meeting.pk]},
    )

    assert response.status_code == 302
    review = TranslationReview.objects.get()
    assert (review.record, review.language, review.marked_by) == (meeting, "lo", lao_translator)


def test_a_translator_sees_only_their_language_and_cannot_clear(
    client, lao_translator, khmer_translator
):
    meeting = factories.MeetingFactory()
    lao = translation_review_mark(record=meeting, language="lo", user=lao_translator)
    translation_review_mark(record=meeting, language="km", user=khmer_translator)
    login(client, lao_translator)

    page = client.get(reverse(REVIEWS))
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [lao]
    client.post(reverse(REVIEWS), {"action": "clear_selected", "_selected_action": [lao.pk]})

    assert TranslationReview.objects.count() == 2


def test_a_publisher_clears_the_selected_marks(client, lao_translator, secretariat_editor):
    meeting = factories.MeetingFactory()
    review = translation_review_mark(record=meeting, language="lo", user=lao_translator)
    login(client, secretariat_editor)

    response = client.post(
        reverse(REVIEWS), {"action": "clear_selected", "_selected_action": [review.pk]}
    )

    assert response.status_code == 302
    assert not TranslationReview.objects.exists()
    assert TranslationReview.history.filter(history_type="-").get().history_user == (
        secretariat_editor
    )
