"""A list of meeting cards, rendered in one pass.

    {% load meeting_cards %}
    <ul class="cards">{% meeting_cards meetings %}</ul>

Each card's values are worked out here, in Python, and `meetings/includes/meeting_cards.html`
loops over them once: an `{% include %}` per card resolved its template, its tags' arguments
and `reverse()` for its address every time, two thirds of the meetings list's Python. What is
the same for every card (the language, the labels of modes and statuses, the address around
the slug) is worked out once per list: each look-up of the active language or of a
translation goes through a thread-local, and a list asked for them a hundred times."""

import functools
import re
from collections.abc import Iterable

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf
from django.utils.translation import get_language

from accsm_portal.lib.dates import DAY, current_language, format_date_range, mark_inferred
from accsm_portal.lib.i18n import translated
from accsm_portal.templatetags.portal import show
from meetings.models import Meeting
from meetings.selectors import MeetingCardRow

register = template.Library()

# A slug that `<slug:slug>` accepts as it is: written into the address without quoting.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG_PLACEHOLDER = "0meetingslug0"


@functools.lru_cache(maxsize=64)
def _url_template(language: str | None, script_prefix: str, resolver) -> tuple[str, str]:
    """A meeting's address around its slug, from get_absolute_url() once per language, script
    prefix and URL configuration instead of reverse() per card (about 25 us each)."""
    url = Meeting(slug=_SLUG_PLACEHOLDER).get_absolute_url()
    before, _placeholder, after = url.partition(_SLUG_PLACEHOLDER)
    return before, after


def _labels(choices: type[Meeting.Mode] | type[Meeting.Status]) -> dict[str, str]:
    """The choices' labels in the active language, as get_<field>_display() shows them."""
    return {value: str(label) for value, label in choices.choices}


def meeting_card_list(meetings: Iterable[Meeting | MeetingCardRow]) -> list[dict]:
    """What each meeting's card shows, in the active language: from meetings (their
    MEETING_CARD_FIELDS) or from `meeting_card_rows`. Plain dicts: the template reads a
    dict's keys first, and an object's attributes only after a failed key look-up."""
    language = current_language()
    before, after = _url_template(get_language(), get_script_prefix(), get_resolver(get_urlconf()))
    modes, statuses = _labels(Meeting.Mode), _labels(Meeting.Status)
    cards = []
    for meeting in meetings:
        slug = meeting.slug
        # A slug the URL pattern would refuse goes through get_absolute_url(), which says so.
        url = (
            f"{before}{slug}{after}"
            if _PLAIN_SLUG.fullmatch(slug)
            else Meeting(slug=slug).get_absolute_url()
        )
        dates = format_date_range(
            meeting.starts_on, meeting.ends_on, meeting.date_precision or DAY, language
        )
        host = meeting.host_country
        cards.append(
            {
                "url": url,
                "title": show(translated(meeting, "title", language)),
                "dates": mark_inferred(dates) if meeting.date_is_inferred else dates,
                "host": None
                if host is None
                else show(translated(host, "name", language), compact=True),
                "mode": modes.get(meeting.mode, meeting.mode),
                "status": meeting.status,
                "status_label": statuses.get(meeting.status, meeting.status),
            }
        )
    return cards


@register.inclusion_tag("meetings/includes/meeting_cards.html")
def meeting_cards(meetings: Iterable[Meeting | MeetingCardRow]) -> dict:
    return {"cards": meeting_card_list(meetings)}
