"""The preview link in a real browser: the editor clicks "Preview on the portal" on a draft and
reads the portal's own page with the preview banner; the same link signed out, and a link
past its lifetime, are the portal's 404."""

import time

import pytest
from django.core import signing
from django.urls import reverse

from accsm_portal.core import previews
from tests import factories
from tests.accounts import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class SignedTwoHoursAgo(signing.TimestampSigner):
    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - 2 * 3600)


def test_staff_see_the_draft_through_the_link_anonymous_and_expired_links_get_404(
    page, live_server, external_requests, django_user_model, settings
):
    settings.PORTAL_PREVIEW_MAX_AGE = 3600
    editor = django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "s3cret-pass!"
    )
    meeting = factories.MeetingFactory(
        title_en="22nd ACCSM (draft)", title_km="ACCSM លើកទី២២", publication_state="draft"
    )
    browser_sign_in(page, live_server.url, editor, "s3cret-pass!", "km")
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk]).replace("/en/", "/km/")
    page.goto(f"{live_server.url}{change}")

    # The editor opens the preview from the change form.
    page.click(".object-tools a.viewsitelink")

    assert "/km/preview/" in page.url
    assert page.locator(".preview-banner").is_visible()
    assert page.locator("h1").inner_text() == "ACCSM លើកទី២២"
    preview_link = page.url

    # Signed out, the same link is the portal's "not found".
    page.context.clear_cookies()
    response = page.goto(preview_link)
    assert response.status == 404
    assert "ACCSM លើកទី២២" not in page.content()

    # Signed in again, a link signed two hours ago (past its hour) is not found either.
    browser_sign_in(page, live_server.url, editor, "s3cret-pass!", "km")
    old_token = SignedTwoHoursAgo(salt=previews.SALT).sign_object(
        {"model": "meetings.meeting", "pk": meeting.pk}, compress=True
    )
    expired = reverse("record-preview", kwargs={"token": old_token}).replace("/en/", "/km/")
    response = page.goto(f"{live_server.url}{expired}")
    assert response.status == 404
    assert external_requests == []
