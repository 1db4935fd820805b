"""The secretariat's admin in a real browser: in /km/ and /lo/ the language tabs work, are named
in each language's own script, and nothing is loaded from another host."""

import pytest
from django.urls import reverse

from tests import factories
from tests.accounts import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NATIVE_NAMES = ["English", "ភាសាខ្មែរ", "ພາສາລາວ", "Tiếng Việt"]


@pytest.mark.parametrize(
    ("language", "open_tab"), [("km", "ភាសាខ្មែរ"), ("lo", "ພາສາລາວ")], ids=["km", "lo"]
)
def test_language_tabs_work_in_khmer_and_lao(
    page, live_server, external_requests, django_user_model, language, open_tab
):
    editor = django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "s3cret-pass!"
    )
    meeting = factories.MeetingFactory(title_en="21st ACCSM", title_lo="ກອງປະຊຸມ ACCSM ຄັ້ງທີ 21")
    browser_sign_in(page, live_server.url, editor, "s3cret-pass!", language)

    url = reverse("admin:meetings_meeting_change", args=[meeting.pk]).replace(
        "/en/", f"/{language}/"
    )
    page.goto(f"{live_server.url}{url}")
    title_tabs = page.locator("#tab_id_title_en").locator("xpath=..")

    assert title_tabs.locator(".ui-tabs-nav a").all_inner_texts() == NATIVE_NAMES
    # The tab of the page's language is open, the others are hidden until chosen.
    assert page.locator(".ui-tabs-nav li.ui-tabs-active a").first.inner_text() == open_tab
    assert not page.locator("#id_title_en").is_visible()
    title_tabs.locator(".ui-tabs-nav a", has_text="ພາສາລາວ").click()
    assert page.locator("#id_title_lo").is_visible()
    assert page.locator("#id_title_lo").input_value() == "ກອງປະຊຸມ ACCSM ຄັ້ງທີ 21"
    assert page.locator("#modeltranslation-main-switch option").all_inner_texts() == NATIVE_NAMES
    assert external_requests == []
