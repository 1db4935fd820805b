"""Dates, numbers and ordinals as each language writes them, for page text.

Babel (pinned: CLDR changed Khmer separators between versions) formats dates and numbers per
locale. Babel cannot produce Khmer or Lao digits, so a digit map runs over its output where
settings.PORTAL_NATIVE_DIGITS asks for them. Only text shown to readers goes through here:
URLs, ids and form values keep ASCII digits.
"""

import contextlib
import datetime
import functools

from babel import Locale
from babel.dates import (
    DateTimeFormat,
    DateTimePattern,
    get_month_names,
    match_skeleton,
    parse_pattern,
)
from babel.numbers import format_decimal, format_percent
from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language, gettext, pgettext

# English dates in the portal are written day first ("8 April 2021"), as ASEAN documents do.
BABEL_LOCALES = {"en": "en_GB", "km": "km", "lo": "lo", "vi": "vi"}

NATIVE_DIGITS = {
    "km": str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"),
    "lo": str.maketrans("0123456789", "໐໑໒໓໔໕໖໗໘໙"),
}

DAY, MONTH, YEAR = "day", "month", "year"
EN_DASH = "\u2013"


def current_language(language: str | None = None) -> str:
    return (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]


def babel_locale(language: str | None = None) -> str:
    return BABEL_LOCALES.get(current_language(language), "en_GB")


def uses_native_digits(language: str | None = None) -> bool:
    return bool(settings.PORTAL_NATIVE_DIGITS.get(current_language(language), False))


def localise_digits(text: str, language: str | None = None) -> str:
    """ASCII digits in `text` written in the language's own digits, when the setting says so."""
    lang = current_language(language)
    if lang in NATIVE_DIGITS and uses_native_digits(lang):
        return text.translate(NATIVE_DIGITS[lang])
    return text


@functools.cache
def _locale(locale: str) -> Locale:
    """Babel's data for a locale, parsed once (Babel parses the identifier on every call)."""
    return Locale.parse(locale)


def format_number(value: int | float, language: str | None = None) -> str:
    """12,345 / 12.345 as the language groups digits, in its own digits where configured."""
    return localise_digits(format_decimal(value, locale=_locale(babel_locale(language))), language)


def format_percent_share(value: float, language: str | None = None) -> str:
    """A share between 0 and 1 as a whole percentage ("36%")."""
    return localise_digits(format_percent(value, locale=_locale(babel_locale(language))), language)


@functools.cache
def _pattern(locale: str, form: str) -> DateTimePattern:
    """The locale's pattern for a form of date, chosen as Babel's `format_date(day, "long")`
    and `format_skeleton(form, day)` choose it ("long", or a skeleton: "y", "yMMMM", "MMMMd",
    "d"). Babel looks the locale and the skeleton up again on every call: a page of twenty
    meetings spent 1.4 ms on its date ranges, nearly all of it there."""
    data = _locale(locale)
    if form == "long":
        return parse_pattern(data.date_formats["long"])
    skeletons = data.datetime_skeletons
    return parse_pattern(skeletons[form if form in skeletons else match_skeleton(form, skeletons)])


_MONTH_WIDTHS = {3: "abbreviated", 4: "wide", 5: "narrow"}
_MONTH_CONTEXTS = {"M": "format", "L": "stand-alone"}


@functools.cache
def _month_names(locale: str, width: str, context: str) -> dict[int, str]:
    return dict(get_month_names(width, context, _locale(locale)).items())


class _DateFields:
    """A date's fields as a Babel pattern names them (`d`, `MMMM`, `y`), written as Babel's
    DateTimeFormat writes them, with the month names read once per locale: Babel looks each
    name up through the locale's data on every call (a list of twenty meetings spent more on
    it than on the rest of its dates). Any other field is Babel's own."""

    __slots__ = ("day", "locale")

    def __init__(self, day: datetime.date, locale: str) -> None:
        self.day, self.locale = day, locale

    def __getitem__(self, name: str) -> str:
        char, width = name[0], len(name)
        if char == "d":
            return f"{self.day.day:0{width}d}"
        if char == "y":
            year = f"{self.day.year:0{width}d}"
            return year[-2:] if width == 2 else year
        if char in _MONTH_CONTEXTS:
            if width <= 2:
                return f"{self.day.month:0{width}d}"
            names = _month_names(self.locale, _MONTH_WIDTHS[width], _MONTH_CONTEXTS[char])
            return names[self.day.month]
        return DateTimeFormat(self.day, _locale(self.locale))[name]


def _apply(pattern: DateTimePattern, day: datetime.date, locale: str) -> str:
    """`pattern.apply(day, locale)`, as Babel writes it."""
    return pattern.format % _DateFields(day, locale)


@functools.cache
def _parsed(pattern: str) -> DateTimePattern:
    return parse_pattern(pattern)


def _write(day: datetime.date, locale: str, form: str) -> str:
    return _apply(_pattern(locale, form), day, locale)


def _format(day: datetime.date, precision: str, language: str | None) -> str:
    locale = babel_locale(language)
    if precision == YEAR:
        return _write(day, locale, "y")
    if precision == MONTH:
        return _write(day, locale, "yMMMM")
    return _write(day, locale, "long")


def format_date(
    day: datetime.date | None, precision: str = DAY, language: str | None = None
) -> str:
    """A date to its known precision: "8 April 2021", "October 2009" or "2009"."""
    if day is None:
        return ""
    return localise_digits(_format(day, precision, language), language)


def _day_first(locale: str) -> bool:
    return _pattern(locale, "long").pattern.startswith("d")


def format_date_range(
    start: datetime.date | None,
    end: datetime.date | None = None,
    precision: str = DAY,
    language: str | None = None,
) -> str:
    """A range written as briefly as the language allows: "17-18 November 2020",
    "30 November - 2 December 2020", "November - December 2020".

    Babel's own interval formats abbreviate English months and fall back to numbers in Lao,
    so the short forms are built here from the long pattern, for locales that write the day
    first (all four portal languages do)."""
    if start is None:
        return ""
    if end is None or end == start:
        return format_date(start, precision, language)
    locale = babel_locale(language)
    whole_end = _format(end, precision, language)
    if precision == YEAR:
        text = (
            whole_end
            if start.year == end.year
            else f"{_format(start, YEAR, language)}{EN_DASH}{whole_end}"
        )
    elif precision == MONTH:
        if (start.year, start.month) == (end.year, end.month):
            text = whole_end
        elif start.year == end.year:
            month = _apply(_parsed("MMMM"), start, locale)
            text = f"{month} {EN_DASH} {whole_end}"
        else:
            text = f"{_format(start, MONTH, language)} {EN_DASH} {whole_end}"
    elif not _day_first(locale):
        text = f"{_format(start, DAY, language)} {EN_DASH} {whole_end}"
    elif (start.year, start.month) == (end.year, end.month):
        text = f"{_write(start, locale, 'd')}{EN_DASH}{whole_end}"
    elif start.year == end.year:
        text = f"{_write(start, locale, 'MMMMd')} {EN_DASH} {whole_end}"
    else:
        text = f"{_format(start, DAY, language)} {EN_DASH} {whole_end}"
    return localise_digits(text, language)


def mark_inferred(text: str) -> str:
    """A date the sources do not state outright, marked as such ("5 August 2022 (inferred)")."""
    if not text:
        return text
    return gettext("%(date)s (date inferred)") % {"date": text}


def _in_language(lang: str):
    """`translation.override(lang)`, or nothing when `lang` is already active (the page's own
    language, nearly always): activating a language costs more than the ordinal itself."""
    return contextlib.nullcontext() if lang == get_language() else translation.override(lang)


def _english_ordinal(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def format_ordinal(n: int, language: str | None = None) -> str:
    """ "21st", "លើកទី២១", "ຄັ້ງທີ 21", "lần thứ 21": a translatable template per language.

    ICU's Lao ordinal prints Thai script, so translators write the template instead."""
    lang = current_language(language)
    number = _english_ordinal(n) if lang == "en" else format_number(n, lang)
    with _in_language(lang):
        # Translators: an ordinal number, e.g. "lần thứ %(n)s"; %(n)s is the number.
        return pgettext("ordinal", "%(n)s") % {"n": number}


def format_ordinal_name(n: int, name: str, language: str | None = None) -> str:
    """An ordinal with what it counts, in the language's order: "21st ACCSM", "ACCSM លើកទី២១"."""
    ordinal = format_ordinal(n, language)
    with _in_language(current_language(language)):
        # Translators: an ordinal before or after a name, e.g. "%(name)s %(ordinal)s" in Khmer.
        return pgettext("ordinal with a name", "%(ordinal)s %(name)s") % {
            "ordinal": ordinal,
            "name": name,
        }
