"""The search key rules on real text from the seed documents (no database)."""

import json
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings

from accsm_portal.lib import search
from accsm_portal.lib.search import (
    QueryError,
    build_snippet,
    fold_accents,
    normalise,
    normalise_cluster_by_cluster,
    normalise_with_offsets,
    parse_query,
)

# Phrases copied from shared/seeds: 000 (km), 003 (lo), 004 (vi).
KM_SENTENCE = "ឯកឧត្តមរដ្ឋលេខាធិការប្រចាំការនៃក្រសួងមុខងារសាធារណៈ ដឹកនាំប្រតិភូចូលរួមកិច្ចប្រជុំត្រៀម"
LO_SENTENCE = "ກະຊວງພາຍໃນໄດ້ເຂົ້າຮ່ວມກອງປະຊຸມທາງໄກຮ່ວມມືອາຊຽນກ່ຽວກັບວຽກງານລັດຖະກອນ"
VI_SENTENCE = "Những người đứng đầu nền công vụ ASEAN thống nhất tăng cường sự thích ứng"


def test_a_khmer_word_inside_a_run_without_spaces_is_in_the_key():
    assert normalise("ក្រសួងមុខងារសាធារណៈ") in normalise(KM_SENTENCE)


def test_vietnamese_is_casefolded_and_accent_folded():
    assert normalise("Công Vụ") == "công vụ"
    assert fold_accents(normalise(VI_SENTENCE)).startswith("nhung nguoi dung dau nen cong vu asean")
    assert fold_accents("Đà Nẵng") == "Da Nang"


def test_nfd_input_gives_the_nfc_key():
    assert normalise(unicodedata.normalize("NFD", VI_SENTENCE)) == normalise(VI_SENTENCE)


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_zero_width_characters_never_reach_the_key(invisible):
    assert normalise(f"ក្រសួង{invisible}មុខងារ") == normalise("ក្រសួងមុខងារ")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("ស្ដីពី", "ស្តីពី"),  # COENG DA / COENG TA, both spellings in seed 000
        ("ស្រ្តី", "ស្ត្រី"),  # subscript RO typed first or last
        ("ឲ្យ", "ឱ្យ"),  # the two QOO letters
        ("ឣ", "អ"),  # deprecated independent vowel
        ("ឤ", "អា"),
        ("ເຈົ້າໜ້າທີ່", "ເຈົ້າຫນ້າທີ່"),  # Lao HO NO ligature / HO + NO (seed 003)
        ("ໝູ່", "ຫມູ່"),  # Lao HO MO ligature
        ("ເກົາຫຼີ", "ເກົາຫລີ"),  # Lao subscript LO / LO (seed 003)
        ("ນຳ", "ນໍາ"),  # Lao AM / NIGGAHITA + AA
        ("hòa", "hoà"),  # Vietnamese tone placement, old and new style
        ("số hóa", "số hoá"),  # seed 004 writes "số hóa"
        ("Ủy ban", "Uỷ ban"),
        ("khỏe", "khoẻ"),
        ("ឆ្នាំ២០២១", "ឆ្នាំ2021"),  # Khmer digits
    ],
)
def test_variant_spellings_share_one_key(one, other):
    assert normalise(one) == normalise(other)


def test_tone_placement_leaves_other_syllables_alone():
    assert normalise("hoàn thành quý mùa") == "hoàn thành quý mùa"


def test_casefolding_is_unicode_wide():
    assert normalise("ACCSM Straße") == normalise("accsm STRASSE")


def test_folding_leaves_khmer_and_lao_marks():
    assert fold_accents(normalise(KM_SENTENCE)) == normalise(KM_SENTENCE)
    assert fold_accents(normalise(LO_SENTENCE)) == normalise(LO_SENTENCE)


def _fixture_texts() -> list[str]:
    texts = []
    for path in sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            texts += [v for v in item["fields"].values() if isinstance(v, str) and len(v) > 20]
    return texts


def test_the_offset_key_equals_the_key_on_every_seed_text():
    texts = _fixture_texts()
    assert len(texts) > 50
    for text in texts:
        mapped = normalise_with_offsets(text)
        assert mapped.key == normalise(text)
        assert mapped.folded().key == fold_accents(normalise(text))
        assert len(mapped.spans) == len(mapped.key)


@pytest.mark.parametrize(
    ("query", "code"),
    [("a", "too_short"), ("\u200b\u200bx", "too_short"), ("x" * 201, "too_long")],
)
def test_unsearchable_queries_are_refused_with_a_reason(query, code):
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert caught.value.code == code
    assert caught.value.message


def test_too_many_words_are_refused():
    with pytest.raises(QueryError, match="too_many_terms"):
        parse_query("one two three four five six seven eight nine")


def test_a_query_keeps_its_phrase_and_its_distinct_terms():
    query = parse_query("  Công  vụ công ")
    assert query.key == "công vụ công"
    assert query.terms == ("cong", "vu")


@pytest.mark.parametrize("word_breaks", [True, False], ids=["icu", "character-window"])
def test_a_khmer_snippet_highlights_the_match_and_cuts_at_word_boundaries(word_breaks):
    text = KM_SENTENCE * 4
    snippet = build_snippet(
        text, parse_query("ដឹកនាំ"), language="km", length=80, word_breaks=word_breaks
    )
    assert "<mark>ដឹកនាំ</mark>" in snippet.html
    start, end = snippet.highlights[0]
    assert snippet.text[start:end] == "ដឹកនាំ"
    # Never cut inside a cluster: the window starts and ends on a base letter, not a mark.
    body = snippet.text.strip("…")
    assert unicodedata.category(body[0])[0] != "M"
    if word_breaks:
        words = search.word_boundaries(text, "km")
        offset = text.index(body)
        assert offset in words
        assert offset + len(body) in words


def test_a_vietnamese_snippet_marks_folded_matches_in_the_original_text():
    snippet = build_snippet(VI_SENTENCE, parse_query("cong vu"), language="vi")
    assert "<mark>công vụ</mark>" in snippet.html


def test_a_snippet_escapes_the_record_text():
    snippet = build_snippet(
        "<script>alert(1)</script> công vụ", parse_query("cong vu"), language="vi"
    )
    assert "<script>" not in snippet.html
    assert "&lt;script&gt;" in snippet.html


def test_a_match_across_a_zero_width_space_is_highlighted_whole():
    text = "ក្រសួង\u200bមុខងារសាធារណៈ"
    snippet = build_snippet(text, parse_query("ក្រសួងមុខងារ"), language="km")
    assert snippet.html.startswith("<mark>ក្រសួង\u200bមុខងារ</mark>")


def _queries_for(text: str) -> list:
    """A word from the middle of the text, a phrase across its end (long texts map a region
    around the first match), and a query it does not hold."""
    words = text.split()
    middle = words[len(words) // 2][:12]
    queries = ["putrajaya zzyzx"]
    if len(normalise(middle).replace(" ", "")) >= 2:
        queries.append(middle)
    if len(words) > 3:
        queries.append(" ".join(words[-2:])[:60])
    return [parse_query(query) for query in queries]


def test_a_snippet_from_the_index_keys_is_the_snippet_of_the_text():
    """The index keeps each text's key and folded key (search_keys): a snippet given them is
    the one worked out from the text alone, on every seed text, long or short."""
    texts = [*_fixture_texts(), *RUN_BY_RUN, *CLUSTER_BY_CLUSTER, KM_SENTENCE * 12]
    for text in texts:
        key, folded = search.search_keys(text)
        for query in _queries_for(text):
            for language in ("km", "vi"):
                alone = build_snippet(text, query, language=language)
                given = build_snippet(text, query, language=language, key=key, folded=folded)
                assert given == alone, (text[:40], query.text)


def test_a_long_text_without_the_query_shows_its_beginning_unmarked():
    """A record found by its title shows the start of its text: nothing is marked, and the
    cut is the one the whole text's mapping gives."""
    text = (VI_SENTENCE + ". ") * 20
    snippet = build_snippet(text, parse_query("putrajaya"), language="vi")
    assert snippet.highlights == ()
    assert "<mark>" not in snippet.html
    assert text.startswith(snippet.text)
    assert snippet.html.endswith("…")
    assert search.match_spans(text, parse_query("putrajaya")) == []


# Text that the run by run mapping takes (lower case normalising in place or expanding)...
RUN_BY_RUN = [
    "Civil  Service\tReform ",
    "ការប្រជុំ ឆ្នាំ២០២១ ស្ដីពី ក្រសួង",  # Khmer digits and COENG DA replaced in place
    "ស្រ្តី ឲ្យ ឣ ឤ",  # subscript RO reordered, ឲ, deprecated vowels (ឤ expands)
    "ເຈົ້າໜ້າທີ່ ຳ ເກົາຫຼີ ໝູ່",  # Lao ໜ ໝ ຳ expand, ຼ in place
    "Công vụ hòa bình, thủy lợi\u00a0số hoá",  # tone placement, a no-break space
]
# ... and text it must leave to the cluster loop.
CLUSTER_BY_CLUSTER = [
    "ﬁne Straße",  # NFKC and case folding beyond lower case
    "zero\u200bwidth",  # a default-ignorable character is removed
    " \u17b6 a mark after a space",  # a cluster across white space
    "a coeng before a space \u17d2 ",
]


def _same_mapping(text: str) -> None:
    fast, reference = normalise_with_offsets(text), normalise_cluster_by_cluster(text)
    assert fast.key == reference.key
    assert list(fast.spans) == list(reference.spans)
    assert fast.folded().key == reference.folded().key
    assert list(fast.folded().spans) == list(reference.folded().spans)


@pytest.mark.parametrize("text", RUN_BY_RUN)
def test_text_that_normalises_in_place_is_mapped_run_by_run_with_the_same_spans(text):
    assert search._runs_with_offsets(text) is not None
    _same_mapping(text)


@pytest.mark.parametrize("text", CLUSTER_BY_CLUSTER)
def test_other_text_is_left_to_the_cluster_loop(text):
    assert search._runs_with_offsets(text) is None
    _same_mapping(text)


def test_both_mappings_agree_on_every_seed_text():
    for text in _fixture_texts():
        _same_mapping(text)
