"""The change form carries what the side-by-side translation fields show: the record's stored
text in every language, its original language and labels in the editor's language."""

import json

import pytest
from django.urls import reverse

from tests import factories
from tests.accounts import login

pytestmark = pytest.mark.django_db


def beside_data(response) -> dict:
    content = response.content.decode()
    start = content.index('<script id="accsm-beside" type="application/json">')
    start = content.index(">", start) + 1
    return json.loads(content[start : content.index("</script>", start)])


def test_a_lao_translator_gets_the_original_text_and_lao_labels(client, lao_translator):
    meeting = factories.MeetingFactory(
        original_language="vi", title_vi="Hội nghị ACCSM lần thứ 21", title_en="21st ACCSM"
    )
    login(client, lao_translator)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk]).replace("/en/", "/lo/")

    data = beside_data(client.get(url))

    assert data["original"] == "vi"
    assert data["texts"]["title"]["vi"] == "Hội nghị ACCSM lần thứ 21"
    assert data["texts"]["title"]["en"] == "21st ACCSM"
    assert data["labels"]["copy_original"] == "ສຳເນົາຕົ້ນສະບັບ"
    assert data["names"]["vi"] == "Tiếng Việt"


def test_a_page_without_a_record_has_no_side_by_side_data(client, secretariat_editor):
    login(client, secretariat_editor)

    response = client.get(reverse("admin:meetings_meeting_add"))

    assert response.status_code == 200
    assert b'id="accsm-beside"' not in response.content
