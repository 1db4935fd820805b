"""The template tag that shows translated content and marks a fallback."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def render(template: str, **context) -> str:
    return Template("{% load portal %}" + template).render(Context(context))


def test_text_in_the_page_language_is_shown_plainly():
    meeting = MeetingFactory(title_en="Meeting", title_vi="Cuộc họp <b>")

    with translation.override("vi"):
        assert render('{% show m "title" %}', m=meeting) == "Cuộc họp &lt;b&gt;"


def test_a_fallback_carries_its_language_and_a_translated_note():
    meeting = MeetingFactory(title_en="Meeting <b>", original_language="en")

    with translation.override("lo"):
        html = render('{% show m "title" %}', m=meeting)

    assert html == (
        '<span class="fallback" lang="en">Meeting &lt;b&gt;</span> '
        '<span class="fallback-note">ສະແດງເປັນພາສາອັງກິດ: ຍັງບໍ່ມີສະບັບແປເປັນພາສາລາວ</span>'
    )


def test_the_original_language_is_preferred_to_english():
    meeting = MeetingFactory(title_en="Meeting", title_km="កិច្ចប្រជុំ", original_language="km")

    with translation.override("vi"):
        html = render('{% show m "title" compact=True %}', m=meeting)

    assert '<span class="fallback" lang="km">កិច្ចប្រជុំ</span>' in html
    assert "(bằng Tiếng Khmer)" in html


def test_a_block_fallback_keeps_paragraphs_and_notes_below():
    meeting = MeetingFactory(summary_en="First.\n\nSecond & last.")

    with translation.override("km"):
        html = render('{% show m "summary" block=True %}', m=meeting)

    assert html.startswith(
        '<div class="text fallback" lang="en"><p>First.</p>\n\n<p>Second &amp; last.</p></div>'
    )
    assert '<p class="fallback-note">បង្ហាញជាភាសាអង់គ្លេស' in html


def test_empty_text_renders_nothing():
    meeting = MeetingFactory(summary_en="")

    assert render('{% show m "summary" %}|{% show none "title" %}', m=meeting, none=None) == "|"
