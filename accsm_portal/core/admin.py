"""Admin pages of the reference records: countries, organisations, people, documents, sources."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accsm_portal.core import roles
from accsm_portal.core.admin_base import (
    PlainRecordAdmin,
    PlainRecordInline,
    RecordAdmin,
    RecordInline,
)
from accsm_portal.core.models import (
    Citation,
    Country,
    Document,
    DocumentFile,
    FocalPoint,
    Organisation,
    Person,
    Position,
    Source,
    TranslationReview,
    UserPreference,
)
from accsm_portal.core.selectors import translation_review_list_for
from accsm_portal.core.services import translation_review_clear

# The admin's frame names the portal, in the editor's language, instead of "Django administration".
admin.site.site_header = _("ACCSM Records Portal administration")
admin.site.site_title = _("ACCSM records")
admin.site.index_title = _("Records of the secretariat")


@admin.register(Country)
class CountryAdmin(RecordAdmin):
    list_display = ("name", "code", "standing")
    list_filter = ("standing",)
    search_fields = ("name", "code")


@admin.register(Organisation)
class OrganisationAdmin(RecordAdmin):
    list_display = ("name", "acronym", "kind", "country")
    list_filter = ("kind", "country")
    list_select_related = ("country",)
    search_fields = ("name", "acronym", "slug")
    autocomplete_fields = ("country", "parent")


class PositionInline(RecordInline):
    model = Position
    fk_name = "person"
    fields = ("organisation", "title", "starts_on", "ends_on", "as_of")
    autocomplete_fields = ("organisation",)


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    list_display = ("name", "honorific")
    search_fields = ("name", "slug")
    inlines = (PositionInline,)


@admin.register(Position)
class PositionAdmin(RecordAdmin):
    list_display = ("person", "title", "organisation", "starts_on", "ends_on")
    list_select_related = ("person", "organisation")
    search_fields = ("title", "person__name", "organisation__name")
    autocomplete_fields = ("person", "organisation")


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = ("title", "publisher", "language", "published_on")
    list_filter = ("language", "publisher")
    list_select_related = ("publisher",)
    search_fields = ("title", "reference", "url")
    autocomplete_fields = ("publisher",)
    date_hierarchy = "published_on"


@admin.register(Citation)
class CitationAdmin(RecordAdmin):
    list_display = ("source", "content_type", "object_uid")
    list_filter = ("content_type",)
    list_select_related = ("source", "content_type")
    search_fields = ("source__title", "object_uid")
    autocomplete_fields = ("source",)
    # Citations are not Records: no publication state of their own.
    record_list_filter = (RecordAdmin.record_list_filter[0],)
    actions = []

    def get_list_display(self, request):
        return [*self.list_display, "translation_status"]


class DocumentFileInline(PlainRecordInline):
    model = DocumentFile
    fields = ("language", "file", "url", "publication_state")


@admin.register(Document)
class DocumentAdmin(RecordAdmin):
    list_display = ("title", "kind", "status", "access", "dated")
    list_filter = ("kind", "status", "access", "author")
    list_select_related = ("author",)
    search_fields = ("title", "slug")
    autocomplete_fields = ("author", "initiated_by", "superseded_by")
    date_hierarchy = "dated"
    inlines = (DocumentFileInline,)


@admin.register(DocumentFile)
class DocumentFileAdmin(PlainRecordAdmin):
    list_display = ("document", "language")
    list_filter = ("language",)
    list_select_related = ("document",)
    search_fields = ("document__title",)
    autocomplete_fields = ("document",)


@admin.register(UserPreference)
class UserPreferenceAdmin(SimpleHistoryAdmin):
    """Each account's organisation and e-mail language (action item reminders)."""

    list_display = ("user", "organisation", "language")
    list_select_related = ("user", "organisation")
    search_fields = ("user__username", "user__email", "organisation__name_en")
    autocomplete_fields = ("user", "organisation")


@admin.register(FocalPoint)
class FocalPointAdmin(SimpleHistoryAdmin):
    """Which member state each focal-point account edits for (core/roles.py)."""

    # The records' list template and styles, so that this list fits the screen like theirs.
    change_list_template = "admin/accsm/change_list.html"

    class Media:
        css = {"all": ("admin/accsm/admin.css",)}

    list_display = ("user", "country")
    list_select_related = ("user", "country")
    search_fields = ("user__username", "country__name_en", "country__code")
    autocomplete_fields = ("user", "country")


@admin.register(TranslationReview)
class TranslationReviewAdmin(SimpleHistoryAdmin):
    """Translations waiting for review; a translator sees only their own languages' marks.

    Marks are made from the record lists ("Mark my translation ... for review") and cleared
    here by publishers, both through core/services.py."""

    list_display = ("record_link", "content_type", "language", "marked_by", "marked_at")
    list_filter = ("language",)
    list_select_related = ("content_type", "marked_by")
    actions = ["clear_selected"]
    change_list_template = "admin/accsm/change_list.html"

    class Media:
        css = {"all": ("admin/accsm/admin.css",)}

    def get_queryset(self, request):
        return translation_review_list_for(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_publish_permission(self, request) -> bool:
        return roles.can_publish(request.user)

    @admin.display(description=_("record"))
    def record_link(self, obj):
        model = obj.content_type.model_class()
        if model is None:
            return obj.object_id
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.object_id])
        return format_html('<a href="{}">{} {}</a>', url, opts.verbose_name, obj.object_id)

    @admin.action(description=_("Clear the selected review marks"), permissions=["publish"])
    def clear_selected(self, request, queryset):
        count = 0
        for review in queryset:
            translation_review_clear(review=review, user=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d review mark cleared.", "%(count)d review marks cleared.", count)
            % {"count": count},
            messages.SUCCESS,
        )
