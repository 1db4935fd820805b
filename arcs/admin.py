"""Admin pages of ASEAN Resource Centres with their theme periods and self-assessments."""

from django.contrib import admin

from accsm_portal.core.admin_base import RecordAdmin, RecordInline
from accsm_portal.core.importing import ImportExportRecordMixin
from arcs.models import ResourceCentre, SelfAssessment, ThemePeriod
from arcs.resources import ResourceCentreResource, ThemePeriodResource


class ThemePeriodInline(RecordInline):
    model = ThemePeriod
    fields = ("theme", "starts_on", "ends_on", "date_precision", "as_stated", "source")
    autocomplete_fields = ("source",)
    country_path = "country"


class SelfAssessmentInline(RecordInline):
    model = SelfAssessment
    fields = ("year", "summary", "document")
    autocomplete_fields = ("document",)
    country_path = "country"


@admin.register(ResourceCentre)
class ResourceCentreAdmin(ImportExportRecordMixin, RecordAdmin):
    list_display = ("name", "country", "host_organisation", "established_on")
    list_filter = ("country",)
    list_select_related = ("country", "host_organisation")
    search_fields = ("name", "description", "slug", "country__name")
    autocomplete_fields = ("country", "host_organisation", "established_at")
    inlines = (ThemePeriodInline, SelfAssessmentInline)
    resource_classes = (ResourceCentreResource,)
    country_path = "country"


@admin.register(ThemePeriod)
class ThemePeriodAdmin(ImportExportRecordMixin, RecordAdmin):
    list_display = ("theme", "centre", "starts_on", "ends_on")
    list_filter = ("centre__country",)
    list_select_related = ("centre",)
    search_fields = ("theme", "as_stated", "note", "centre__name")
    autocomplete_fields = ("centre", "source")
    date_hierarchy = "starts_on"
    resource_classes = (ThemePeriodResource,)
    country_path = "centre__country"


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(RecordAdmin):
    list_display = ("__str__", "year")
    list_filter = ("year", "centre__country")
    list_select_related = ("centre",)
    search_fields = ("summary", "centre__name")
    autocomplete_fields = ("centre", "document")
    country_path = "centre__country"
