"""Dates, numbers and ordinals as each portal language writes them (lib/dates.py)."""

import datetime

import pytest
from babel.dates import format_date, format_skeleton, parse_pattern
from django.utils import translation

from accsm_portal.lib import dates

APRIL_8 = datetime.date(2021, 4, 8)
DASH = "\u2013"  # the en dash of date ranges


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "8 April 2021"),
        ("km", "៨ មេសា ២០២១"),
        ("lo", "8 ເມສາ 2021"),
        ("vi", "8 tháng 4, 2021"),
    ],
)
def test_a_day_is_written_as_the_language_writes_it(lang, expected):
    assert dates.format_date(APRIL_8, language=lang) == expected


@pytest.mark.parametrize("lang", ["en", "km", "lo", "vi"])
def test_the_patterns_kept_per_language_write_what_babel_writes(lang, settings):
    settings.PORTAL_NATIVE_DIGITS = {}
    locale = dates.babel_locale(lang)
    for day in [APRIL_8, datetime.date(1999, 12, 31), datetime.date(2020, 2, 29)]:
        assert dates.format_date(day, dates.DAY, lang) == format_date(day, "long", locale=locale)
        assert dates.format_date(day, dates.MONTH, lang) == format_skeleton(
            "yMMMM", day, locale=locale
        )
        assert dates.format_date(day, dates.YEAR, lang) == format_skeleton("y", day, locale=locale)


@pytest.mark.parametrize("lang", ["en", "km", "lo", "vi"])
def test_dates_are_written_as_babel_writes_them_on_every_day(lang):
    # lib/dates writes the fields of Babel's patterns itself (the month names read once per
    # locale): every day of three years, in every form the portal uses, must come out as
    # Babel's own apply() writes it.
    locale = dates.babel_locale(lang)
    patterns = [dates._pattern(locale, form) for form in ("long", "y", "yMMMM", "MMMMd", "d")]
    patterns += [parse_pattern(text) for text in ("MMMM", "LLLL", "MMM", "MM", "yy", "dd")]
    day = datetime.date(1999, 1, 1)
    while day.year < 2002:
        for pattern in patterns:
            assert dates._apply(pattern, day, locale) == pattern.apply(day, locale), pattern
        day += datetime.timedelta(days=1)


def test_khmer_digits_follow_the_setting(settings):
    settings.PORTAL_NATIVE_DIGITS = {"km": False, "lo": True}

    assert dates.format_date(APRIL_8, language="km") == "8 មេសា 2021"
    assert dates.format_date(APRIL_8, language="lo") == "໘ ເມສາ ໒໐໒໑"


@pytest.mark.parametrize(
    ("precision", "lang", "expected"),
    [
        ("month", "en", "October 2009"),
        ("month", "vi", "tháng 10 năm 2009"),
        ("month", "lo", "ຕຸລາ 2009"),
        ("year", "en", "2009"),
        ("year", "km", "២០០៩"),
    ],
)
def test_a_partial_date_shows_only_what_is_known(precision, lang, expected):
    assert dates.format_date(datetime.date(2009, 10, 1), precision, lang) == expected


@pytest.mark.parametrize(
    ("start", "end", "lang", "expected"),
    [
        ((2020, 11, 17), (2020, 11, 18), "en", f"17{DASH}18 November 2020"),
        ((2020, 11, 17), (2020, 11, 18), "lo", f"17{DASH}18 ພະຈິກ 2020"),
        ((2020, 11, 17), (2020, 11, 18), "vi", f"17{DASH}18 tháng 11, 2020"),
        ((2020, 11, 30), (2020, 12, 2), "en", f"30 November {DASH} 2 December 2020"),
        ((2020, 12, 30), (2021, 1, 2), "en", f"30 December 2020 {DASH} 2 January 2021"),
        ((2020, 11, 17), (2020, 11, 17), "en", "17 November 2020"),
        ((2020, 11, 17), None, "km", "១៧ វិច្ឆិកា ២០២០"),
    ],
)
def test_a_range_is_written_briefly(start, end, lang, expected):
    end_date = datetime.date(*end) if end else None
    assert dates.format_date_range(datetime.date(*start), end_date, language=lang) == expected


def test_a_range_of_months_names_both_months():
    start, end = datetime.date(2020, 11, 1), datetime.date(2020, 12, 1)

    assert dates.format_date_range(start, end, "month", "en") == f"November {DASH} December 2020"


def test_an_inferred_date_is_marked_in_the_page_language():
    with translation.override("en"):
        assert dates.mark_inferred("5 August 2022") == "5 August 2022 (date inferred)"
    with translation.override("vi"):
        assert dates.mark_inferred("5 tháng 8, 2022") == "5 tháng 8, 2022 (ngày suy ra)"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_english_ordinals_follow_the_english_rule(n, expected):
    assert dates.format_ordinal(n, "en") == expected


@pytest.mark.parametrize(
    ("lang", "ordinal", "with_name"),
    [
        ("en", "21st", "21st ACCSM"),
        ("km", "លើកទី២១", "ACCSM លើកទី២១"),
        ("lo", "ຄັ້ງທີ 21", "ACCSM ຄັ້ງທີ 21"),
        ("vi", "lần thứ 21", "ACCSM lần thứ 21"),
    ],
)
def test_ordinals_are_translatable_templates(lang, ordinal, with_name):
    assert dates.format_ordinal(21, lang) == ordinal
    assert dates.format_ordinal_name(21, "ACCSM", lang) == with_name


@pytest.mark.parametrize(
    ("lang", "number", "percent"),
    [
        ("en", "12,345", "36%"),
        ("km", "១២,៣៤៥", "៣៦%"),
        ("lo", "12.345", "36%"),
        ("vi", "12.345", "36%"),
    ],
)
def test_numbers_and_shares_are_grouped_per_language(lang, number, percent):
    assert dates.format_number(12345, lang) == number
    assert dates.format_percent_share(5 / 14, lang) == percent
