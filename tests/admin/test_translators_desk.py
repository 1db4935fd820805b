"""The translators' desk: each language's missing translations by record type, a translator
seeing only their own language's queue, and counts that move when a translation is saved."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accsm_portal.core.admin_desk import desk_models
from accsm_portal.core.services import translation_review_mark
from accsm_portal.lib.i18n import all_translations, translated_fields
from meetings.models import Meeting
from tests import factories
from tests.accounts import login
from tests.admin.test_roles import change_url, form_data

pytestmark = pytest.mark.django_db

DESK = "translators-desk"


def desk_url(language: str = "en", queue: str | None = None) -> str:
    with translation.override(language):
        if queue is None:
            return reverse(DESK)
        return reverse("translators-desk-language", kwargs={"language": queue})


def really_missing(language: str) -> dict[str, tuple[int, int]]:
    """{model label: (records, fields)} missing `language`, counted record by record in
    Python from the stored columns, independently of the desk's queries."""
    found = {}
    for model in desk_models():
        records = fields = 0
        for obj in model._default_manager.all():
            gaps = 0
            for name in translated_fields(model):
                values = all_translations(obj, name)
                if any(values.values()) and not values[language]:
                    gaps += 1
            records += bool(gaps)
            fields += gaps
        if records:
            found[model._meta.label_lower] = (records, fields)
    return found


def shown(response, language: str) -> dict[str, tuple[int, int]]:
    queue = next(q for q in response.context["queues"] if q.code == language)
    return {
        gap.model._meta.label_lower: (gap.records, gap.fields) for gap in queue.types if gap.records
    }


@pytest.fixture
def meetings():
    return [
        factories.MeetingFactory(title_en="No Lao yet", title_km="គ្មានឡាវ"),
        factories.MeetingFactory(title_en="Lao done", title_lo="ແປແລ້ວ"),
        factories.MeetingFactory(
            title_en="Complete", title_km="ពេញ", title_lo="ຄົບ", title_vi="Đầy đủ"
        ),
    ]


def test_a_lao_translator_sees_the_lao_queue_only(client, lao_translator, meetings):
    login(client, lao_translator)

    response = client.get(desk_url("lo"))

    assert response.status_code == 200
    assert [queue.code for queue in response.context["queues"]] == ["lo"]
    assert client.get(desk_url("lo", queue="lo")).status_code == 200
    assert client.get(desk_url("lo", queue="km")).status_code == 403
    assert client.get(desk_url("lo", queue="en")).status_code == 403


def test_an_editor_sees_all_four_languages(client, secretariat_editor, meetings):
    login(client, secretariat_editor)

    response = client.get(desk_url("km"))

    assert [queue.code for queue in response.context["queues"]] == ["en", "km", "lo", "vi"]
    assert "តុការងារអ្នកបកប្រែ" in response.content.decode()


@pytest.mark.parametrize("language", ["en", "km", "lo", "vi"])
def test_the_counts_equal_what_is_really_missing(client, secretariat_editor, meetings, language):
    factories.ActivityFactory(title_en="Workshop", title_vi="Hội thảo")
    login(client, secretariat_editor)

    response = client.get(desk_url())

    assert shown(response, language) == really_missing(language)


def test_each_line_links_to_the_list_filtered_to_what_is_missing(client, lao_translator, meetings):
    login(client, lao_translator)
    response = client.get(desk_url("lo"))
    queue = response.context["queues"][0]
    meeting_gap = next(gap for gap in queue.types if gap.model is Meeting)

    listed = client.get(meeting_gap.url)

    assert meeting_gap.url.endswith("?missing_in=lo")
    assert meeting_gap.url in response.content.decode()
    assert {m.title_en for m in listed.context["cl"].result_list} == {"No Lao yet"}


def test_a_saved_translation_takes_the_record_off_the_queue(client, lao_translator, meetings):
    login(client, lao_translator)
    before = shown(client.get(desk_url("lo")), "lo")["meetings.meeting"]
    meeting = meetings[0]
    data = form_data(client.get(change_url(meeting, "lo")))
    data["title_lo"] = "ກອງປະຊຸມ"

    saved = client.post(change_url(meeting, "lo"), data)

    assert saved.status_code == 302
    after = shown(client.get(desk_url("lo")), "lo").get("meetings.meeting", (0, 0))
    assert after == (before[0] - 1, before[1] - 1)


def test_review_marks_are_counted_per_language(client, lao_translator, khmer_translator, meetings):
    translation_review_mark(record=meetings[1], language="lo", user=lao_translator)
    translation_review_mark(record=meetings[2], language="km", user=khmer_translator)
    login(client, lao_translator)

    queue = client.get(desk_url("lo")).context["queues"][0]

    assert queue.reviews == 1
    assert queue.reviews_url.endswith("?language__exact=lo")
    assert next(gap for gap in queue.types if gap.model is Meeting).reviews == 1


def test_the_desk_costs_the_same_queries_at_any_size(client, secretariat_editor):
    login(client, secretariat_editor)
    factories.MeetingFactory(title_en="One")
    client.get(desk_url())  # warm the content-type cache and the session
    with CaptureQueriesContext(connection) as few:
        client.get(desk_url())
    for number in range(15):
        factories.ActivityFactory(title_en=f"Activity {number}")
        factories.MeetingFactory(title_en=f"Meeting {number}", title_km="ប្រជុំ")

    with CaptureQueriesContext(connection) as many:
        response = client.get(desk_url())

    assert response.status_code == 200
    assert len(many) == len(few)
    assert len(few) <= len(desk_models()) + 8


def test_the_admin_home_links_to_the_desk(client, lao_translator):
    login(client, lao_translator)

    response = client.get(reverse("admin:index").replace("/en/", "/lo/"))

    assert desk_url("lo") in response.content.decode()


def test_staff_without_review_access_are_refused(client, partner_manager):
    login(client, partner_manager)

    assert client.get(desk_url()).status_code == 403
