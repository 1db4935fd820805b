"""The per-language "needs review" mark: a translator marks only their own language and sees
only its marks; a publisher clears a mark, and the clearing stays in the history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accsm_portal.core.models import TranslationReview
from accsm_portal.core.selectors import translation_review_list_for, translation_review_pending
from accsm_portal.core.services import translation_review_clear, translation_review_mark
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_translator_marks_their_own_language_for_review(lao_translator):
    meeting = factories.MeetingFactory(title_vi="Hội nghị ACCSM lần thứ 21", original_language="vi")

    review = translation_review_mark(record=meeting, language="lo", user=lao_translator)

    assert review.record == meeting
    assert review.marked_by == lao_translator
    assert list(translation_review_pending("lo")) == [review]
    assert list(translation_review_pending("km")) == []
    # Marking again keeps the first mark.
    assert translation_review_mark(record=meeting, language="lo", user=lao_translator) == review
    assert TranslationReview.objects.count() == 1


def test_a_translator_cannot_mark_another_language(lao_translator):
    meeting = factories.MeetingFactory()

    with pytest.raises(PermissionDenied):
        translation_review_mark(record=meeting, language="km", user=lao_translator)

    assert not TranslationReview.objects.exists()


def test_a_viewer_marks_nothing_and_an_unknown_language_is_refused(viewer, secretariat_editor):
    meeting = factories.MeetingFactory()

    with pytest.raises(PermissionDenied):
        translation_review_mark(record=meeting, language="lo", user=viewer)
    with pytest.raises(ValidationError):
        translation_review_mark(record=meeting, language="th", user=secretariat_editor)

    assert not TranslationReview.objects.exists()


def test_a_translator_sees_only_the_marks_of_their_language(
    lao_translator, khmer_translator, secretariat_editor
):
    meeting = factories.MeetingFactory()
    lao = translation_review_mark(record=meeting, language="lo", user=lao_translator)
    khmer = translation_review_mark(record=meeting, language="km", user=khmer_translator)

    assert list(translation_review_list_for(lao_translator)) == [lao]
    assert list(translation_review_list_for(khmer_translator)) == [khmer]
    assert set(translation_review_list_for(secretariat_editor)) == {lao, khmer}


def test_a_publisher_clears_a_mark_and_the_history_keeps_it(lao_translator, secretariat_editor):
    meeting = factories.MeetingFactory()
    review = translation_review_mark(record=meeting, language="lo", user=lao_translator)
    mark_id = review.pk

    with pytest.raises(PermissionDenied):
        translation_review_clear(review=review, user=lao_translator)
    assert TranslationReview.objects.filter(pk=mark_id).exists()

    translation_review_clear(review=review, user=secretariat_editor)

    assert list(translation_review_pending("lo")) == []
    cleared = TranslationReview.history.filter(id=mark_id, history_type="-").get()
    assert cleared.history_user == secretariat_editor
    # The mark can be brought back from its history (the admin's restore does the same).
    cleared.instance.save()
    assert list(translation_review_pending("lo")) == [TranslationReview.objects.get()]
