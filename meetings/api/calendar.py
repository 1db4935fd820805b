"""Meetings as an iCalendar feed (RFC 5545) that calendar programs subscribe to.

Meetings are dated, not timed, so each is an all-day event (VALUE=DATE) whose DTEND is the
day after the last day (DTEND is exclusive). A meeting known only to the month or the year
spans that whole month or year, is marked TRANSPARENT (it does not make anyone look busy) and
says in its description how precisely its date is known; X-ACCSM-DATE-PRECISION carries the
same for programs. Timestamps (DTSTAMP, CREATED, LAST-MODIFIED) are in UTC, so no VTIMEZONE is
needed; should meetings ever get times, `add_missing_timezones()` adds the portal's zone.
"""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accsm_portal.lib.i18n import translated
from meetings.models import Meeting

ICAL_STATUS = {
    Meeting.Status.SCHEDULED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.POSTPONED: "TENTATIVE",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def event_span(meeting: Meeting) -> tuple[datetime.date, datetime.date]:
    """The first day and the day after the last day, widened to the date's precision."""
    start = meeting.starts_on
    last = meeting.ends_on or meeting.starts_on
    if meeting.date_precision == "year":
        return datetime.date(start.year, 1, 1), datetime.date(last.year + 1, 1, 1)
    if meeting.date_precision == "month":
        after = datetime.date(last.year + last.month // 12, last.month % 12 + 1, 1)
        return datetime.date(start.year, start.month, 1), after
    return start, last + datetime.timedelta(days=1)


def event_uid(meeting: Meeting) -> str:
    """Stable for the life of the meeting: its public uid at the portal's host."""
    host = urlsplit(settings.SITE_URL).hostname or "accsm-portal"
    return f"{meeting.uid}@{host}"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def meeting_event(meeting: Meeting, *, language: str, portal_url: str | None) -> Event:
    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("dtstamp", _utc(meeting.updated_at))
    event.add("created", _utc(meeting.created_at))
    event.add("last-modified", _utc(meeting.updated_at))
    start, end = event_span(meeting)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", translated(meeting, "title", language).value)
    lines = []
    if meeting.date_precision != "day":
        lines.append(
            _("The exact dates are not known; the meeting was held in this month.")
            if meeting.date_precision == "month"
            else _("The exact dates are not known; the meeting was held in this year.")
        )
        event.add("transp", "TRANSPARENT")
        event.add("x-accsm-date-precision", meeting.date_precision)
    summary = translated(meeting, "summary", language).value
    if summary:
        lines.append(summary)
    if lines:
        event.add("description", "\n\n".join(lines))
    place = [translated(meeting, "city", language).value]
    if meeting.host_country_id and meeting.host_country.is_published:
        place.append(translated(meeting.host_country, "name", language).value)
    if any(place):
        event.add("location", ", ".join(p for p in place if p))
    if portal_url:
        event.add("url", portal_url)
    event.add("status", ICAL_STATUS.get(meeting.status, "CONFIRMED"))
    event.add("categories", [str(meeting.get_kind_display())])
    return event


def meeting_calendar(meetings: Iterable[Meeting], *, language: str, portal_url: callable) -> bytes:
    """The feed of these meetings in `language` (titles fall back like everywhere else)."""
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", "-//ACCSM Records Portal//API v1//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("ACCSM meetings"))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        for meeting in meetings:
            calendar.add_component(
                meeting_event(meeting, language=language, portal_url=portal_url(meeting))
            )
        calendar.add_missing_timezones()
        return calendar.to_ical()
