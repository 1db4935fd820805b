"""Query parameters of the work plan, priority area and activity lists (docs/api.md)."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accsm_portal.core.selectors import country_list_public
from accsm_portal.lib.api import IntegerFilter, RecordChoiceFilter, RecordFilterSet, choice_filter
from workplans.models import Activity, PriorityArea, Track, WorkPlan
from workplans.selectors import priority_area_list_public, work_plan_list_public


def work_plan_filter() -> RecordChoiceFilter:
    return RecordChoiceFilter(selector=work_plan_list_public, help_text=_("Slug of the work plan."))


class WorkPlanFilterSet(RecordFilterSet):
    scope = choice_filter(WorkPlan.Scope.choices, "scope", _("Track of the work plan."))
    year = IntegerFilter(
        method="filter_year",
        min_value=1000,
        max_value=2999,
        help_text=_("Work plans in force in this year."),
    )

    class Meta:
        model = WorkPlan
        fields = ["scope", "year"]

    def filter_year(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(starts_year__lte=value, ends_year__gte=value)


class PriorityAreaFilterSet(RecordFilterSet):
    work_plan = work_plan_filter()
    track = choice_filter(Track.choices, "track", _("ACCSM or ACCSM+3."))

    class Meta:
        model = PriorityArea
        fields = ["work_plan", "track"]


class ActivityFilterSet(RecordFilterSet):
    work_plan = work_plan_filter()
    priority_area = RecordChoiceFilter(
        selector=priority_area_list_public,
        to_field_name="uid",
        help_text=_("Id of the priority area."),
    )
    track = choice_filter(Track.choices, "track", _("ACCSM or ACCSM+3."))
    lead_country = RecordChoiceFilter(
        selector=country_list_public,
        to_field_name="code",
        uppercase=True,
        help_text=_("ISO 3166 code of the lead country."),
    )
    status = choice_filter(Activity.Status.choices, "status", _("Status of the activity."))

    class Meta:
        model = Activity
        fields = ["work_plan", "priority_area", "track", "lead_country", "status"]
