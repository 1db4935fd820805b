"""Template tags for the portal pages: translated content with its fallback note, and dates,
numbers and ordinals written as the page's language writes them.

    {% load portal %}
    {% show meeting "title" %}                 inline text; a fallback is marked
    {% show meeting "summary" block=True %}    paragraphs; the note is a paragraph too
    {% show country "name" compact=True %}     short names: a brief note ("in English")
    {% tr meeting "title" as title %}          the Translated value, for headings
    {{ meeting.starts_on|ldate:meeting.date_precision }}   {{ 12345|num }}  {{ 0.36|pct }}
    {% date_range meeting.starts_on meeting.ends_on meeting.date_precision inferred=True %}
    {{ 21|ordinal }}  {% ordinal_name 21 "ACCSM" %}
"""

import datetime

from django import template
from django.db import models
from django.utils.html import conditional_escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from accsm_portal.core.models import Language
from accsm_portal.lib import dates
from accsm_portal.lib.i18n import Translated, translated

register = template.Library()


def language_name(code: str) -> str:
    try:
        return str(Language(code).label)
    except ValueError:
        return code


def fallback_note_text(value: Translated, *, compact: bool = False) -> str:
    """The visible note on text shown in another language than the page's."""
    names = {
        "language": language_name(value.language),
        "requested": language_name(value.requested),
    }
    if compact:
        # Translators: after a name shown in another language, e.g. "(in English)".
        return gettext("in %(language)s") % names
    # Translators: after text shown in another language than the page's own.
    return gettext("Shown in %(language)s: no %(requested)s translation yet") % names


def _paragraphs(text: str) -> SafeString:
    return mark_safe(linebreaks(text, autoescape=True))  # linebreaks escapes every line


@register.simple_tag
def tr(obj: models.Model | None, field: str) -> Translated | str:
    """The Translated value of a field in the page's language (for `as` and headings)."""
    if obj is None:
        return ""
    return translated(obj, field)


@register.simple_tag
def show(
    obj: models.Model | Translated | None,
    field: str | None = None,
    *,
    block: bool = False,
    compact: bool = False,
) -> SafeString:
    """A translated field for reading: when the page's language is missing, the text in the
    language served, with `lang` set on it and a visible, translated note saying so."""
    if obj is None or obj == "":
        return mark_safe("")
    value = obj if isinstance(obj, Translated) else translated(obj, field or "")
    if not value.value:
        return mark_safe("")
    body = _paragraphs(value.value) if block else conditional_escape(value.value)
    if not value.is_fallback:
        return format_html('<div class="text">{}</div>', body) if block else body
    note = fallback_note_text(value, compact=compact)
    if block:
        return format_html(
            '<div class="text fallback" lang="{}">{}</div><p class="fallback-note">{}</p>',
            value.language,
            body,
            note,
        )
    css = "fallback-note fallback-note--compact" if compact else "fallback-note"
    return format_html(
        '<span class="fallback" lang="{}">{}</span> <span class="{}">{}</span>',
        value.language,
        body,
        css,
        f"({note})" if compact else note,
    )


@register.simple_tag
def fallback_note(value: Translated | str) -> SafeString:
    """The note alone, for a heading whose text is shown with `lang` set by the template."""
    if not isinstance(value, Translated) or not value.is_fallback:
        return mark_safe("")
    return format_html('<p class="fallback-note">{}</p>', fallback_note_text(value))


@register.filter
def ldate(day: datetime.date | None, precision: str = dates.DAY) -> str:
    return dates.format_date(day, precision or dates.DAY)


@register.simple_tag
def date_range(
    start: datetime.date | None,
    end: datetime.date | None = None,
    precision: str = dates.DAY,
    *,
    inferred: bool = False,
) -> str:
    text = dates.format_date_range(start, end, precision or dates.DAY)
    return dates.mark_inferred(text) if inferred else text


@register.filter
def num(value: int | float | None) -> str:
    return "" if value is None else dates.format_number(value)


@register.filter
def pct(value: float | None) -> str:
    return "" if value is None else dates.format_percent_share(value)


@register.filter
def digits(value: object) -> str:
    """Page text with numbers in it ("2021-2025") in the language's digits where configured."""
    return dates.localise_digits(str(value))


@register.filter
def ordinal(value: int | None) -> str:
    return "" if value is None else dates.format_ordinal(int(value))


@register.simple_tag
def ordinal_name(n: int | None, name: str) -> str:
    if n is None:
        return str(name)
    return dates.format_ordinal_name(int(n), str(name))
