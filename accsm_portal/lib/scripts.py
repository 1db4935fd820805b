"""Which writing system a text is in, to catch text pasted into the wrong language's field.

Khmer, Lao and Vietnamese (Latin with tone marks) look alike to a tired editor switching tabs:
Lao text in a Khmer field is a common slip and almost never intended. Only letters count, so
digits, punctuation, dates and Latin acronyms inside Khmer or Lao text ("ASEAN", "ACCSM") do
not change the verdict unless they make up most of the text.
"""

import unicodedata
from collections import Counter

KHMER = "khmer"
LAO = "lao"
LATIN = "latin"
OTHER = "other"

# The script each language of the portal is written in.
LANGUAGE_SCRIPTS: dict[str, str] = {"en": LATIN, "km": KHMER, "lo": LAO, "vi": LATIN}

_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x1780, 0x17FF, KHMER),
    (0x19E0, 0x19FF, KHMER),  # Khmer symbols (lunar dates)
    (0x0E80, 0x0EFF, LAO),
    (0x0041, 0x005A, LATIN),
    (0x0061, 0x007A, LATIN),
    (0x00C0, 0x024F, LATIN),  # Latin-1 letters and Latin Extended-A/B
    (0x1E00, 0x1EFF, LATIN),  # Latin Extended Additional: Vietnamese ạ ả ấ ầ ẩ ẫ ậ ...
)


def char_script(char: str) -> str | None:
    """The script of one character, or None for what belongs to no script (digits, spaces,
    punctuation, combining marks outside the Khmer and Lao blocks)."""
    point = ord(char)
    for start, end, script in _RANGES:
        if start <= point <= end:
            # Digits and punctuation of the Khmer and Lao blocks are shared by habit.
            if unicodedata.category(char)[0] in {"N", "P"}:
                return None
            return script
    if unicodedata.category(char)[0] == "L":
        return OTHER
    return None


def script_counts(text: str) -> Counter:
    """How many letters of each script the text holds."""
    counts: Counter = Counter()
    for char in unicodedata.normalize("NFC", text or ""):
        script = char_script(char)
        if script is not None:
            counts[script] += 1
    return counts


def dominant_script(text: str) -> str | None:
    """The script of most of the text's letters; None for text without letters."""
    counts = script_counts(text)
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def script_mismatch(text: str, language: str) -> str | None:
    """The script the text is mostly written in, when that is not its language's script.

    Returns None when the text fits its language (or has too few letters to tell)."""
    expected = LANGUAGE_SCRIPTS.get(language)
    counts = script_counts(text)
    total = sum(counts.values())
    if expected is None or total < 2:
        return None
    found, letters = counts.most_common(1)[0]
    if found == expected or letters * 2 <= total:
        return None
    return found
