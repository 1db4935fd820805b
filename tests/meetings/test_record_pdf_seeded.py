"""The seeded Khmer and Lao meeting records as PDF: the seed's words, embedded Noto fonts."""

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
