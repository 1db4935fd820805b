"""Admin pages of the reference records: countries, organisations, people, documents, sources."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accsm_portal.core import roles
from accsm_portal.core.admin_base import (
    PlainRecordAdmin,
    PlainRecordInline,
    RecordAdmin,
    RecordInline,
)
from accsm_portal.core.import_jobs import import_job_confirm, import_job_model
from accsm_portal.core.models import (
    Citation,
    Country,
    Document,
    DocumentFile,
    FocalPoint,
    ImportJob,
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

    # simple-history opens a record's history by its id, past get_queryset(): another
    # language's mark must stay as hidden there as in the list.
    def history_view(self, request, object_id, extra_context=None):
        self._404_unless_listed(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._404_unless_listed(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _404_unless_listed(self, request, object_id) -> None:
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

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


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """ "Spreadsheet imports": each editor's big imports (core/import_jobs.py), their progress,
    preview and confirmation. A job's page is its status page; nobody edits a job by hand, and
    an editor sees only their own."""

    list_display = ("file_name", "model_name", "status", "progress", "created_at", "finished_at")
    list_filter = ("status",)
    status_template = "admin/accsm/import_job.html"
    preview_rows_per_page = 100

    def get_queryset(self, request):
        jobs = super().get_queryset(request).defer("rows").select_related("user")
        return jobs if request.user.is_superuser else jobs.filter(user=request.user)

    # Any staff member may list their own imports; starting one is the record admin's
    # has_import_permission, and confirming asks it again.
    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        if not self.has_module_permission(request):
            return False
        return obj is None or request.user.is_superuser or obj.user_id == request.user.pk

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("kind of record"))
    def model_name(self, job: ImportJob) -> str:
        return capfirst(import_job_model(job)._meta.verbose_name_plural)

    @admin.display(description=_("progress"))
    def progress(self, job: ImportJob) -> str:
        return gettext("%(done)d of %(total)d rows") % {"done": job.done, "total": job.total}

    def get_urls(self):
        return [
            path(
                "<int:job_id>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="core_importjob_progress",
            ),
            path(
                "<int:job_id>/confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name="core_importjob_confirm",
            ),
            *super().get_urls(),
        ]

    def _job(self, request, job_id) -> ImportJob:
        job = self.get_queryset(request).filter(pk=job_id).first()
        if job is None or not self.has_view_permission(request, job):
            raise Http404
        return job

    def _record_admin(self, job: ImportJob):
        return self.admin_site._registry.get(import_job_model(job))

    def progress_view(self, request, job_id: int) -> JsonResponse:
        """What the status page's script polls every second (admin/accsm/import_progress.js)."""
        job = self._job(request, job_id)
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "done": job.done,
                "total": job.total,
                "label": self.progress_label(job),
                "running": job.is_running,
            }
        )

    @staticmethod
    def progress_label(job: ImportJob) -> str:
        if job.status == ImportJob.Status.CONFIRMED:
            return gettext("Writing %(total)d rows in one transaction…") % {"total": job.total}
        return gettext("%(done)d of %(total)d rows checked") % {
            "done": job.done,
            "total": job.total,
        }

    def confirm_view(self, request, job_id: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job(request, job_id)
        record_admin = self._record_admin(job)
        if (
            job.user_id != request.user.pk
            or record_admin is None
            or not record_admin.has_import_permission(request)
        ):
            raise PermissionDenied
        try:
            import_job_confirm(job=job, user=request.user)
        except ValidationError as exc:
            for problem in exc.messages:
                self.message_user(request, problem, messages.ERROR)
        return HttpResponseRedirect(reverse("admin:core_importjob_change", args=[job.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The status page: progress while the job runs, then the preview and "Confirm"."""
        job = self._job(request, object_id if str(object_id).isdigit() else None)
        model = import_job_model(job)
        show = request.GET.get("show", "all")
        rows = job.rows if show != "errors" else [r for r in job.rows if r["type"] == "error"]
        page = Paginator(rows, self.preview_rows_per_page).get_page(request.GET.get("p"))
        record_admin = self._record_admin(job)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import of %(file)s") % {"file": job.file_name},
            "opts": self.model._meta,
            "job": job,
            "record_opts": model._meta,
            "progress_label": self.progress_label(job),
            "summary": [
                (kind, label, job.summary.get(kind, 0))
                for kind, label in (
                    ("new", gettext("new")),
                    ("changed", gettext("changed")),
                    ("unchanged", gettext("unchanged")),
                    ("error", gettext("error")),
                )
            ],
            "row_labels": {
                "new": gettext("new"),
                "changed": gettext("changed"),
                "unchanged": gettext("unchanged"),
                "error": gettext("error"),
            },
            "show": show,
            "page_obj": page,
            "can_confirm": (
                job.status == ImportJob.Status.READY
                and not job.has_errors
                and job.user_id == request.user.pk
                and record_admin is not None
                and record_admin.has_import_permission(request)
            ),
            "media": self.media,
        }
        return TemplateResponse(request, self.status_template, context)

    class Media:
        css = {"all": ("admin/accsm/admin.css",)}
        js = ("admin/accsm/import_progress.js",)
