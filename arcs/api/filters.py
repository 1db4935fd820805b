"""Query parameters of the ARC list (docs/api.md)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accsm_portal.core.selectors import member_state_list
from accsm_portal.lib.api import DateFilter, RecordChoiceFilter, RecordFilterSet
from arcs.models import ResourceCentre, ThemePeriod


class ResourceCentreFilterSet(RecordFilterSet):
    member_state = RecordChoiceFilter(
        selector=member_state_list,
        to_field_name="code",
        uppercase=True,
        field_name="country",
        help_text=_("ISO 3166 code of the member state."),
    )
    theme_on = DateFilter(
        method="filter_theme_on", help_text=_("ARCs with a published theme on this date.")
    )

    class Meta:
        model = ResourceCentre
        fields = ["member_state", "theme_on"]

    def filter_theme_on(self, queryset: QuerySet, name: str, value) -> QuerySet:
        periods = ThemePeriod.objects.published().filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=value),
            centre=OuterRef("pk"),
            starts_on__lte=value,
        )
        return queryset.filter(Exists(periods))
