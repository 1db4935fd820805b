"""Writes on work plans and activities."""

import datetime

from django.db import transaction

from accsm_portal.core.models import Country
from accsm_portal.core.services import record_save
from workplans.models import Activity


@transaction.atomic
def activity_set_co_leads(*, activity: Activity, countries: list[Country]) -> Activity:
    """Set the co-lead countries: member states, and Plus Three countries on ACCSM+3 activities."""
    activity.validate_co_leads(countries)
    activity.co_lead_countries.set(countries)
    return activity


@transaction.atomic
def activity_set_status(
    *, activity: Activity, status: str, on: datetime.date | None = None
) -> Activity:
    """Move an activity to a new status, recording when it started or was completed."""
    activity.status = status
    if status == Activity.Status.ONGOING and on and not activity.actual_start:
        activity.actual_start = on
    if status == Activity.Status.COMPLETED and on:
        activity.actual_end = on
        activity.actual_start = activity.actual_start or on
    return record_save(record=activity, reason=f"Status set to {status}")
