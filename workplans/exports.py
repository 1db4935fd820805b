"""A work plan's activities as a spreadsheet (`/<lang>/workplans/<slug>/activities.xlsx`): the
published activities of a published plan, in the page's language
(accsm_portal/lib/spreadsheets.py)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from accsm_portal.core.models import PublicationState
from accsm_portal.core.selectors import public_text
from accsm_portal.lib.i18n import translated
from accsm_portal.lib.spreadsheets import Column, PartialDate, Sheet
from workplans.models import Activity, PriorityArea, Track, WorkPlan


def _area(area: PriorityArea | None) -> str:
    # The plan is published (the view found it through its selector), so an area is shown
    # when it is published itself: checked here without loading its plan again.
    if area is None or area.publication_state != PublicationState.PUBLISHED:
        return ""
    return f"{area.number}. {translated(area, 'title').value}"


def _names(records) -> str:
    return ", ".join(name for name in (public_text(r, "name") for r in records) if name)


def _date(activity: Activity, value) -> PartialDate | None:
    return PartialDate(value, activity.date_precision) if value else None


def activity_sheet(request: HttpRequest, plan: WorkPlan) -> Sheet:
    """One row per published activity of a plan read by work_plan_detail_public()."""
    columns = [
        Column(_("Track"), 12),
        Column(_("Priority area"), 40),
        Column(_("Activity"), 50),
        Column(_("Lead country"), 18),
        Column(_("Co-lead countries"), 24),
        Column(_("Partners"), 30),
        Column(_("Status"), 14),
        Column(_("Planned start"), 12),
        Column(_("Planned end"), 12),
        Column(_("Actual start"), 12),
        Column(_("Actual end"), 12),
        Column(_("Proposed at"), 40),
        Column(_("Web page"), 50),
    ]
    rows = (
        [
            Track(activity.track).label,
            _area(activity.priority_area),
            translated(activity, "title").value,
            public_text(activity.lead_country, "name"),
            ", ".join(
                filter(None, (public_text(c, "name") for c in activity.co_lead_countries.all()))
            ),
            ", ".join(filter(None, (public_text(o, "name") for o in activity.partners.all()))),
            activity.get_status_display(),
            _date(activity, activity.planned_start),
            _date(activity, activity.planned_end),
            _date(activity, activity.actual_start),
            _date(activity, activity.actual_end),
            public_text(activity.proposed_at, "title"),
            request.build_absolute_uri(activity.get_absolute_url()),
        ]
        for activity in plan.activities.all()
    )
    return Sheet(_("Activities"), columns, rows)
