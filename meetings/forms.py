"""Forms of the meetings pages: the list's filters and the calendar's month."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from accsm_portal.lib.i18n import translated
from meetings.models import Meeting


class MeetingFilterForm(forms.Form):
    """The meetings list's filters. Each value is checked against what exists; a value that
    is not understood is reported and ignored, never passed to the query."""

    series = forms.ChoiceField(label=_("Series"), required=False)
    kind = forms.ChoiceField(label=_("Kind of meeting"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    host = forms.ChoiceField(label=_("Host country"), required=False)
    mode = forms.ChoiceField(label=_("Mode"), required=False)

    def __init__(self, *args, choices: dict[str, list], **kwargs) -> None:
        """`choices`: what `filter_choices()` returned, in the active language."""
        super().__init__(*args, **kwargs)
        self.fields["series"].choices = [("", _("All series")), *choices["series"]]
        self.fields["kind"].choices = [("", _("All kinds")), *Meeting.Kind.choices]
        self.fields["year"].choices = [("", _("All years")), *choices["years"]]
        self.fields["host"].choices = [("", _("All countries")), *choices["host"]]
        self.fields["mode"].choices = [("", _("All modes")), *Meeting.Mode.choices]

    @staticmethod
    def filter_choices(*, series_list, countries, years) -> dict[str, list]:
        """The choices read from the records, as plain values and labels in the active language
        (the same for every reader until a record changes, so the view may keep them)."""
        return {
            "series": [
                (s.slug, translated(s, "acronym").value or translated(s, "name").value)
                for s in series_list
            ],
            "years": [(y, y) for y in years],
            "host": [(c.code.lower(), translated(c, "name").value) for c in countries],
        }

    def valid_filters(self) -> dict:
        """The filters that passed validation; invalid ones are dropped (and reported)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value not in ("", None)}


MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str | None, today: datetime.date) -> tuple[datetime.date, bool]:
    """The first day of the month named "YYYY-MM", and whether the value was understood
    (an invalid or absent value gives the current month)."""
    if not value:
        return today.replace(day=1), True
    match = MONTH_RE.match(value)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1900 <= year <= 2200 and 1 <= month <= 12:
            return datetime.date(year, month, 1), True
    return today.replace(day=1), False
