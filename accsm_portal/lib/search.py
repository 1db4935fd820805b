"""Search keys and snippets for text in English, Khmer, Lao and Vietnamese.

Khmer and Lao write words without spaces and Vietnamese tone marks are typed in several ways, so
the database's word search finds nothing useful (shared/design/I18N.md, "Search"). Instead every
record gets, per language, a normalised *key* and an accent-folded copy, and a query matches as
a substring of them: the same on SQLite and PostgreSQL (where a trigram index keeps it fast).

The rules, applied in this order to the indexed text and to the query alike:

1. Default-ignorable code points are removed (zero-width space, joiners, word joiner, BOM, soft
   hyphen, the invisible Khmer inherent vowels U+17B4/U+17B5): editors paste them from Word and
   Khmer typists put zero-width spaces between words, and they must never break a match.
2. Unicode "compatibility caseless matching" (The Unicode Standard, section 3.13):
   NFKC(casefold(NFKC(text))). Beyond NFC, this makes Lao ໜ/ໝ equal to ຫນ/ຫມ and ຳ equal to ໍ+າ
   (their compatibility decompositions), and full-width letters equal to ASCII.
3. Khmer variant spellings: COENG DA equals COENG TA (ស្ដី/ស្តី); the deprecated independent
   vowels U+17A3, U+17A4 and the ligature U+17A8 become the sequences Unicode says replace them;
   ឲ (U+17B2) equals ឱ (U+17B1), as in ឲ្យ/ឱ្យ; the deprecated BEYYAL U+17D8 becomes ។ល។; a
   subscript RO typed before another subscript is moved after it (ស្រ្តី/ស្ត្រី).
4. Lao: the subscript LO ຼ (U+0EBC) equals ລ, as in ເກົາຫຼີ/ເກົາຫລີ.
5. Every script's decimal digits become ASCII digits (ឆ្នាំ២០២១ is found by "2021").
6. Vietnamese tone marks on "oa", "oe", "uy" at the end of a syllable are put on the second
   vowel (hòa -> hoà, khỏe -> khoẻ, thủy -> thuỷ), so both typing conventions match exactly.
7. Runs of white space become one space.

The *folded* copy also strips Latin combining marks (after NFD) and maps đ to d: "cong vu"
finds "công vụ". Khmer and Lao vowel signs are combining marks too, so only the Latin blocks of
combining marks are stripped; Khmer and Lao text is the same in the key and the folded copy.

`normalise` works on whole strings (fast, for indexing); `normalise_with_offsets` does the same
cluster by cluster and keeps where each key character came from, for highlighting snippets.
Both must give the same key: tests/search/test_text.py checks it on the seed documents.
"""

import bisect
import functools
import html
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

try:  # PyICU (the pyicu-wheels package): dictionary-based word boundaries for Khmer and Lao.
    import icu
except ImportError:  # pragma: no cover - exercised by passing word_breaks=False in the tests
    icu = None

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 8

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt).
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_COENG = "\u17d2"
_VARIANTS = {
    _COENG + "\u178a": _COENG + "\u178f",  # COENG DA -> COENG TA
    "\u17a3": "\u17a2",  # deprecated QAQ -> QA
    "\u17a4": "\u17a2\u17b6",  # deprecated QAA -> QA + AA
    "\u17a8": "\u17a7\u1780",  # obsolete ligature QUK -> QU + KA
    "\u17b2": "\u17b1",  # QOO TYPE TWO -> QOO TYPE ONE (ឲ្យ / ឱ្យ)
    "\u17d8": "\u17d4\u179b\u17d4",  # deprecated BEYYAL -> ។ល។
    "\u0ebc": "\u0ea5",  # Lao subscript LO -> LO LOOT (ຫຼ / ຫລ)
}
# The variants of one character, as a class; COENG DA, the one of two, is a str.replace. The
# alternation of all of them was tried at every character of a text (a Khmer text is full of
# COENG): a class scans it in a fraction of that. No replacement makes another variant.
_COENG_DA = _COENG + "\u178a"
_CHAR_VARIANTS = re.compile("[" + "".join(k for k in _VARIANTS if len(k) == 1) + "]")
# Subscript RO goes after any other subscript of the same syllable.
_COENG_RO_FIRST = re.compile("\u17d2\u179a\u17d2([\u1780-\u17a2])")
_COENG_RO_COENG = "\u17d2\u179a\u17d2"  # what it starts with: a substring test skips most text
_DIGITS = {
    ord(ch): str(unicodedata.decimal(ch))
    for start in (0x0E50, 0x0ED0, 0x1040, 0x17E0, 0x0966, 0x1810)
    for ch in map(chr, range(start, start + 10))
}
# The digits as a class, replaced one match at a time: str.translate looks every character of
# the text up in the table (about 20 us for 200 characters of Khmer), the class scans it in a
# tenth of that, and most texts hold none of these digits.
_ANY_DIGIT = re.compile("[" + "".join(map(chr, _DIGITS)) + "]")
_DIGIT_OF = {chr(code): digit for code, digit in _DIGITS.items()}
_LATIN_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WHITESPACE = re.compile(r"\s+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Runs of white space (as str.isspace) and the runs between them.
_RUNS = re.compile(r"\s+|\S+")

# Vietnamese tone placement: (base vowel, five tones: grave, acute, hook, tilde, dot below).
_TONED = {
    "o": "òóỏõọ",
    "u": "ùúủũụ",
    "a": "àáảãạ",
    "e": "èéẻẽẹ",
    "y": "ỳýỷỹỵ",
}
_OA_OE = re.compile(r"([òóỏõọ])([ae])(?![^\W\d_])")
_TONED_O_U = re.compile("[òóỏõọùúủũụ]")
_UY = re.compile(r"(?<!q)([ùúủũụ])y(?![^\W\d_])")


def _move_tone(first: str, second: str) -> str:
    base = "o" if first in _TONED["o"] else "u"
    tone = _TONED[base].index(first)
    return base + _TONED[second][tone]


def _tone_placement(text: str) -> str:
    """hòa -> hoà, khỏe -> khoẻ, thủy -> thuỷ; the length never changes."""
    if not _TONED_O_U.search(text):
        return text
    text = _OA_OE.sub(lambda m: _move_tone(m[1], m[2]), text)
    return _UY.sub(lambda m: _move_tone(m[1], "y"), text)


def _normalise_piece(text: str) -> str:
    """Steps 1-5 of the module docstring, on any piece of text."""
    return _normalise_visible(_IGNORABLE.sub("", text))


def _normalise_visible(text: str) -> str:
    """Steps 2-5 of the module docstring: _normalise_piece of a text without ignorables."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    text = text.replace(_COENG_DA, _VARIANTS[_COENG_DA])
    text = _CHAR_VARIANTS.sub(lambda m: _VARIANTS[m[0]], text)
    if _COENG_RO_COENG in text:
        text = _COENG_RO_FIRST.sub("\u17d2\\1\u17d2\u179a", text)
    return _ANY_DIGIT.sub(lambda m: _DIGIT_OF[m[0]], text)


def _collapse(text: str) -> str:
    r"""Runs of white space as one space, none at either end: `\s` and str.split() know the
    same white space (Py_UNICODE_ISSPACE), and split() and join() are a few times faster than
    a substitution that replaces every space of a Vietnamese or English text."""
    return " ".join(text.split())


def normalise(text: str) -> str:
    """The search key of a text: the same for every way of typing the same words."""
    return _tone_placement(_collapse(_normalise_piece(text or "")))


def fold_accents(text: str) -> str:
    """Latin letters without their marks (after NFD), đ as d: "Công vụ" -> "Cong vu"."""
    stripped = _LATIN_MARKS.sub("", unicodedata.normalize("NFD", text or ""))
    return unicodedata.normalize("NFC", stripped).replace("đ", "d").replace("Đ", "D")


def search_keys(text: str) -> tuple[str, str]:
    """(key, folded) for a text, as stored in the index."""
    key = normalise(text)
    return key, fold_accents(key)


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------


# Translated when shown (QueryError.message), in the reader's language.
QUERY_ERRORS = {
    "too_short": (_("Type at least %(count)d characters to search for."), MIN_QUERY_LENGTH),
    "too_long": (_("A search can be at most %(count)d characters long."), MAX_QUERY_LENGTH),
    "too_many_terms": (_("Use at most %(count)d words in a search."), MAX_QUERY_TERMS),
}


class QueryError(ValueError):
    """A query that cannot be searched for; `code` names why, `message` says it to a reader."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        message, count = QUERY_ERRORS[self.code]
        return str(message) % {"count": count}


@dataclass(frozen=True)
class ParsedQuery:
    """A query as the index sees it: the whole phrase, and the terms that must all be present."""

    text: str
    key: str
    folded: str
    terms: tuple[str, ...] = field(default=())  # folded terms, each to be found in `folded`

    @property
    def exact_terms(self) -> tuple[str, ...]:
        return tuple(self.key.split(" "))


def parse_query(text: str) -> ParsedQuery:
    """Normalise a query and split it into terms; raise QueryError when it cannot be searched.

    A query of one character is refused: it would match most of the index and cannot use the
    trigram index. Two characters are allowed (a Vietnamese word is often two letters) and are
    answered by a scan: docs/search.md gives the cost."""
    if len(text or "") > MAX_QUERY_LENGTH:
        raise QueryError("too_long")
    key = normalise(text)
    if len(key.replace(" ", "")) < MIN_QUERY_LENGTH:
        raise QueryError("too_short")
    folded = fold_accents(key)
    terms: list[str] = []
    for term in folded.split(" "):
        if term not in terms:
            terms.append(term)
    if len(terms) > MAX_QUERY_TERMS:
        raise QueryError("too_many_terms")
    # A term inside another term adds nothing to the filter ("ab abc" is the same as "abc").
    terms = [t for t in terms if not any(t != other and t in other for other in terms)]
    return ParsedQuery(text=text, key=key, folded=folded, terms=tuple(terms))


# ---------------------------------------------------------------------------------------------
# Keys with offsets, for snippets
# ---------------------------------------------------------------------------------------------


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _clusters(text: str) -> Iterator[tuple[int, int]]:
    """Spans of a base character with its combining marks, the consonant after a Khmer COENG,
    and any default-ignorable characters: pieces that normalise independently."""
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        after_coeng = text[i] == _COENG
        while j < n:
            ch = text[j]
            if _IGNORABLE.match(ch):
                j += 1
                continue
            if after_coeng or unicodedata.category(ch) in ("Mn", "Mc", "Me"):
                after_coeng = ch == _COENG
                j += 1
                continue
            break
        yield i, j
        i = j


@functools.lru_cache(maxsize=65536)
def _normalise_cluster(cluster: str) -> str:
    """_normalise_piece for one cluster; clusters repeat (syllables, accented letters)."""
    if cluster.isascii() and cluster.isprintable():
        return cluster.lower()
    return _normalise_piece(cluster)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return fold_accents(ch)


@functools.cache
def _foldable() -> re.Pattern:
    """Any character that fold_accents changes (and any outside the BMP, unchecked): a key
    without one is its own folded key (built on first use, from the Unicode data)."""
    chars = "".join(
        re.escape(chr(code)) for code in range(0x80, 0x10000) if _fold_char(chr(code)) != chr(code)
    )
    return re.compile(f"[{chars}\U00010000-\U0010ffff]")


def _fold_key(key: str) -> str:
    """The key accent-folded character by character (what MappedKey.folded maps): the key
    itself when it has no foldable character."""
    if key.isascii() or not _foldable().search(key):
        return key
    return "".join(map(_fold_char, key))


@dataclass(frozen=True)
class MappedKey:
    """A key with, for each of its characters, the span of the original text it came from."""

    key: str
    spans: Sequence[tuple[int, int]]

    def folded(self, known: str | None = None) -> "MappedKey":
        """The key accent-folded, character by character. `known` is fold_accents(key) when
        the caller has it (the index keeps it): a key that it leaves alone has no foldable
        character, and the search for one is skipped."""
        if known is not None and known == self.key:
            return self
        folded = _fold_key(self.key)
        if folded is self.key:
            return self  # nothing to fold (Khmer and Lao as they are; đ and Latin marks)
        if len(folded) == len(self.key):
            # One character for each (Vietnamese in NFC, Khmer, Lao): the spans carry over.
            return MappedKey(folded, self.spans)
        chars: list[str] = []
        spans: list[tuple[int, int]] = []
        for ch, span in zip(self.key, self.spans, strict=True):
            for out in _fold_char(ch):
                chars.append(out)
                spans.append(span)
        return MappedKey("".join(chars), tuple(spans))


class _RunSpans(Sequence):
    """The spans of a key made of runs, each copied character for character from a stretch of
    the text (`width` 1) or expanded from one character of it (`width` 0: Lao ໜ is ຫນ in the
    key): a key character's span, its whole cluster in the text, is worked out only when asked
    for (a snippet asks for the two ends of each match), around its character.

    The text holds no default-ignorable character and no cluster that white space does not
    end (_runs_with_offsets checks both). A character then continues the cluster before it
    when it is a combining mark or follows a COENG (what _clusters() does), which never
    happens across white space: the cluster around a character is found by stepping back
    and forth from it, and is the one _clusters() gives for its word (Khmer and Lao words run
    to whole phrases: walking each word of the matches cluster by cluster cost more than the
    rest of the mapping)."""

    def __init__(self, text: str, runs: list[tuple[int, int, int]], length: int) -> None:
        self.text = text
        self.key_starts = [key_start for key_start, _start, _width in runs]
        self.runs = runs
        self.length = length

    def __len__(self) -> int:
        return self.length

    def _cluster(self, position: int) -> tuple[int, int]:
        text = self.text
        start, end = position, position + 1
        while start > 0 and (text[start - 1] == _COENG or _is_mark(text[start])):
            start -= 1
        while end < len(text) and (text[end - 1] == _COENG or _is_mark(text[end])):
            end += 1
        return start, end

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.length))]
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError(index)
        run = bisect.bisect_right(self.key_starts, index) - 1
        key_start, start, width = self.runs[run]
        position = start + (index - key_start) * width
        if self.text[position].isspace():
            return (position, position + 1)
        return self._cluster(position)

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None


# Characters whose key is longer than themselves (NFKC and the Khmer variants).
_EXPANDING = "\u0edc\u0edd\u0eb3\u17a4\u17a8\u17d8"  # ໜ ໝ ຳ ឤ ឨ ៘
# Where the key stops following the text character for character: white space dropped at
# either end or collapsed from two characters or more, and the expanding characters.
# Their keys, worked out once (a Lao text holds many ຳ).
_EXPANDED = {ch: _VARIANTS.get(ch) or _normalise_piece(ch) for ch in _EXPANDING}
_BREAKS = re.compile(rf"^\s+|\s+$|\s\s+|[{_EXPANDING}]")
# The same for a text that neither starts nor ends with white space (the usual one): without
# the anchors, which the engine tried at every white space, the scan takes half the time.
_BREAKS_INSIDE = re.compile(rf"\s\s+|[{_EXPANDING}]")
# The rules that replace a character by one character in place (digits, variants).
_IN_PLACE = {
    **_DIGITS,
    **{ord(k): v for k, v in _VARIANTS.items() if len(k) == 1 and len(v) == 1},
}
# As _ANY_DIGIT: Lao text holds a few subscript LO, Khmer a few ឲ, not one in every character.
_ANY_IN_PLACE = re.compile("[" + "".join(map(chr, _IN_PLACE)) + "]")
_IN_PLACE_OF = {chr(code): value for code, value in _IN_PLACE.items()}


@functools.cache
def _crossing() -> re.Pattern:
    """A cluster that white space does not end: a combining mark after it, or a COENG before
    it (clusters are then not within words; built on first use, from the Unicode data)."""
    marks = "".join(
        re.escape(chr(code)) for code in range(0x10000) if unicodedata.category(chr(code))[0] == "M"
    )
    return re.compile(rf"\s[{marks}\U00010000-\U0010ffff]|\u17d2\s")


def _break_runs(aligned: str) -> tuple[list[tuple[int, int, int]], list[str], int]:
    """_runs_with_offsets's runs of a text already replaced in place: (the runs as _RunSpans
    takes them, the key's pieces, the key's length), broken where white space collapses or a
    character expands."""
    if _collapse(aligned) == aligned and not any(ch in aligned for ch in _EXPANDING):
        # No break at all (the usual text: single spaces, nothing expanding): one run, found
        # without the scan for breaks, which tried a class at every character.
        return [(0, 0, 1)], [aligned], len(aligned)
    pieces: list[str] = []
    runs: list[tuple[int, int, int]] = []
    length = position = 0
    ends = aligned[:1].isspace() or aligned[-1:].isspace()
    for match in (_BREAKS if ends else _BREAKS_INSIDE).finditer(aligned):
        start, end = match.span()
        if start > position:
            runs.append((length, position, 1))
            pieces.append(aligned[position:start])
            length += start - position
        piece = match[0]
        if piece[0].isspace():
            piece, width = ("", 1) if start == 0 or end == len(aligned) else (" ", 1)
        else:
            piece, width = _EXPANDED[piece], 0
        if piece:
            runs.append((length, start, width))
            pieces.append(piece)
            length += len(piece)
        position = end
    if position < len(aligned):
        runs.append((length, position, 1))
        pieces.append(aligned[position:])
        length += len(aligned) - position
    return runs, pieces, length


def _runs_with_offsets(text: str, key: str | None = None) -> MappedKey | None:
    """normalise_with_offsets without a loop per character, for the usual text whose lower
    case normalises character for character (English, Khmer and Lao as typed, Vietnamese in
    NFC; digits, Khmer variants and Lao ໜ ໝ ຳ included): the key is then its lower case with
    those replaced in place, white space collapsed and the tone marks moved, which only
    breaks the text into runs where white space collapses or a character expands. None for
    any other text (the general loop maps it cluster by cluster).

    `key`, when given, is normalise(text) (the index keeps it beside the text): the runs are
    then checked against it instead of normalising the text again, once or twice."""
    lower = text.lower()
    if len(lower) != len(text) or _IGNORABLE.search(lower) or _crossing().search(lower):
        return None
    aligned = lower.replace(_COENG + "\u178a", _COENG + "\u178f")  # COENG DA -> COENG TA
    # Subscript RO moves after the other subscript: a change inside one cluster.
    if _COENG_RO_COENG in aligned:
        aligned = _COENG_RO_FIRST.sub("\u17d2\\1\u17d2\u179a", aligned)
    aligned = _ANY_IN_PLACE.sub(lambda m: _IN_PLACE_OF[m[0]], aligned)
    runs, pieces, length = _break_runs(aligned)
    # `lower` holds no ignorable (checked above). The pieces hold single white space
    # characters only (runs of two or more, and any at either end, were breaks): collapsing
    # them only makes each a space.
    if key is not None:
        # The fast key, tone marks placed, is the text's key: the runs map it character for
        # character (the tone placement moves no character, only which vowel carries a mark).
        if _tone_placement(_collapse("".join(pieces))) != key:
            return None
        return MappedKey(key, _RunSpans(text, runs, length))
    expected = _collapse(_normalise_visible(lower))
    if _collapse("".join(pieces)) != expected:
        return None  # some other rule applies (NFKC, case folding beyond lower case)
    # Belt and braces: the fast key must be the key. It is when the text is its own lower
    # case (Khmer and Lao always): the key was then worked out from the text itself; and for
    # ASCII, whose lower case is its case folding and which NFKC leaves alone. Otherwise the
    # text's own key before the tone placement, which both then go through, must be this one.
    if lower != text and not text.isascii() and expected != _collapse(_normalise_piece(text)):
        return None
    return MappedKey(_tone_placement(expected), _RunSpans(text, runs, length))


def normalise_with_offsets(text: str, key: str | None = None) -> MappedKey:
    """`normalise(text)`, with where each character of the key comes from in `text`; `key`,
    when given, must be normalise(text) (it spares working it out again)."""
    mapped = _runs_with_offsets(text, key) if text else None
    return mapped if mapped is not None else normalise_cluster_by_cluster(text)


def normalise_cluster_by_cluster(text: str) -> MappedKey:
    """normalise_with_offsets for any text: every cluster normalised on its own, its key
    characters mapped to its span (the reference that the run by run mapping must equal)."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for start, end in _clusters(text or ""):
        for ch in _normalise_cluster(text[start:end]):
            if ch.isspace():
                if not chars or chars[-1] == " ":
                    continue
                ch = " "
            chars.append(ch)
            spans.append((start, end))
    if chars and chars[-1] == " ":
        chars.pop()
        spans.pop()
    return MappedKey(_tone_placement("".join(chars)), tuple(spans))


# ---------------------------------------------------------------------------------------------
# Snippets
# ---------------------------------------------------------------------------------------------

SNIPPET_LENGTH = 180


def _find_all(haystack: str, needle: str) -> Iterator[int]:
    start = haystack.find(needle)
    while needle and start != -1:
        yield start
        start = haystack.find(needle, start + len(needle))


def _needles(query: ParsedQuery) -> list[tuple[bool, str]]:
    """What match_spans looks for, in order: (in the folded key?, needle)."""
    needles = [(False, query.key), (True, query.folded)]
    if " " in query.key:
        needles += [(False, term) for term in query.exact_terms]
        needles += [(True, term) for term in query.terms]
    return needles


def match_spans(
    display: str, query: ParsedQuery, *, key: str | None = None, folded: str | None = None
) -> list[tuple[int, int]]:
    """Where the query's phrase, or else its terms, occur in `display` (original offsets).
    `key` and `folded`, when given, are search_keys(display)."""
    mapped = normalise_with_offsets(display, key)
    targets = {False: mapped, True: mapped.folded(folded)}
    found: list[tuple[int, int]] = []
    for in_folded, needle in _needles(query):
        target = targets[in_folded]
        for index in _find_all(target.key, needle):
            span = (target.spans[index][0], target.spans[index + len(needle) - 1][1])
            if not any(s < span[1] and span[0] < e for s, e in found):
                found.append(span)
    return sorted(found)


def _utf16_to_index(text: str) -> list[int] | None:
    """ICU counts UTF-16 code units; map them to Python indexes when the text has astral chars."""
    if not _ASTRAL.search(text):
        return None
    mapping = []
    for index, ch in enumerate(text):
        mapping += [index] * (2 if ord(ch) >= 0x10000 else 1)
    mapping.append(len(text))
    return mapping


_ICU = threading.local()


def _word_iterator(language: str):
    """ICU's word break iterator for a language, made once per thread (making one loads its
    rules and dictionaries: tens of microseconds, for every snippet); setText resets it."""
    iterators = _ICU.__dict__.setdefault("word", {})
    if language not in iterators:
        iterators[language] = icu.BreakIterator.createWordInstance(icu.Locale(language))
    return iterators[language]


def word_boundaries(text: str, language: str) -> list[int] | None:
    """Word boundaries by ICU's dictionary-based segmentation, or None without PyICU."""
    if icu is None:
        return None
    iterator = _word_iterator(language)
    iterator.setText(text)
    mapping = _utf16_to_index(text)
    bounds = [0, *iterator]
    return [mapping[b] for b in bounds] if mapping else bounds


def _cluster_starts(text: str) -> list[int]:
    return [start for start, _end in _clusters(text)] + [len(text)]


def _cut_points(text: str, language: str, word_breaks: bool) -> list[int]:
    """Positions where a snippet may start or end without cutting a word (or, without ICU, a
    white space where there is one near, otherwise a grapheme cluster boundary)."""
    if word_breaks:
        bounds = word_boundaries(text, language)
        if bounds is not None:
            return bounds
    spaces = [m.end() for m in _WHITESPACE.finditer(text)]
    return [0, *spaces, len(text)] if spaces else _cluster_starts(text)


def _cut_before(text: str, language: str, word_breaks: bool) -> Callable[[int], int | None]:
    """The last of _cut_points(text) at or before a position (None before the first).

    With ICU, asked of the word iterator itself (`preceding`, the same boundaries as a walk
    through them all): a snippet asks for two, and listing every boundary of a region of
    Khmer or Lao, one call into ICU each, cost three times as much."""
    if word_breaks and icu is not None and not _ASTRAL.search(text):
        iterator = _word_iterator(language)
        iterator.setText(text)
        end = len(text)

        def icu_before(position: int) -> int | None:
            if position < 0:
                return None
            return end if position >= end else iterator.preceding(position + 1)

        return icu_before
    points = _cut_points(text, language, word_breaks)

    def before(position: int) -> int | None:
        index = bisect.bisect_right(points, position)
        return points[index - 1] if index else None

    return before


def _snap_back(before: Callable[[int], int | None], position: int, slack: int) -> int:
    """The last cut point at or before `position`, if within `slack` characters of it."""
    point = before(position)
    return point if point is not None and point >= position - slack else position


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]  # offsets in `text`
    html: SafeString


def _safe_start(text: str, index: int) -> int:
    """The nearest cluster start at or before `index` (never inside a letter's marks)."""
    index = max(0, min(index, len(text)))
    while index > 0 and (
        unicodedata.category(text[index])[0] == "M"
        or text[index - 1] == _COENG
        or _IGNORABLE.match(text[index])
    ):
        index -= 1
    return index


def _region(
    display: str, query: ParsedQuery, length: int, key: str, folded: str
) -> tuple[int, str]:
    """A stretch of a long text around its first match, found with the fast whole-string key
    (whose length is close to the text's), so that the exact character mapping, which is slow,
    only runs on a few hundred characters. `key` and `folded` are search_keys(display)."""
    found = [i for i in (key.find(query.key), folded.find(query.folded)) if i >= 0]
    found += [i for i in (folded.find(term) for term in query.terms) if i >= 0]
    estimate = round(min(found) * len(display) / max(1, len(key))) if found else 0
    # The window starts at most length // 3 + 30 before the match and is `length` long; the
    # rest is room for the estimate's error.
    start = _safe_start(display, estimate - length)
    end = (
        _safe_start(display, estimate + 3 * length // 2)
        if estimate + 3 * length // 2 < len(display)
        else len(display)
    )
    return start, display[start:end]


def build_snippet(
    display: str,
    query: ParsedQuery,
    *,
    language: str,
    length: int = SNIPPET_LENGTH,
    word_breaks: bool = True,
    key: str | None = None,
    folded: str | None = None,
) -> Snippet:
    """A window of `display` around the first match, cut at word boundaries (ICU for Khmer and
    Lao), with every match inside marked; the HTML is escaped except for the <mark> tags.

    `key` and `folded`, when given, must be search_keys(display): the index keeps them beside
    the text, and the snippet then need not work them out again."""
    if len(display) <= 5 * length // 2:
        offset, region = 0, display
        spans = match_spans(display, query, key=key, folded=folded)
    else:
        if key is None:
            key = normalise(display)
        if folded is None:
            folded = fold_accents(key)
        offset, region = _region(display, query, length, key, folded)
        spans = [(s + offset, e + offset) for s, e in match_spans(region, query)]
        if not spans and len(region) < len(display):
            offset, region = 0, display
            # The estimate missed (a text whose key is much shorter than itself): map it all,
            # unless nothing is to be found in it (the record matched by its title), which its
            # key tells without mapping a character.
            folded_key = key if folded == key else _fold_key(key)
            keys = {False: key, True: folded_key}
            if any(needle in keys[in_folded] for in_folded, needle in _needles(query)):
                spans = match_spans(display, query, key=key, folded=folded)
    start, end = 0, len(display)
    if len(display) > length:
        in_region = _cut_before(region, language, word_breaks)

        def before(position: int) -> int | None:
            point = in_region(position - offset)
            return None if point is None else point + offset

        anchor = spans[0][0] if spans else 0
        start = max(0, anchor - length // 3)
        start = 0 if start < length // 6 else _snap_back(before, start, slack=30)
        if spans and start > spans[0][0]:
            start = spans[0][0]
        end = min(len(display), start + length)
        if end < len(display):
            end = _snap_back(before, end, slack=30)
            if spans and end < spans[0][1]:
                end = spans[0][1]
    window = display[start:end]
    inside = tuple((s - start, e - start) for s, e in spans if s >= start and e <= end)
    parts = ["…" if start > 0 else ""]
    cursor = 0
    for s, e in inside:
        parts += [html.escape(window[cursor:s]), "<mark>", html.escape(window[s:e]), "</mark>"]
        cursor = e
    parts += [html.escape(window[cursor:]), "…" if end < len(display) else ""]
    text = window.strip()
    shift = len(window) - len(window.lstrip())
    return Snippet(
        text=text,
        highlights=tuple((s - shift, e - shift) for s, e in inside),
        # Safe: every piece of the record's text went through html.escape() above (what
        # Django's escape() does, without its lazy-string wrapper).
        html=mark_safe("".join(parts)),
    )
