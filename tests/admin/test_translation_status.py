"""Which languages a record is complete in: a list column, a "missing in" filter and an
indicator on the change form; and a warning when a language's field holds another script."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accsm_portal.core.admin_base import missing_in_q
from accsm_portal.lib.i18n import missing_languages
from meetings.models import Meeting
from tests import factories
from tests.accounts import login
from workplans.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings():
    return {
        "complete": factories.MeetingFactory(
            title_en="Complete", title_km="ពេញលេញ", title_lo="ຄົບ", title_vi="Đầy đủ"
        ),
        "no_lao": factories.MeetingFactory(title_en="No Lao", title_km="គ្មានឡាវ", title_vi="Thiếu"),
        "english_only": factories.MeetingFactory(title_en="English only"),
    }


@pytest.mark.parametrize(
    ("language", "expected"),
    [("lo", {"no_lao", "english_only"}), ("km", {"english_only"}), ("en", set())],
)
def test_the_missing_in_query_matches_the_per_record_rule(meetings, language, expected):
    found = set(
        Meeting.objects.filter(missing_in_q(Meeting, language)).values_list("pk", flat=True)
    )

    assert found == {meetings[name].pk for name in expected}
    for meeting in meetings.values():
        assert (meeting.pk in found) == (language in missing_languages(meeting))


def test_the_list_filters_on_a_missing_language_and_shows_badges(
    client, secretariat_editor, meetings
):
    login(client, secretariat_editor)
    url = reverse("admin:meetings_meeting_changelist").replace("/en/", "/lo/")

    response = client.get(url, {"missing_in": "lo"})

    shown = set(response.context["cl"].result_list)
    assert shown == {meetings["no_lao"], meetings["english_only"]}
    html = response.content.decode()
    assert "ຂາດພາສາລາວ" in html or "ຂາດ" in html
    assert 'aria-label="ພາສາລາວ: ຍັງບໍ່ທັນແປ"' in html
    assert 'aria-label="English: ຄົບຖ້ວນ"' in html


def test_the_change_form_says_which_languages_are_complete(client, secretariat_editor, meetings):
    login(client, secretariat_editor)

    response = client.get(
        reverse("admin:meetings_meeting_change", args=[meetings["no_lao"].pk]).replace(
            "/en/", "/km/"
        )
    )

    status = {row["code"]: row["complete"] for row in response.context["translation_languages"]}
    assert status == {"en": True, "km": True, "lo": False, "vi": True}
    assert "ការបកប្រែ៖" in response.content.decode()


def test_lao_text_in_the_khmer_field_is_saved_with_a_translated_warning(
    client, secretariat_editor, cambodia
):
    activity = factories.ActivityFactory(lead_country=cambodia, title_en="Workshop")
    login(client, secretariat_editor)
    url = reverse("admin:workplans_activity_change", args=[activity.pk]).replace("/en/", "/km/")
    data = {
        "work_plan": activity.work_plan_id,
        "track": "accsm",
        "title_en": "Workshop",
        "title_km": "ກອງປະຊຸມສຳມະນາ",  # Lao, typed into the Khmer tab
        "title_vi": "Hội thảo",
        "lead_country": cambodia.pk,
        "status": "planned",
        "date_precision": "day",
        "original_language": "en",
        "publication_state": "published",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title_km == "ກອງປະຊຸມສຳມະນາ"  # a warning, never a refusal
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "ភាសាខ្មែរ" in warnings[0]  # the tab it was typed in
    assert "ឡាវ" in warnings[0]  # the script it is written in


def test_text_in_the_right_script_gives_no_warning(client, secretariat_editor, cambodia):
    activity = factories.ActivityFactory(lead_country=cambodia, title_en="Workshop")
    login(client, secretariat_editor)
    url = reverse("admin:workplans_activity_change", args=[activity.pk])
    data = {
        "work_plan": activity.work_plan_id,
        "track": "accsm",
        "title_en": "Workshop",
        "title_km": "សិក្ខាសាលា ACCSM",
        "title_lo": "ກອງປະຊຸມ ACCSM",
        "title_vi": "Hội thảo ACCSM",
        "lead_country": cambodia.pk,
        "status": "planned",
        "date_precision": "day",
        "original_language": "en",
        "publication_state": "published",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert not [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert Activity.objects.get().title_lo == "ກອງປະຊຸມ ACCSM"
