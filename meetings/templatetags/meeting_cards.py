"""A list of meeting cards, rendered in one pass.

    {% load meeting_cards %}
    <ul class="cards">{% meeting_cards meetings %}</ul>

Each card's values are worked out here, in Python, and `meetings/includes/meeting_cards.html`
loops over them once: an `{% include %}` per card resolved its template, its tags' arguments
and `reverse()` for its address every time, two thirds of the meetings list's Python."""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf
from django.utils.encoding import force_str
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from accsm_portal.lib.dates import format_date_range, mark_inferred
from accsm_portal.templatetags.portal import show
from meetings.models import Meeting
from meetings.selectors import MeetingCardRow

register = template.Library()

# A slug that `<slug:slug>` accepts as it is: written into the address without quoting.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG_PLACEHOLDER = "0meetingslug0"


@dataclass(frozen=True, slots=True)
class MeetingCard:
    url: str
    title: SafeString
    dates: str
    host: SafeString | None  # None: no host country
    mode: str
    status: str
    status_label: str


@functools.lru_cache(maxsize=64)
def _url_template(language: str | None, script_prefix: str, resolver) -> tuple[str, str]:
    """A meeting's address around its slug, from get_absolute_url() once per language, script
    prefix and URL configuration instead of reverse() per card (about 25 us each)."""
    url = Meeting(slug=_SLUG_PLACEHOLDER).get_absolute_url()
    before, _placeholder, after = url.partition(_SLUG_PLACEHOLDER)
    return before, after


# The labels of the modes and statuses, as get_mode_display() and get_status_display() show
# them (lazy: translated when shown), for meetings read as plain rows.
_MODES = dict(Meeting.Mode.choices)
_STATUSES = dict(Meeting.Status.choices)


def _label(labels: dict, value: str) -> str:
    return force_str(labels.get(value, value), strings_only=True)


def _card(meeting: Meeting | MeetingCardRow, url_around: tuple[str, str]) -> MeetingCard:
    slug = meeting.slug
    # A slug the URL pattern would refuse goes through get_absolute_url(), which says so.
    url = (
        f"{url_around[0]}{slug}{url_around[1]}"
        if _PLAIN_SLUG.fullmatch(slug)
        else Meeting(slug=slug).get_absolute_url()
    )
    dates = format_date_range(meeting.starts_on, meeting.ends_on, meeting.date_precision or "day")
    host = meeting.host_country
    return MeetingCard(
        url=url,
        title=show(meeting, "title"),
        dates=mark_inferred(dates) if meeting.date_is_inferred else dates,
        host=None if host is None else show(host, "name", compact=True),
        mode=_label(_MODES, meeting.mode),
        status=meeting.status,
        status_label=_label(_STATUSES, meeting.status),
    )


def meeting_card_list(meetings: Iterable[Meeting | MeetingCardRow]) -> list[MeetingCard]:
    """What each meeting's card shows, in the active language: from meetings (their
    MEETING_CARD_FIELDS) or from `meeting_card_rows`."""
    url_around = _url_template(get_language(), get_script_prefix(), get_resolver(get_urlconf()))
    return [_card(meeting, url_around) for meeting in meetings]


@register.inclusion_tag("meetings/includes/meeting_cards.html")
def meeting_cards(meetings: Iterable[Meeting | MeetingCardRow]) -> dict:
    return {"cards": meeting_card_list(meetings)}
