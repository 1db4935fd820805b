"""What every record does: NFC text, original-language text, ASCII slugs, restorable history."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError

from accsm_portal.core.models import Document
from accsm_portal.core.services import record_restore, record_save
from meetings.models import AgendaItem, Meeting
from tests.factories import (
    AgendaItemFactory,
    CountryFactory,
    DocumentFactory,
    MeetingFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_vietnamese_typed_as_nfd_is_stored_as_nfc():
    nfd = unicodedata.normalize("NFD", "Những người đứng đầu nền công vụ ASEAN")
    assert not unicodedata.is_normalized("NFC", nfd)

    meeting = MeetingFactory(title_vi=nfd, original_language="en")

    meeting.refresh_from_db()
    assert meeting.title_vi == unicodedata.normalize("NFC", nfd)
    assert unicodedata.is_normalized("NFC", meeting.title_vi)


def test_required_text_is_asked_for_in_the_records_original_language():
    person = PersonFactory.build(original_language="lo", name_en="Bounchanh Niyavong", name_lo="")

    with pytest.raises(ValidationError) as refused:
        person.full_clean()

    assert refused.value.message_dict == {
        "name_lo": ["Required in the record's original language (Lao)."]
    }


def test_a_record_written_in_khmer_needs_no_english_to_be_valid():
    PersonFactory.build(original_language="km", name_en="", name_km="យក់ ប៊ុនណា").full_clean()


def test_a_khmer_title_gets_an_ascii_slug_and_the_khmer_text_is_kept():
    document = DocumentFactory(title_en="", title_km="សេចក្តីប្រកាសអាស៊ាន", original_language="km")

    assert document.slug.isascii()
    assert document.slug
    assert Document.objects.get(slug=document.slug).title_km == "សេចក្តីប្រកាសអាស៊ាន"


def test_slugs_stay_unique_for_equal_titles():
    first = DocumentFactory(title_en="Joint Statement")
    second = DocumentFactory(title_en="Joint Statement")

    assert first.slug == "joint-statement"
    assert second.slug == "joint-statement-2"


def test_every_change_is_kept_in_history_with_each_language():
    meeting = MeetingFactory(title_en="21st ACCSM SOM")
    meeting.title_km = "កិច្ចប្រជុំមន្ត្រីជាន់ខ្ពស់ លើកទី២១"
    record_save(record=meeting, reason="Khmer title added")

    versions = list(meeting.history.order_by("history_date"))

    assert [v.history_type for v in versions] == ["+", "~"]
    assert versions[0].title_km is None
    assert versions[1].title_km == "កិច្ចប្រជុំមន្ត្រីជាន់ខ្ពស់ លើកទី២១"
    assert versions[1].history_change_reason == "Khmer title added"


def test_an_edit_is_undone_by_restoring_the_earlier_version():
    meeting = MeetingFactory(title_en="Heads meeting", starts_on=datetime.date(2022, 8, 5))
    meeting.title_en = "Wrong title"
    meeting.title_vi = "Tiêu đề sai"
    record_save(record=meeting)
    first = meeting.history.earliest("history_date")

    record_restore(version=first)

    meeting.refresh_from_db()
    assert meeting.title_en == "Heads meeting"
    assert meeting.title_vi is None
    assert meeting.history.count() == 3


def test_a_deleted_record_comes_back_with_its_relations():
    item = AgendaItemFactory(title_en="Draft declaration")
    declaration = DocumentFactory(title_en="Draft ASEAN Declaration")
    item.documents.add(declaration)
    uid, meeting = item.uid, item.meeting
    item.delete()
    assert not AgendaItem.objects.filter(uid=uid).exists()
    deleted = AgendaItem.history.filter(uid=uid).latest("history_date")
    assert deleted.history_type == "-"

    record_restore(version=deleted)

    restored = AgendaItem.objects.get(uid=uid)
    assert restored.meeting == meeting
    assert restored.title_en == "Draft declaration"
    assert list(restored.documents.all()) == [declaration]


def test_a_restore_that_would_break_a_rule_is_refused():
    meeting = MeetingFactory(starts_on=datetime.date(2021, 4, 8))
    first = meeting.history.earliest("history_date")
    twin = MeetingFactory(
        series=meeting.series,
        kind=meeting.kind,
        number=meeting.number + 1,
        starts_on=meeting.starts_on,
    )
    Meeting.objects.filter(pk=meeting.pk).delete()
    twin.number = meeting.number
    record_save(record=twin)

    with pytest.raises(ValidationError):
        record_restore(version=first)
    assert not Meeting.objects.filter(uid=meeting.uid).exists()


def test_country_codes_are_two_capital_letters():
    country = CountryFactory.build(code="kh", name_en="Cambodia")

    with pytest.raises(ValidationError) as refused:
        country.full_clean()
    assert "code" in refused.value.message_dict


def test_an_unknown_publication_state_is_refused_in_the_readers_language():
    from django.utils import translation

    from accsm_portal.core.services import record_set_publication

    meeting = MeetingFactory(publication_state="draft")

    with translation.override("lo"), pytest.raises(ValidationError) as refused:
        record_set_publication(record=meeting, state="archived")

    assert refused.value.message_dict["publication_state"] == [
        "ບໍ່ຮູ້ຈັກສະຖານະການເຜີຍແຜ່ “archived”: ກະລຸນາໃຊ້ ຮ່າງ ຫຼື ເຜີຍແຜ່ແລ້ວ."
    ]
    meeting.refresh_from_db()
    assert meeting.publication_state == "draft"


def test_undated_documents_come_last_on_every_database():
    dated = DocumentFactory(title_en="Dated", dated=datetime.date(2021, 4, 8))
    undated = DocumentFactory(title_en="Undated", dated=None)

    assert list(Document.objects.all()) == [dated, undated]
