"""Nothing an editor does is unrecoverable: history is visible, versions can be reverted, and a
deleted record comes back from the deleted-records page with all its languages."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from meetings.models import AgendaItem, Meeting
from tests import factories
from tests.accounts import login

pytestmark = pytest.mark.django_db


def test_the_history_of_a_meeting_lists_each_change_by_whom(client, secretariat_editor):
    meeting = factories.MeetingFactory(title_en="First title")
    meeting.title_en = "Second title"
    meeting._history_user = secretariat_editor
    meeting.save()
    login(client, secretariat_editor)

    response = client.get(
        reverse("admin:meetings_meeting_history", args=[meeting.pk]).replace("/en/", "/km/")
    )

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 2
    assert secretariat_editor.username in response.content.decode()


def test_a_deleted_meeting_is_restored_with_every_language(client, secretariat_editor):
    meeting = factories.MeetingFactory(
        title_en="21st ACCSM", title_km="សន្និសីទ ACCSM លើកទី២១", title_lo="ACCSM ຄັ້ງທີ 21"
    )
    uid = meeting.uid
    login(client, secretariat_editor)
    client.post(reverse("admin:meetings_meeting_delete", args=[meeting.pk]), {"post": "yes"})
    assert not Meeting.objects.filter(uid=uid).exists()
    deleted_page = client.get(reverse("admin:meetings_meeting_deleted"))
    version = deleted_page.context["page_obj"].object_list[0]

    response = client.post(
        reverse("admin:meetings_meeting_deleted"), {"history_id": version.history_id}
    )

    assert response.status_code == 302
    restored = Meeting.objects.get(uid=uid)
    assert (restored.title_km, restored.title_lo) == ("សន្និសីទ ACCSM លើកទី២១", "ACCSM ຄັ້ງທີ 21")
    assert restored.history.first().history_type == "+"
    assert not client.get(reverse("admin:meetings_meeting_deleted")).context["page_obj"].object_list


def test_a_part_cannot_be_restored_before_its_meeting_and_says_why(client, secretariat_editor):
    item = factories.AgendaItemFactory(title_en="Opening")
    meeting = item.meeting
    login(client, secretariat_editor)
    client.post(reverse("admin:meetings_meeting_delete", args=[meeting.pk]), {"post": "yes"})
    version = AgendaItem.history.filter(history_type="-").get()

    response = client.post(
        reverse("admin:meetings_agendaitem_deleted").replace("/en/", "/km/"),
        {"history_id": version.history_id},
    )

    assert response.status_code == 302
    assert not AgendaItem.objects.exists()
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("មិនអាចស្តារ" in m for m in shown), shown


def test_only_those_who_may_add_and_delete_restore(client, lao_translator, viewer):
    meeting = factories.MeetingFactory()
    meeting.delete()
    version = Meeting.history.get(history_type="-")
    for user in (lao_translator, viewer):
        login(client, user)
        response = client.post(
            reverse("admin:meetings_meeting_deleted"), {"history_id": version.history_id}
        )
        assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_a_translator_reverting_a_version_changes_only_their_language(
    client, secretariat_editor, lao_translator
):
    meeting = factories.MeetingFactory(title_en="Old", title_lo="ເກົ່າ", publication_state="draft")
    old_version = meeting.history.first()
    meeting.title_en = "New"
    meeting.title_lo = "ໃໝ່"
    meeting.publication_state = "published"
    meeting.save()
    login(client, lao_translator)
    url = reverse("admin:meetings_meeting_simple_history", args=[meeting.pk, old_version.pk])
    page = client.get(url)
    data = {name: page.context["adminform"].form.initial.get(name) for name in ["title_lo"]}

    client.post(url, {**data, "_change_history": "1", "title_en": "Old"})

    meeting.refresh_from_db()
    assert meeting.title_en == "New"
    assert meeting.publication_state == "published"
