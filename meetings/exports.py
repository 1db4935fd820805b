"""The meetings list as a spreadsheet (`/<lang>/meetings/export.xlsx`): the same published
meetings and filters as the page, in the page's language (accsm_portal/lib/spreadsheets.py)."""

from collections.abc import Iterable

from django.http import HttpRequest
from django.utils.translation import gettext as _

from accsm_portal.core.selectors import public_text
from accsm_portal.lib.i18n import translated
from accsm_portal.lib.spreadsheets import Column, PartialDate, Sheet
from meetings.models import Meeting


def meeting_sheet(request: HttpRequest, meetings: Iterable[Meeting]) -> Sheet:
    """One row per meeting read through the visibility selector (meeting_list_filtered)."""
    columns = [
        Column(_("Title"), 50),
        Column(_("Series"), 30),
        Column(_("Kind"), 24),
        Column(_("Number"), 10),
        Column(_("Starts"), 12),
        Column(_("Ends"), 12),
        Column(_("Mode"), 14),
        Column(_("Host country"), 20),
        Column(_("City"), 18),
        Column(_("Host organisation"), 30),
        Column(_("Chair"), 26),
        Column(_("Status"), 14),
        Column(_("Web page"), 50),
    ]
    rows = (
        [
            translated(meeting, "title").value,
            public_text(meeting.series, "name"),
            meeting.get_kind_display(),
            meeting.number,
            PartialDate(meeting.starts_on, meeting.date_precision),
            PartialDate(meeting.ends_on, meeting.date_precision) if meeting.ends_on else None,
            meeting.get_mode_display(),
            public_text(meeting.host_country, "name"),
            translated(meeting, "city").value,
            public_text(meeting.host_organisation, "name"),
            public_text(meeting.chair, "name"),
            meeting.get_status_display(),
            request.build_absolute_uri(meeting.get_absolute_url()),
        ]
        for meeting in meetings
    )
    return Sheet(_("Meetings"), columns, rows)
