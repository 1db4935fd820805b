"""The ARC directory as a spreadsheet (`/<lang>/arcs/export.xlsx`): published centres in
ASEAN order, in the page's language (accsm_portal/lib/spreadsheets.py)."""

from collections.abc import Iterable

from django.http import HttpRequest
from django.utils.translation import gettext as _

from accsm_portal.core.selectors import public_text
from accsm_portal.lib.i18n import translated
from accsm_portal.lib.spreadsheets import Column, PartialDate, Sheet
from arcs.models import ResourceCentre


def resource_centre_sheet(request: HttpRequest, centres: Iterable[ResourceCentre]) -> Sheet:
    """One row per centre read by resource_centre_list_public() (themes prefetched, oldest
    first: the last one is the current theme)."""
    columns = [
        Column(_("Member state"), 18),
        Column(_("ASEAN Resource Centre"), 50),
        Column(_("Host organisation"), 40),
        Column(_("Current theme"), 50),
        Column(_("Theme since"), 12),
        Column(_("Established"), 12),
        Column(_("Established at"), 40),
        Column(_("Web page"), 50),
    ]
    rows = []
    for centre in centres:
        themes = list(centre.theme_periods.all())
        theme = themes[-1] if themes else None
        rows.append(
            [
                public_text(centre.country, "name"),
                translated(centre, "name").value,
                public_text(centre.host_organisation, "name"),
                translated(theme, "theme").value if theme else "",
                PartialDate(theme.starts_on, theme.date_precision) if theme else None,
                PartialDate(centre.established_on, centre.established_precision)
                if centre.established_on
                else None,
                public_text(centre.established_at, "title"),
                request.build_absolute_uri(centre.get_absolute_url()),
            ]
        )
    return Sheet(_("ASEAN Resource Centres"), columns, rows)
