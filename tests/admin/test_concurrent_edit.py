"""Two editors open the same record: the one who saves second is told the record changed since
they opened it, with a link to its history, and their save writes nothing."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accsm_portal.core.admin_editing import EDIT_TOKEN_FIELD
from accsm_portal.core.roles import SECRETARIAT_EDITOR
from meetings.models import Meeting
from tests import factories
from tests.accounts import login
from tests.admin.test_roles import change_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(django_user_model):
    """Another secretariat editor, working on the same records at the same time."""
    user = django_user_model.objects.create_user(
        username="editor2.asec", password="s3cret-pass!", is_staff=True
    )
    user.groups.add(Group.objects.get(name=SECRETARIAT_EDITOR))
    return user


def opened_form(user, obj, language="en") -> tuple[Client, dict]:
    """A browser of `user` with the change form of `obj` open: the data it would post."""
    browser = Client()
    login(browser, user)
    response = browser.get(change_url(obj, language))
    assert response.status_code == 200
    data = form_data(response)
    data[EDIT_TOKEN_FIELD] = response.context[EDIT_TOKEN_FIELD.lstrip("_")]
    assert f'name="{EDIT_TOKEN_FIELD}"' in response.content.decode()
    return browser, data


def test_the_second_save_is_refused_and_the_first_is_kept(secretariat_editor, second_editor):
    # given two editors with the same meeting open
    meeting = factories.MeetingFactory(title_en="21st ACCSM", city_en="Vientiane")
    first, first_data = opened_form(secretariat_editor, meeting)
    second, second_data = opened_form(second_editor, meeting, language="lo")
    # when the first saves a new city, then the second saves a new title
    saved = first.post(change_url(meeting), {**first_data, "city_en": "Luang Prabang"})
    assert saved.status_code == 302
    versions = meeting.history.count()
    refused = second.post(change_url(meeting, "lo"), {**second_data, "title_en": "The 21st ACCSM"})
    # then the second is shown the form again, told why in Lao, with the history one click away
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    page = refused.content.decode()
    assert "editor.asec" in page
    assert change_url(meeting, "lo").replace("/change/", "/history/") in page
    assert "ບໍ່ໄດ້ບັນທຶກຫຍັງ" in page  # "nothing was saved"
    # and nothing of theirs was written: the first editor's change stands, no new version
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.city_en) == ("21st ACCSM", "Luang Prabang")
    assert meeting.history.count() == versions
    # and clicking save again is still refused: the form kept the version it was opened on
    again = second.post(change_url(meeting, "lo"), {**second_data, "title_en": "The 21st ACCSM"})
    assert again.status_code == 200
    meeting.refresh_from_db()
    assert meeting.title_en == "21st ACCSM"


def test_reopening_the_record_lets_the_second_editor_save(secretariat_editor, second_editor):
    meeting = factories.MeetingFactory(title_en="21st ACCSM", city_en="Vientiane")
    first, first_data = opened_form(secretariat_editor, meeting)
    first.post(change_url(meeting), {**first_data, "city_en": "Luang Prabang"})

    second, second_data = opened_form(second_editor, meeting)
    response = second.post(change_url(meeting), {**second_data, "title_en": "The 21st ACCSM"})

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.city_en) == ("The 21st ACCSM", "Luang Prabang")


def test_an_editor_saving_twice_in_a_row_is_not_refused(secretariat_editor):
    """Their own first save moved the version; the form opened after it carries the new one."""
    meeting = factories.MeetingFactory(title_en="21st ACCSM")
    browser, data = opened_form(secretariat_editor, meeting)
    assert browser.post(change_url(meeting), {**data, "city_en": "Hanoi"}).status_code == 302
    browser, data = opened_form(secretariat_editor, Meeting.objects.get(pk=meeting.pk))
    assert browser.post(change_url(meeting), {**data, "city_en": "Hue"}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).city_en == "Hue"
