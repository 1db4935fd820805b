"""The secretariat previews a draft on the portal itself: the admin's "Preview" sends the editor
to the record's own page through a signed, expiring link. Readers never see it: anonymous
visitors, delegates, staff without permission on that kind, tampered and expired links all
get the 404 of a page that does not exist."""

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.urls import reverse

from accsm_portal.core.previews import preview_token_make
from tests import factories
from tests.accounts import login

pytestmark = pytest.mark.django_db


def preview_url(record) -> str:
    return reverse("record-preview", kwargs={"token": preview_token_make(record)})


@pytest.fixture
def draft_meeting():
    meeting = factories.MeetingFactory(
        title_en="Draft meeting",
        title_km="កិច្ចប្រជុំព្រាង",
        summary_en="Only in English",
        publication_state="draft",
    )
    factories.AgendaItemFactory(meeting=meeting, title_en="Opening of the meeting")
    return meeting


def test_the_admin_preview_sends_the_editor_to_the_portal_page_of_the_draft(
    client, secretariat_editor, draft_meeting
):
    login(client, secretariat_editor)

    admin_preview = reverse("admin:meetings_meeting_preview", args=[draft_meeting.pk])
    response = client.get(admin_preview.replace("/en/", "/km/"))

    assert response.status_code == 302
    assert response["Location"].startswith("/km/preview/")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    # The portal's own meeting page (same template), with its published part, in Khmer ...
    assert page.templates[0].name == "meetings/meeting_detail.html"
    assert "កិច្ចប្រជុំព្រាង" in html
    assert "Opening of the meeting" in html
    # ... the summary in English, marked as not yet translated, and the preview banner.
    assert "Only in English" in html
    assert 'class="preview-banner"' in html
    assert "ការមើលជាមុន៖ ទំព័រនេះមិនទាន់បានផ្សព្វផ្សាយទេ" in html  # the banner, in Khmer
    assert page["Cache-Control"] == "private, no-store"


def test_the_change_form_links_to_the_preview_only_for_kinds_with_a_portal_page(
    client, secretariat_editor, draft_meeting
):
    login(client, secretariat_editor)
    preview = reverse("admin:meetings_meeting_preview", args=[draft_meeting.pk])
    agenda_item = draft_meeting.agenda_items.get()

    meeting_form = client.get(reverse("admin:meetings_meeting_change", args=[draft_meeting.pk]))
    item_form = client.get(reverse("admin:meetings_agendaitem_change", args=[agenda_item.pk]))

    assert preview in meeting_form.content.decode()
    assert "/preview/" not in item_form.content.decode()
    item_preview = reverse("admin:meetings_agendaitem_preview", args=[agenda_item.pk])
    assert client.get(item_preview).status_code == 404


def test_a_published_page_and_its_preview_are_the_same_page(client, secretariat_editor):
    activity = factories.ActivityFactory(title_en="Digital government training")
    login(client, secretariat_editor)

    published = client.get(activity.get_absolute_url())
    preview = client.get(preview_url(activity))

    assert published.status_code == preview.status_code == 200
    assert published.templates[0].name == preview.templates[0].name
    assert "Digital government training" in preview.content.decode()
    assert "preview-banner" not in published.content.decode()


def test_nobody_but_staff_allowed_to_view_the_kind_opens_a_preview_link(
    client, django_user_model, delegate, viewer, draft_meeting
):
    url = preview_url(draft_meeting)

    assert client.get(url).status_code == 404  # anonymous
    login(client, delegate)
    assert client.get(url).status_code == 404
    staff_without_permission = django_user_model.objects.create_user(
        username="staff.other", password="s3cret-pass!", is_staff=True
    )
    staff_without_permission.user_permissions.add(Permission.objects.get(codename="view_activity"))
    login(client, staff_without_permission)
    assert client.get(url).status_code == 404
    login(client, viewer)  # reads the whole admin, so may preview too
    assert client.get(url).status_code == 200


def test_a_tampered_or_expired_link_is_a_404(client, secretariat_editor, draft_meeting, settings):
    login(client, secretariat_editor)
    token = preview_token_make(draft_meeting)
    other = factories.MeetingFactory(publication_state="draft")
    forged = signing.TimestampSigner(salt="another purpose").sign_object(
        {"model": "meetings.meeting", "pk": other.pk}
    )

    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (tampered, forged, "not-a-token"):
        assert client.get(reverse("record-preview", kwargs={"token": bad})).status_code == 404
    settings.PORTAL_PREVIEW_MAX_AGE = -1  # every link is already too old
    assert client.get(reverse("record-preview", kwargs={"token": token})).status_code == 404


def test_the_admin_preview_of_an_unknown_record_is_a_404_and_needs_the_admin(
    client, secretariat_editor, delegate, draft_meeting
):
    url = reverse("admin:meetings_meeting_preview", args=[draft_meeting.pk])
    assert client.get(url).status_code == 302  # to the admin sign-in
    login(client, delegate)
    assert client.get(url).status_code == 302
    login(client, secretariat_editor)
    missing = reverse("admin:meetings_meeting_preview", args=[999999])
    assert client.get(missing).status_code == 404
