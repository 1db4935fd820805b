"""Admin pages of the reference records: countries, organisations, people, documents, sources."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
)

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
