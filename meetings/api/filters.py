"""Query parameters of the meetings list (docs/api.md lists them)."""

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accsm_portal.core.selectors import country_list_public
from accsm_portal.lib.api import (
    DateFilter,
    IntegerFilter,
    RecordChoiceFilter,
    RecordFilterSet,
    choice_filter,
)
from meetings.models import Meeting
from meetings.selectors import series_list_public


class MeetingFilterSet(RecordFilterSet):
    series = RecordChoiceFilter(selector=series_list_public, help_text=_("Slug of the series."))
    kind = choice_filter(Meeting.Kind.choices, "kind", _("Kind of meeting."))
    cycle = IntegerFilter(
        field_name="cycle__number",
        min_value=1,
        max_value=999,
        help_text=_("Number of the chairmanship cycle (21 for ACCSM 21)."),
    )
    host_country = RecordChoiceFilter(
        selector=country_list_public,
        to_field_name="code",
        uppercase=True,
        help_text=_("ISO 3166 code of the host country."),
    )
    year = IntegerFilter(
        field_name="starts_on__year",
        min_value=1000,
        max_value=2999,
        help_text=_("Year the meeting starts in."),
    )
    date_from = DateFilter(
        method="filter_dates", help_text=_("Meetings still going on or after this date.")
    )
    date_to = DateFilter(
        method="filter_dates", help_text=_("Meetings that start on or before this date.")
    )
    mode = choice_filter(Meeting.Mode.choices, "mode", _("In person, video or hybrid."))
    status = choice_filter(Meeting.Status.choices, "status", _("Status of the meeting."))

    class Meta:
        model = Meeting
        fields = ["series", "kind", "cycle", "host_country", "year", "mode", "status"]

    def filter_dates(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # Both ends are applied together in filter_queryset, where they can be compared.
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        date_from = self.form.cleaned_data.get("date_from")
        date_to = self.form.cleaned_data.get("date_to")
        if date_from and date_to and date_to < date_from:
            raise serializers.ValidationError(
                {"date_to": [_("The end of the range is before its start.")]}
            )
        queryset = super().filter_queryset(queryset)
        if date_from:
            # A meeting overlaps the range when it ends (or, single-day, starts) on or after it.
            queryset = queryset.alias(last_day=Coalesce("ends_on", "starts_on")).filter(
                last_day__gte=date_from
            )
        if date_to:
            queryset = queryset.filter(Q(starts_on__lte=date_to))
        return queryset
