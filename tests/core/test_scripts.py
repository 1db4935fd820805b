"""The script detector behind the "wrong language tab" warning."""

import pytest

from accsm_portal.lib.scripts import KHMER, LAO, LATIN, dominant_script, script_mismatch


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("កិច្ចប្រជុំមន្ត្រីជាន់ខ្ពស់", KHMER),
        ("ກອງປະຊຸມເຈົ້າໜ້າທີ່ອາວຸໂສ", LAO),
        ("Hội nghị Quan chức Cao cấp", LATIN),
        ("Senior Officials' Meeting", LATIN),
        ("2021-04-08, 21.", None),
        ("", None),
    ],
)
def test_dominant_script(text, script):
    assert dominant_script(text) == script


@pytest.mark.parametrize(
    ("text", "language", "found"),
    [
        ("ກອງປະຊຸມສຳມະນາ", "km", LAO),
        ("សិក្ខាសាលា", "lo", KHMER),
        ("សិក្ខាសាលា", "vi", KHMER),
        ("Workshop", "km", LATIN),
        ("សន្និសីទ ACCSM លើកទី២១", "km", None),  # an acronym inside Khmer text is fine
        ("ກອງປະຊຸມ ACCSM ຄັ້ງທີ 21", "lo", None),
        ("Hội thảo về chính phủ điện tử", "vi", None),
        ("ASEAN", "en", None),
        ("ASEAN", "km", LATIN),
        ("21", "km", None),  # digits alone say nothing
        ("A", "km", None),  # one letter is too little to tell
    ],
)
def test_script_mismatch(text, language, found):
    assert script_mismatch(text, language) == found
