"""Translating beside the original, in a real browser: a Lao translator writing the Lao title of
a Vietnamese record reads the Vietnamese title beside the field, may show the English one
instead, copies it into the field with one click, and saves."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests import factories
from tests.accounts import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lao_translator_reads_the_vietnamese_original_beside_the_lao_title_and_copies(
    page, live_server, external_requests, lao_translator
):
    meeting = factories.MeetingFactory(
        original_language="vi",
        title_vi="Hội nghị ACCSM lần thứ 21",
        title_en="21st ACCSM Meeting",
        title_lo="",
    )
    browser_sign_in(page, live_server.url, lao_translator, "s3cret-pass!", "lo")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk]).replace("/en/", "/lo/")
    page.goto(f"{live_server.url}{url}")

    beside = page.locator(".accsm-beside[data-field=title_lo]")
    reference = beside.locator(".accsm-beside__text")
    assert page.locator("#id_title_lo").is_visible()
    assert beside.is_visible()
    # the original, Vietnamese, is shown first and read-only
    assert reference.inner_text() == "Hội nghị ACCSM lần thứ 21"
    assert reference.get_attribute("lang") == "vi"
    assert reference.get_attribute("aria-readonly") == "true"
    assert beside.locator("select").input_value() == "vi"

    # the translator shows the English title instead, with the keyboard
    beside.locator("select").focus()
    beside.locator("select").select_option("en")
    assert reference.inner_text() == "21st ACCSM Meeting"
    beside.locator("button").focus()
    page.keyboard.press("Enter")
    assert page.locator("#id_title_lo").input_value() == "21st ACCSM Meeting"

    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")

    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.title_lo == "21st ACCSM Meeting"
    assert meeting.title_vi == "Hội nghị ACCSM lần thứ 21"
    assert external_requests == []
