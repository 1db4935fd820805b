"""Admin pages of work plans with their priority areas, activities and reported progress."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accsm_portal.core.admin_base import RecordAdmin, RecordInline
from accsm_portal.core.importing import ImportExportRecordMixin
from workplans.models import Activity, PriorityArea, ProgressReport, WorkPlan
from workplans.resources import ActivityResource


class PriorityAreaInline(RecordInline):
    model = PriorityArea
    fields = ("track", "number", "title", "description")


@admin.register(WorkPlan)
class WorkPlanAdmin(RecordAdmin):
    list_display = ("title", "scope", "starts_year", "ends_year", "adopted_at")
    list_filter = ("scope",)
    list_select_related = ("adopted_at",)
    search_fields = ("title", "slug")
    autocomplete_fields = ("adopted_at", "document")
    inlines = (PriorityAreaInline,)


@admin.register(PriorityArea)
class PriorityAreaAdmin(RecordAdmin):
    list_display = ("__str__", "work_plan", "track")
    list_filter = ("work_plan", "track")
    list_select_related = ("work_plan",)
    search_fields = ("title", "description")
    autocomplete_fields = ("work_plan",)


class ActivityAdminForm(forms.ModelForm):
    """Applies the co-lead rule of activity_set_co_leads (member states; Plus Three countries
    on ACCSM+3 activities) to the admin form, as a form error before anything is saved."""

    def clean(self):
        cleaned = super().clean()
        countries = cleaned.get("co_lead_countries")
        if countries and "co_lead_countries" in self.fields:
            self.instance.track = cleaned.get("track", self.instance.track)
            try:
                self.instance.validate_co_leads(list(countries))
            except ValidationError as exc:
                self.add_error("co_lead_countries", exc.message_dict["co_lead_countries"])
        return cleaned


@admin.register(Activity)
class ActivityAdmin(ImportExportRecordMixin, RecordAdmin):
    form = ActivityAdminForm
    list_display = ("title", "work_plan_years", "track", "priority_area", "lead_country", "status")
    list_filter = ("work_plan", "track", "status", "lead_country")
    list_select_related = ("work_plan", "priority_area", "lead_country")
    search_fields = ("title", "description", "slug", "lead_country__name")
    autocomplete_fields = (
        "work_plan",
        "priority_area",
        "lead_country",
        "co_lead_countries",
        "partners",
        "proposed_at",
        "reported_at",
        "outputs",
    )
    resource_classes = (ActivityResource,)
    country_path = "lead_country"

    @admin.display(description=_("work plan"), ordering="work_plan__starts_year")
    def work_plan_years(self, obj: Activity) -> str:
        # The work plan's full title would fill the row; its years name it as editors do.
        return f"{obj.work_plan.starts_year}\u2013{obj.work_plan.ends_year}"  # an en dash


@admin.register(ProgressReport)
class ProgressReportAdmin(RecordAdmin):
    list_display = ("__str__", "work_plan", "track", "completed", "planned")
    list_filter = ("work_plan", "track")
    list_select_related = ("meeting", "work_plan")
    search_fields = ("label", "note", "meeting__title")
    autocomplete_fields = ("meeting", "work_plan", "priority_area")
