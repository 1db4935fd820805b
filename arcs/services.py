"""Writes on ARCs: a theme revision adds a period and closes the previous one."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accsm_portal.core.models import Source
from accsm_portal.core.services import record_save
from arcs.models import ResourceCentre, ThemePeriod


@transaction.atomic
def theme_period_revise(
    *,
    centre: ResourceCentre,
    starts_on: datetime.date,
    themes: dict[str, str],
    original_language: str,
    source: Source | None = None,
    date_precision: str = ThemePeriod._meta.get_field("date_precision").default,
) -> ThemePeriod:
    """Give an ARC a new theme from `starts_on`: the open period ends the day before, so the
    history is kept and never overwritten. `themes` maps language codes to the theme's text."""
    current = (
        ThemePeriod.objects.select_for_update()
        .filter(centre=centre, ends_on__isnull=True)
        .order_by("-starts_on")
        .first()
    )
    if current is not None:
        if current.starts_on >= starts_on:
            raise ValidationError(
                {"starts_on": _("A new theme must start after the current one began.")}
            )
        current.ends_on = starts_on - datetime.timedelta(days=1)
        record_save(record=current, reason="Closed by a theme revision")
    period = ThemePeriod(
        centre=centre,
        starts_on=starts_on,
        date_precision=date_precision,
        source=source,
        original_language=original_language,
        publication_state=centre.publication_state,
        **{f"theme_{code}": text for code, text in themes.items()},
    )
    return record_save(record=period, reason="Theme revision")
