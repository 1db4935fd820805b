"""What a reader finds, in each language, on SQLite and PostgreSQL alike."""

import datetime
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accsm_portal.lib.search import parse_query
from accsm_portal.search.selectors import (
    language_order,
    search_filter_queryset,
    search_hits,
    search_ranked,
)
from meetings.models import Meeting
from tests.factories import (
    ActivityFactory,
    DocumentFactory,
    MeetingFactory,
    PersonFactory,
    PriorityAreaFactory,
    SourceFactory,
    WorkPlanFactory,
)
from tests.search.conftest import found, found_uids, hits_for

pytestmark = pytest.mark.django_db

# Real text from the seed documents in shared/seeds.
KM_000 = (
    "រាជធានីភ្នំពេញ៖ នៅថ្ងៃទី០៨ ខែមេសា ឆ្នាំ២០២១នេះ ឯកឧត្តម យក់ ប៊ុនណា រដ្ឋលេខាធិការប្រចាំការនៃ"
    "ក្រសួងមុខងារសាធារណៈ និងជានាយកសាលាភូមិន្ទរដ្ឋបាល បានដឹកនាំគណៈប្រតិភូ។ "
    "(១) ទស្សនកិច្ចសិក្សាស្តីពីការផ្តល់សេវាសាធារណៈនៅប្រទេសចិន និងកូរ៉េខាងត្បូង"
)
KM_001 = "សេចក្តីផ្តើមសន្និសីទអាស៊ានស្តីពីកិច្ចការមុខងារសាធារណៈ (ACCSM)"
KM_002 = "កិច្ចប្រជុំពិភាក្សាក្រុមការងារអន្តរក្រសួង លើការងារកំណែទម្រង់វិមជ្ឈការ និងវិសហមជ្ឈការ"
LO_003 = (
    "ກະຊວງພາຍໃນ ໄດ້ສຳເລັດການເຂົ້າຮ່ວມກອງປະຊຸມທາງໄກຮ່ວມມືອາຊຽນກ່ຽວກັບວຽກງານລັດຖະກອນ "
    "ລະດັບເຈົ້າໜ້າທີ່ອາວຸໂສ ແລະ ຫົວໜ້າລັດຖະກອນອາຊຽນ ຄັ້ງທີ 20 (ສ. ປ ຈີນ, ສ. ເກົາຫຼີ ແລະ ຍີ່ປຸ່ນ)"
)
VI_004 = (
    "Những người đứng đầu nền công vụ ASEAN thống nhất tăng cường sự thích ứng của nền công vụ "
    "đối với những thách thức mới. Đầu tiên là số hóa nền công vụ."
)


@pytest.fixture
def seeded(committed):
    with committed():
        records = {
            "km": SourceFactory(title_en="Preparatory meeting and SOM", language="km", text=KM_000),
            "km_intro": SourceFactory(title_en="Introduction to ACCSM", language="km", text=KM_001),
            "km_dd": MeetingFactory(title_en="D&D working group", title_km=KM_002),
            "lo": SourceFactory(title_en="20th ACCSM", language="lo", text=LO_003),
            "vi": DocumentFactory(title_en="Heads agree", title_vi=VI_004[:73], summary_vi=VI_004),
            "en": MeetingFactory(
                title_en="Senior Officials' Meeting of the 21st ACCSM",
                starts_on=datetime.date(2021, 4, 8),
            ),
        }
    return records


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ក្រសួងមុខងារសាធារណៈ", "km"),  # inside a longer Khmer run
        ("សាលាភូមិន្ទរដ្ឋបាល", "km"),
        ("អន្តរក្រសួង", "km_dd"),
        ("វិមជ្ឈការ", "km_dd"),
        ("ທາງໄກຮ່ວມມື", "lo"),  # inside a longer Lao run
        ("ເຈົ້າຫນ້າທີ່ອາວຸໂສ", "lo"),  # typed with ຫນ, written with ໜ
        ("ເກົາຫລີ", "lo"),  # typed with ລ, written with ຼ
        ("cong vu", "vi"),
        ("CÔNG VỤ", "vi"),
        ("số hoá", "vi"),  # new-style tone placement; the text has "số hóa"
        ("so hoa", "vi"),
        ("senior officials", "en"),
    ],
)
def test_each_language_finds_its_record(seeded, query, expected):
    assert seeded[expected].uid in found_uids(query)


def test_khmer_coeng_da_finds_coeng_ta(seeded):
    # The query is typed with COENG DA (ស្ដី), the record has COENG TA (ស្តី).
    assert set(found_uids("ស្ដីពីការផ្តល់សេវា")) == {seeded["km"].uid}
    assert seeded["km_intro"].uid in found_uids("អាស៊ានស្ដីពី")


def test_nfd_query_finds_nfc_text(seeded):
    assert found_uids(unicodedata.normalize("NFD", "nền công vụ")) == [seeded["vi"].uid]


def test_a_zero_width_space_in_the_query_or_the_record_does_not_break_a_match(committed):
    with committed():
        spaced = SourceFactory(
            title_en="Khmer with spaces", language="km", text="ក្រសួង\u200bមុខងារ\u200bសាធារណៈ"
        )
    assert found_uids("ក្រសួងមុខងារ") == [spaced.uid]
    assert found_uids("មុខងារ\u200bសាធារណៈ") == [spaced.uid]


def test_the_hit_says_which_language_matched(seeded):
    assert found("cong vu") == [("document", seeded["vi"].uid, "vi")]
    assert found("ທາງໄກ") == [("source", seeded["lo"].uid, "lo")]


def test_a_language_filter_keeps_text_in_that_language_only(committed):
    with committed():
        meeting = MeetingFactory(title_en="ASEAN Summit", title_vi="Hội nghị Cấp cao ASEAN")
    assert found("asean", language="vi") == [("meeting", meeting.uid, "vi")]
    assert found("asean", language="en") == [("meeting", meeting.uid, "en")]
    assert found("asean", language="km") == []


def test_the_readers_language_is_preferred_when_several_match(committed):
    with committed():
        meeting = MeetingFactory(title_en="ASEAN Summit", title_vi="Hội nghị Cấp cao ASEAN")
    assert found("asean", reader_language="vi") == [("meeting", meeting.uid, "vi")]
    assert found("asean", reader_language="en") == [("meeting", meeting.uid, "en")]


def test_ranking_puts_title_phrases_first_then_accents_then_body(committed):
    with committed():
        in_body = DocumentFactory(title_en="Report", summary_vi="Cải cách công vụ hiện nay")
        folded_title = DocumentFactory(title_en="Study", title_vi="Cong vu hien dai")
        exact_title = DocumentFactory(title_en="Plan", title_vi="Nền công vụ hiện đại")
        scattered = DocumentFactory(title_en="Other", title_vi="Vụ việc công khai")
        whole_title = DocumentFactory(title_en="Công vụ")
    assert found_uids("công vụ") == [
        whole_title.uid,
        exact_title.uid,
        folded_title.uid,
        in_body.uid,
        scattered.uid,
    ]


def test_casefolding_matches_any_case(committed):
    with committed():
        person = PersonFactory(name_en="BIMA HARIA WIBISANA")
    assert found_uids("Bima Haria") == [person.uid]


def test_type_and_year_filters(committed):
    with committed():
        old = MeetingFactory(title_en="ACCSM meeting", starts_on=datetime.date(2016, 11, 17))
        new = MeetingFactory(title_en="ACCSM meeting", starts_on=datetime.date(2021, 4, 8))
        activity = ActivityFactory(
            title_en="ACCSM activity", planned_start=datetime.date(2022, 1, 1)
        )
    assert set(found_uids("accsm", record_types=["meeting"])) == {old.uid, new.uid}
    assert found_uids("accsm", year=2016) == [old.uid]
    assert set(found_uids("accsm", year=2021)) == {new.uid}
    assert found_uids("accsm", year=2022, record_types=["activity"]) == [activity.uid]


def test_restricted_documents_are_found_only_by_readers_allowed_to_open_them(committed, delegate):
    with committed():
        restricted = DocumentFactory(title_en="Delegates' briefing", access="delegates")
        secret = DocumentFactory(title_en="Secretariat briefing", access="secretariat")
    assert found_uids("briefing") == []
    assert found_uids("briefing", user=delegate) == [restricted.uid]
    assert secret.uid not in found_uids("briefing", user=delegate)


def test_like_wildcards_in_a_query_are_plain_characters(committed):
    with committed():
        DocumentFactory(title_en="Completed 100 activities")
        percent = DocumentFactory(title_en="Completed 100% of activities")
    assert found_uids("100%") == [percent.uid]
    assert found_uids("d_1") == []


def test_q_filters_a_list_queryset_without_changing_its_order(committed):
    with committed():
        first = MeetingFactory(title_en="Công vụ meeting", starts_on=datetime.date(2020, 1, 1))
        second = MeetingFactory(title_en="Cong vu meeting", starts_on=datetime.date(2021, 1, 1))
        MeetingFactory(title_en="Other meeting")
    listed = search_filter_queryset(Meeting.objects.order_by("starts_on"), "cong vu")
    assert list(listed) == [first, second]
    assert list(search_filter_queryset(Meeting.objects.all(), "cong vu", language="km")) == []


def test_q_rejects_an_unsearchable_query():
    from accsm_portal.lib.search import QueryError

    with pytest.raises(QueryError):
        search_filter_queryset(Meeting.objects.all(), "x")


def test_a_two_character_query_is_answered(committed):
    with committed():
        document = DocumentFactory(title_en="Bộ Nội vụ")
    assert found_uids("vụ") == [document.uid]
    assert parse_query("vụ").terms == ("vu",)


def test_hits_are_loaded_without_a_query_per_record_and_a_parts_link_is_its_anchor(committed):
    """A page's records come in one query per type, lean (no joined records, no long texts),
    except the record a part is shown inside: a priority area's link is an anchor on its work
    plan's page, read from the same query."""
    with committed():
        plan = WorkPlanFactory()
        areas = [PriorityAreaFactory(work_plan=plan, title_en=f"Zebra area {n}") for n in range(3)]
    query = parse_query("zebra area")
    rows = list(search_ranked(query, reader_language="en"))
    with CaptureQueriesContext(connection) as one_type:
        hits = search_hits(rows, query, order=language_order("en"), reader_language="en")
    assert {hit.uid for hit in hits} == {area.uid for area in areas}
    assert {hit.url for hit in hits} == {area.get_absolute_url() for area in areas}
    assert all(hit.url.startswith(plan.get_absolute_url() + "#area-") for hit in hits)
    assert len(one_type) == 2  # the records, and their texts for the snippets


def test_a_record_its_selector_no_longer_returns_is_not_shown_while_its_rows_linger(
    committed, delegate
):
    """Hits are loaded through each type's visibility selector: rows left in the index by a
    write that bypassed the receivers (QuerySet.update) show nothing the reader may not see,
    and what a reader may see follows the selector's conditions for that reader (the load's
    SQL is kept per selector conditions: a delegate's is not an anonymous reader's)."""
    from workplans.models import WorkPlan

    with committed():
        unpublished = MeetingFactory(title_en="Zebra meeting")
        restricted = DocumentFactory(title_en="Zebra report")
        plan = WorkPlanFactory()
        ActivityFactory(work_plan=plan, title_en="Zebra activity")  # hidden with its plan
        kept = SourceFactory(title_en="Zebra source")
    Meeting.objects.filter(pk=unpublished.pk).update(publication_state="draft")
    type(restricted).objects.filter(pk=restricted.pk).update(access="delegates")
    WorkPlan.objects.filter(pk=plan.pk).update(publication_state="draft")
    rows = list(search_ranked(parse_query("zebra"), reader_language="en"))
    assert len(rows) == 4  # the index still holds them all
    assert found_uids("zebra") == [kept.uid]
    assert set(found_uids("zebra", user=delegate)) == {kept.uid, restricted.uid}
    assert found_uids("zebra") == [kept.uid]


def test_a_record_unpublished_after_a_search_leaves_the_next_one_in_every_language(committed):
    """The visibility querysets of types whose selector ignores its reader are kept per
    process and language after a first search: they are the selector's conditions, not its
    results, so a record unpublished since is gone from the very next search."""
    with committed():
        meeting = MeetingFactory(title_en="Quokka meeting", title_km="Quokka ប្រជុំ")
        kept = SourceFactory(title_en="Quokka source")
    for language in ("en", "km"):
        assert set(found_uids("quokka", reader_language=language)) == {meeting.uid, kept.uid}
    Meeting.objects.filter(pk=meeting.pk).update(publication_state="draft")
    for language in ("en", "km"):
        assert found_uids("quokka", reader_language=language) == [kept.uid]


def test_only_selectors_that_ignore_their_reader_are_kept_for_everyone():
    """Documents depend on the reader's access level: their selector is asked for each
    reader. The others are published records, the same for everyone."""
    from accsm_portal.lib.record_types import visible_to_everyone
    from accsm_portal.search.registry import TYPES

    kept = {kind.key for kind in TYPES if visible_to_everyone(kind.visible)}
    assert "document" not in kept
    assert {"meeting", "activity", "source"} <= kept


def test_the_loads_sql_is_kept_only_for_conditions_it_can_tell_apart():
    """_query_key keys the kept SQL of a page's load: plain conditions only, their values
    included; a subquery or an expression is compiled every time."""
    from django.db.models import F

    from accsm_portal.lib.query_keys import query_key as _query_key

    published = Meeting.objects.filter(publication_state="published")
    assert _query_key(published.query) == _query_key(published.all().query)
    assert _query_key(published.query) != _query_key(
        Meeting.objects.filter(publication_state="draft").query
    )
    assert _query_key(Meeting.objects.filter(number=1).query) != _query_key(
        Meeting.objects.filter(number=2).query
    )
    assert _query_key(Meeting.objects.filter(id__in=Meeting.objects.values("id")).query) is None
    assert _query_key(Meeting.objects.filter(number=F("id")).query) is None
    assert _query_key(published.distinct().query) is None


def test_each_types_hit_links_to_its_page_as_get_absolute_url_does(committed):
    """A hit's link is made from a few columns, reversed once per type (placeholders), not
    from the record: it must be what the record's get_absolute_url() gives, in the reader's
    language, and none for a type without a page of its own."""
    from django.utils import translation

    from accsm_portal.search.registry import TYPES
    from tests.factories import ResourceCentreFactory

    with committed():
        records = [
            MeetingFactory(title_en="Zebra meeting"),
            DocumentFactory(title_en="Zebra report"),
            SourceFactory(title_en="Zebra source"),
            WorkPlanFactory(title_en="Zebra plan"),
            PriorityAreaFactory(title_en="Zebra area"),
            ActivityFactory(title_en="Zebra activity"),
            ResourceCentreFactory(name_en="Zebra centre"),
            PersonFactory(name_en="Zebra person"),
        ]
        # A slug the URL pattern refuses (written by hand, not by the slug builder): its link
        # is made through get_absolute_url(), which fails, as before: no link.
        odd = SourceFactory(title_en="Zebra odd")
    type(odd).objects.filter(pk=odd.pk).update(slug="zebra ödd")
    odd.refresh_from_db()
    records.append(odd)
    assert {type(record) for record in records} >= {kind.model for kind in TYPES}
    for language in ("en", "km"):
        with translation.override(language):
            hits = {hit.uid: hit for hit in hits_for("zebra", reader_language=language)}
            expected = {record.uid: _page_url(record) for record in records}
        assert {uid: hit.url for uid, hit in hits.items()} == expected
        assert expected[odd.uid] is None
        assert expected[records[0].uid].startswith(f"/{language}/")
        assert {uid: hit.slug for uid, hit in hits.items()} == {
            record.uid: getattr(record, "slug", None) for record in records
        }


def _page_url(record):
    from django.urls import NoReverseMatch

    try:
        return record.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return None
