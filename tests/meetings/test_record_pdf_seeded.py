"""The seeded Khmer and Lao meeting records as PDF: the seed's words, embedded Noto fonts."""

import re
import subprocess

import pytest

from meetings.models import Meeting
from tests.meetings.test_record_pdf import fetch, pdf_text
from tests.seeds.conftest import seeded  # noqa: F401  (the seed records, loaded once here)

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "pdftotext"], capture_output=True).returncode != 0,
    reason="poppler-utils (pdftotext) is not installed",
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# The seeded records: the 21st SOM (Khmer original) and the 20th SOM and Heads (Lao original).
@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("slug", "language", "font", "phrases"),
    [
        # Words of the Khmer title as the ministry wrote it. pdftotext rebuilds Khmer from each
        # glyph's ToUnicode entry, which loses a consonant in clusters such as "ន្ត្រី": the glyph
        # test below proves those clusters are shaped (docs/pdf.md).
        ("accsm-21-som-2021-04-08", "km", "Noto-Sans-Khmer", ["ប្រជុំ", "ខ្ពស់", "មុខងារសាធារណៈ"]),
        (
            "accsm-20-som-heads-2020-11-17",
            "lo",
            "Noto-Sans-Lao",
            ["ກອງປະຊຸມທາງໄກຮ່ວມມືອາຊຽນກ່ຽວກັບວຽກງານລັດຖະກອນ", "ລະດັບເຈົ້າໜ້າທີ່ອາວຸໂສ"],
        ),
    ],
)
def test_the_seeded_khmer_and_lao_records_carry_the_seed_text_in_embedded_noto_fonts(
    client, db, tmp_path, slug, language, font, phrases
):
    title = getattr(Meeting.objects.get(slug=slug), f"title_{language}")
    content = fetch(client, f"/{language}/meetings/{slug}/record.pdf")
    path = tmp_path / "record.pdf"
    path.write_bytes(content)
    text = pdf_text(content, tmp_path)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout

    for phrase in phrases:
        assert phrase in title
        assert phrase in text
    embedded = [line.split() for line in fonts.splitlines() if font in line]
    assert embedded, fonts
    assert all(columns[-5] == "yes" for columns in embedded)  # "emb"


def shaped_glyphs(text: str, stem: str, weight: int) -> tuple[list[int], list[int]]:
    """The glyph ids HarfBuzz gives `text` in the portal's own font file, and the ids a renderer
    without shaping would use (one glyph per character, in character order)."""
    import io

    import uharfbuzz
    from fontTools.ttLib import TTFont

    from accsm_portal.lib.pdf import font_path

    font = TTFont(font_path(stem, weight))
    font.flavor = None  # WOFF2 to plain OpenType, which HarfBuzz reads; glyph ids are kept
    plain = io.BytesIO()
    font.save(plain)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(uharfbuzz.Font(uharfbuzz.Face(plain.getvalue())), buffer)
    cmap = font.getBestCmap()
    return (
        [info.codepoint for info in buffer.glyph_infos],
        [font.getGlyphID(cmap[ord(character)]) for character in text],
    )


def drawn_glyphs(pdf: bytes) -> list[int]:
    """Every glyph id drawn on the pages, in drawing order. WeasyPrint writes text as 2-byte
    glyph ids (Identity-H) and subsets fonts keeping the original ids (RETAIN_GIDS)."""
    import zlib

    glyphs: list[int] = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            content = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        for text_object in re.findall(rb"BT(.*?)ET", content, re.S):
            for hexa in re.findall(rb"<([0-9a-fA-F]*)>", text_object):
                glyphs += [int(hexa[i : i + 4], 16) for i in range(0, len(hexa), 4)]
    return glyphs


def contains(sequence: list[int], part: list[int]) -> bool:
    return any(sequence[i : i + len(part)] == part for i in range(len(sequence) - len(part) + 1))


@pytest.mark.usefixtures("seeded")
def test_the_khmer_record_draws_the_glyphs_harfbuzz_shapes(client):
    """pdftotext cannot prove Khmer clusters are shaped (docs/pdf.md); the glyphs can: the
    seeded title's "មន្ត្រី" (subscript ន and ត, the vowel sign before) must be drawn as HarfBuzz
    shapes it with the embedded Noto Sans Khmer, not as one glyph per character."""
    phrase = "មន្ត្រី"
    slug = "accsm-21-som-2021-04-08"
    assert phrase in Meeting.objects.get(slug=slug).title_km
    drawn = drawn_glyphs(fetch(client, f"/km/meetings/{slug}/record.pdf"))

    matches = []
    for weight in (400, 700):
        shaped, unshaped = shaped_glyphs(phrase, "noto-sans-khmer-khmer", weight)
        assert shaped != unshaped  # the phrase needs shaping: the test would notice its absence
        if contains(drawn, shaped):
            matches.append(weight)
        assert not contains(drawn, unshaped)

    assert matches, "the shaped glyphs of មន្ត្រី are not in the PDF"
