"""Admin pages of meetings: series, chairmanship cycles, meetings with their agenda, delegations
and outcomes, and the parts on their own pages for search and history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accsm_portal.core.admin_base import ReadOnlyTabularInline, RecordAdmin, RecordInline
from accsm_portal.core.importing import ImportExportRecordMixin
from meetings.models import (
    ActionItem,
    ActionItemReminder,
    AgendaItem,
    ChairmanshipCycle,
    Delegation,
    DelegationMember,
    Handover,
    Meeting,
    Outcome,
    OverdueDigest,
    Series,
)
from meetings.resources import MeetingResource
from meetings.services import meeting_set_publication


@admin.register(Series)
class SeriesAdmin(RecordAdmin):
    list_display = ("name", "acronym", "kind", "country")
    list_filter = ("kind", "country")
    list_select_related = ("country",)
    search_fields = ("name", "acronym", "slug")
    autocomplete_fields = ("organisation", "country")


@admin.register(ChairmanshipCycle)
class ChairmanshipCycleAdmin(RecordAdmin):
    list_display = ("__str__", "chair_country", "chair_organisation", "starts_year", "ends_year")
    list_filter = ("series", "chair_country")
    list_select_related = ("series", "chair_country", "chair_organisation")
    search_fields = ("series__name", "series__acronym", "chair_country__name")
    autocomplete_fields = ("series", "chair_country", "chair_organisation")


@admin.register(Handover)
class HandoverAdmin(RecordAdmin):
    list_display = ("__str__", "meeting")
    list_select_related = (
        "from_cycle__series",
        "to_cycle__series",
        "meeting",
    )
    search_fields = ("note", "from_cycle__series__name")
    autocomplete_fields = ("from_cycle", "to_cycle", "meeting")


class AgendaItemInline(RecordInline):
    model = AgendaItem
    fields = ("order", "title", "description", "documents", "priority_areas")
    autocomplete_fields = ("documents", "priority_areas")


class DelegationInline(RecordInline):
    model = Delegation
    fields = ("country", "organisation", "head", "size", "women", "note")
    autocomplete_fields = ("country", "organisation", "head")


class OutcomeInline(RecordInline):
    model = Outcome
    fields = ("order", "kind", "text", "documents", "activities")
    autocomplete_fields = ("documents", "activities")


class ActionItemInline(RecordInline):
    model = ActionItem
    fields = ("text", "responsible", "due_on", "due_is_inferred", "due_note", "status")
    autocomplete_fields = ("responsible",)


class ActionItemReminderInline(ReadOnlyTabularInline):
    """Every reminder sent about the action item (meetings.services.action_item_reminders_send)."""

    model = ActionItemReminder
    fields = ("kind", "due_on", "recipient", "email", "language", "sent_at")


class PublishWithPartsMixin:
    def set_publication(self, request, obj, state):
        obj._history_user = request.user
        return meeting_set_publication(meeting=obj, state=state)


@admin.register(Meeting)
class MeetingAdmin(PublishWithPartsMixin, ImportExportRecordMixin, RecordAdmin):
    # Fits a 1024 px screen: the number is in the title ("21st ACCSM") and the kind follows the
    # series, so both are filters, not columns (tests/browser/test_admin_changelists.py).
    list_display = ("title", "series", "starts_on", "host_country", "status")
    list_filter = ("series", "kind", "status", "mode", "host_country")
    list_select_related = ("series", "host_country")
    search_fields = ("title", "city", "slug", "series__name", "series__acronym")
    autocomplete_fields = (
        "series",
        "cycle",
        "host_country",
        "host_organisation",
        "chair",
        "parent",
        "previous",
    )
    date_hierarchy = "starts_on"
    fieldsets = (
        (None, {"fields": ("series", "cycle", "kind", "number", "title", "parent", "previous")}),
        (
            _("Dates"),
            {"fields": ("starts_on", "ends_on", "date_precision", "date_is_inferred", "date_note")},
        ),
        (
            _("Place and attendance"),
            {
                "fields": (
                    "status",
                    "mode",
                    "host_country",
                    "host_organisation",
                    "city",
                    "chair",
                    "attendance",
                    "attendance_note",
                )
            },
        ),
        (_("Summary"), {"fields": ("summary",)}),
        (_("Language and publication"), {"fields": ("original_language", "publication_state")}),
        (
            _("Record"),
            {"fields": ("slug", "uid", "created_at", "updated_at"), "classes": ["collapse"]},
        ),
    )
    inlines = (AgendaItemInline, DelegationInline, OutcomeInline)
    resource_classes = (MeetingResource,)


@admin.register(AgendaItem)
class AgendaItemAdmin(RecordAdmin):
    list_display = ("__str__", "meeting")
    list_filter = ("meeting__series",)
    list_select_related = ("meeting",)
    search_fields = ("title", "meeting__title")
    autocomplete_fields = ("meeting", "documents", "priority_areas")


class DelegationMemberInline(RecordInline):
    model = DelegationMember
    fields = ("order", "person", "role")
    autocomplete_fields = ("person",)
    country_path = "country"


@admin.register(Delegation)
class DelegationAdmin(RecordAdmin):
    list_display = ("__str__", "meeting", "head", "size", "women")
    list_filter = ("country", "meeting__series")
    list_select_related = ("meeting", "country", "organisation", "head")
    search_fields = ("country__name", "organisation__name", "meeting__title")
    autocomplete_fields = ("meeting", "country", "organisation", "head")
    inlines = (DelegationMemberInline,)
    country_path = "country"


@admin.register(DelegationMember)
class DelegationMemberAdmin(RecordAdmin):
    list_display = ("__str__", "delegation")
    list_select_related = ("person", "delegation__country", "delegation__organisation")
    search_fields = ("person__name", "role")
    autocomplete_fields = ("delegation", "person")
    country_path = "delegation__country"


@admin.register(Outcome)
class OutcomeAdmin(RecordAdmin):
    list_display = ("__str__", "meeting", "kind")
    list_filter = ("kind", "meeting__series")
    list_select_related = ("meeting",)
    search_fields = ("text", "meeting__title")
    autocomplete_fields = ("meeting", "documents", "activities")
    inlines = (ActionItemInline,)


@admin.register(ActionItem)
class ActionItemAdmin(RecordAdmin):
    list_display = ("__str__", "responsible", "due_on", "status")
    list_filter = ("status", "responsible")
    list_select_related = ("responsible",)
    search_fields = ("text", "due_note")
    autocomplete_fields = ("outcome", "responsible")
    # The reminders sent about the item (meetings.services.action_item_reminders_send).
    inlines = (ActionItemReminderInline,)


@admin.register(OverdueDigest)
class OverdueDigestAdmin(admin.ModelAdmin):
    """The weekly lists of overdue action items sent to the secretariat."""

    list_display = ("week_of", "item_count", "recipients", "sent_at")
    readonly_fields = list_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
