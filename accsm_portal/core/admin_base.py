"""The base of every admin page of the portal, so each app's admin.py only says what is its own.

`RecordAdmin` puts together:
- modeltranslation's tabbed editing (one tab per language, labelled with its native name),
- django-simple-history (history list, diff, revert) and a "deleted records" page with restore,
- the translation status (list column, "missing in" filter, indicator on the change form),
- a warning when a language's field holds another script (Lao text in a Khmer field),
- publish and unpublish actions that call the publication services,
- a preview: the record's own portal page, drafts included, through a signed expiring link,
- what permissions alone cannot say about the roles (core/roles.py): a translator edits only
  the columns of their language; a focal point only the records of their own country; only
  holders of core.publish_records change a publication state.
"""

from collections.abc import Iterable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from modeltranslation.translator import NotRegistered, translator
from simple_history.admin import SimpleHistoryAdmin

from accsm_portal.core import roles
from accsm_portal.core.admin_editing import (
    ConcurrentEditMixin,
    TranslateBesideMixin,
    TranslationReviewActionMixin,
)
from accsm_portal.core.admin_storage import StorageFailureMixin
from accsm_portal.core.models import PublicationState, Record
from accsm_portal.core.previews import preview_token_make
from accsm_portal.core.services import record_restore, record_set_publication
from accsm_portal.lib.i18n import LANGUAGE_CODES, missing_languages
from accsm_portal.lib.record_types import record_type_for
from accsm_portal.lib.scripts import KHMER, LAO, LATIN, script_mismatch

RECORD_META_FIELDS = ("uid", "created_at", "updated_at")
PUBLICATION_FIELDS = ("original_language", "publication_state")

SCRIPT_NAMES = {KHMER: _("Khmer"), LAO: _("Lao"), LATIN: _("Latin")}


def language_name(code: str) -> str:
    """A language's own name (ភាសាខ្មែរ, ພາສາລາວ, Tiếng Việt, English), as on the tabs."""
    return get_language_info(code)["name_local"]


def translated_names(model: type[models.Model]) -> tuple[str, ...]:
    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


def column_field_map(model: type[models.Model]) -> dict[str, tuple[str, str]]:
    """{"title_km": ("title", "km"), ...} for every language column of the model."""
    return {
        f"{name}_{code}": (name, code)
        for name in translated_names(model)
        for code in LANGUAGE_CODES
    }


def field_missing_q(name: str, language: str) -> Q:
    """Records whose translated field `name` has text in some language but not in `language`.

    Written as a query that works on SQLite and PostgreSQL: a column holds text when it is
    greater than the empty string (NULL is not). The translators' desk counts with it."""
    has_text_elsewhere = Q(pk__in=[])
    for code in LANGUAGE_CODES:
        if code != language:
            has_text_elsewhere |= Q(**{f"{name}_{code}__gt": ""})
    empty_here = ~Q(**{f"{name}_{language}__gt": ""}) | Q(**{f"{name}_{language}__isnull": True})
    return empty_here & has_text_elsewhere


def missing_in_q(model: type[models.Model], language: str) -> Q:
    """Records with a translated field that has text in some language but not in `language`:
    the same rule as lib/i18n.missing_languages(), written as a query."""
    condition = Q(pk__in=[])
    for name in translated_names(model):
        condition |= field_missing_q(name, language)
    return condition


def editable_field_names(model: type[models.Model]) -> list[str]:
    """The form fields of a model in declaration order, language columns in place of the
    translated field (title -> title_en, title_km, title_lo, title_vi)."""
    translated = set(translated_names(model))
    columns = column_field_map(model)
    names: list[str] = []
    for field in [*model._meta.fields, *model._meta.many_to_many]:
        if not field.editable or field.auto_created or field.primary_key:
            continue
        if field.name in columns:
            continue  # placed right after its translated field below
        if field.name in translated:
            names += [f"{field.name}_{code}" for code in LANGUAGE_CODES]
        else:
            names.append(field.name)
    return names


def record_country_id(obj: models.Model | None, country_path: str | None) -> int | None:
    """Follow "centre__country" from obj to the id of the country it belongs to."""
    if obj is None or not country_path:
        return None
    *steps, last = country_path.split("__")
    for step in steps:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


class MissingTranslationFilter(admin.SimpleListFilter):
    """Missing in: English / ភាសាខ្មែរ / ພາສາລາວ / Tiếng Việt."""

    title = _("missing translation")
    parameter_name = "missing_in"

    def lookups(self, request, model_admin):
        return [
            (code, gettext("Missing in %(language)s") % {"language": language_name(code)})
            for code in LANGUAGE_CODES
        ]

    def queryset(self, request, queryset):
        if self.value() in LANGUAGE_CODES:
            return queryset.filter(missing_in_q(queryset.model, self.value()))
        return queryset


class SafeModelChoiceField(forms.ModelChoiceField):
    """A related record chosen by id, where an id too large for the database (a forged post)
    is an invalid choice like any unknown id, not a server error."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError as exc:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from exc


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several related records by id; an id too large for the database is an invalid choice."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError as exc:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": "…"},
            ) from exc


def _valid_keys(widget, values) -> list:
    """The chosen keys that can be looked up at all: Django's autocomplete widget filters the
    database with the posted value when it redraws a refused form, and a key that is not a
    number there (or too large for the database) would be a server error instead of the
    field's own "not a valid choice"."""
    remote = widget.field.remote_field
    meta = remote.model._meta
    target = meta.get_field(getattr(remote, "field_name", None) or meta.pk.name)
    valid = []
    for value in values:
        try:
            key = target.to_python(value)
        except ValidationError:
            continue
        if isinstance(key, int) and not -(2**63) <= key < 2**63:
            continue
        valid.append(value)
    return valid


class SafeAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_keys(self, value), attr)


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_keys(self, value), attr)


class RoleAwareMixin:
    """The limits of the translator and focal-point roles, shared by pages and inlines.

    `country_path` names how a record reaches its country ("lead_country", "centre__country");
    a focal point edits only records whose country is theirs. Models without it are not edited
    by focal points at all (their role has no permission on them)."""

    country_path: str | None = None

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Addresses typed without a scheme are https (Django 6's default, chosen now).
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        if isinstance(db_field, models.ForeignKey):
            kwargs.setdefault("form_class", SafeModelChoiceField)
        elif isinstance(db_field, models.ManyToManyField):
            kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(getattr(formfield, "widget", None), "widget", None)
        if type(widget) is AutocompleteSelect:
            widget.__class__ = SafeAutocompleteSelect
        elif type(widget) is AutocompleteSelectMultiple:
            widget.__class__ = SafeAutocompleteSelectMultiple
        return formfield

    def translator_readonly(self, request: HttpRequest) -> list[str]:
        languages = roles.translator_languages(request.user)
        if languages is None:
            return []
        allowed = {
            column
            for column, (_name, code) in column_field_map(self.model).items()
            if code in languages
        }
        return [name for name in editable_field_names(self.model) if name not in allowed]

    def publication_readonly(self, request: HttpRequest) -> list[str]:
        fields = {f.name for f in self.model._meta.fields}
        if "publication_state" in fields and not roles.can_publish(request.user):
            return ["publication_state"]
        return []

    def focal_country(self, request: HttpRequest) -> int | None:
        return roles.focal_point_country_id(request.user)

    def focal_point_allows(self, request: HttpRequest, obj: models.Model | None) -> bool:
        """False when a focal point looks at a record of another country (or of none)."""
        country = self.focal_country(request)
        if country is None or obj is None:
            return True
        return record_country_id(obj, self.country_path) == country

    def limit_focal_choices(self, request: HttpRequest, db_field, formfield):
        """A focal point picks only their own country (or their country's records) where the
        field decides which country a record belongs to."""
        country = self.focal_country(request)
        if country is None or formfield is None or not self.country_path:
            return formfield
        first, *rest = self.country_path.split("__")
        if db_field.name == first:
            lookup = "__".join([*rest, "id"]) if rest else "id"
            formfield.queryset = formfield.queryset.filter(**{lookup: country})
        return formfield


class RecordInlineMixin(RoleAwareMixin):
    """A tabular inline of a record's parts, under the same role limits as the page.

    For an inline, `country_path` leads from the parent record to its country."""

    extra = 0
    show_change_link = True
    readonly_fields = ()

    def get_readonly_fields(self, request, obj=None):
        base = list(super().get_readonly_fields(request, obj))
        return [*base, *self.translator_readonly(request), *self.publication_readonly(request)]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.focal_point_allows(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.focal_point_allows(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.focal_point_allows(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self.limit_focal_choices(request, db_field, formfield)


class RecordInline(RecordInlineMixin, TranslationTabularInline):
    """The inline of a record kind with translated text (language tabs in each row)."""


class PlainRecordInline(RecordInlineMixin, admin.TabularInline):
    """The inline of a record kind without translated text (document files)."""


class RecordAdminMixin(RoleAwareMixin):
    """The admin page of a record; see the module docstring for what it brings."""

    change_form_template = "admin/accsm/change_form.html"
    change_list_template = "admin/accsm/change_list.html"
    deleted_records_template = "admin/accsm/deleted_records.html"
    list_per_page = 50
    # Records are edited in the editor's language first; the others follow in tabs.
    actions = ["publish_selected", "unpublish_selected"]
    # Subclasses list their own filters; these two close every list.
    record_list_filter: tuple = (MissingTranslationFilter, "publication_state")

    class Media:
        css = {"all": ("admin/accsm/admin.css",)}

    # ----- lists ---------------------------------------------------------------------------
    def get_list_display(self, request):
        return [*super().get_list_display(request), "translation_status", "publication_badge"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), *self.record_list_filter]

    def get_search_fields(self, request):
        # Search every language's column of the translated fields, not only the active one.
        columns = column_field_map(self.model)
        found: list[str] = []
        for name in super().get_search_fields(request):
            bare = name.lstrip("^=@")
            prefix = name[: len(name) - len(bare)]
            if bare in translated_names(self.model):
                found += [f"{prefix}{bare}_{code}" for code in LANGUAGE_CODES]
            elif bare in columns or "__" not in bare:
                found.append(name)
            else:
                # A relation's translated field ("lead_country__name") in every language.
                *steps, last = bare.split("__")
                related = self.model
                for step in steps:
                    related = related._meta.get_field(step).related_model
                if last in translated_names(related):
                    found += [f"{prefix}{bare}_{code}" for code in LANGUAGE_CODES]
                else:
                    found.append(name)
        return found

    @admin.display(description=_("translations"))
    def translation_status(self, obj: models.Model) -> str:
        missing = set(missing_languages(obj))
        return format_html(
            '<span class="accsm-langs">{}</span>',
            format_html_join(
                "",
                '<span class="accsm-lang accsm-lang--{}" title="{}" aria-label="{}">{}</span>',
                (
                    (
                        "missing" if code in missing else "complete",
                        label,
                        label,
                        code.upper(),
                    )
                    for code in LANGUAGE_CODES
                    for label in [self._status_label(code, code in missing)]
                ),
            ),
        )

    @staticmethod
    def _status_label(code: str, missing: bool) -> str:
        if missing:
            return gettext("%(language)s: translation missing") % {"language": language_name(code)}
        return gettext("%(language)s: complete") % {"language": language_name(code)}

    @admin.display(description=_("publication state"), ordering="publication_state")
    def publication_badge(self, obj: Record) -> str:
        return format_html(
            '<span class="accsm-state accsm-state--{}">{}</span>',
            obj.publication_state,
            obj.get_publication_state_display(),
        )

    # ----- forms ---------------------------------------------------------------------------
    def get_fieldsets(self, request, obj=None):
        if self.fieldsets:
            return super().get_fieldsets(request, obj)
        excluded = set(self.get_exclude(request, obj) or ())
        names = [
            n
            for n in editable_field_names(self.model)
            if n not in excluded and n not in PUBLICATION_FIELDS
        ]
        publication = [n for n in PUBLICATION_FIELDS if n in editable_field_names(self.model)]
        sets = [(None, {"fields": names})]
        if publication:
            sets.append((_("Language and publication"), {"fields": publication}))
        meta = [n for n in RECORD_META_FIELDS if hasattr(self.model, n)]
        if meta and obj is not None:
            sets.append((_("Record"), {"fields": meta, "classes": ["collapse"]}))
        return sets

    def get_readonly_fields(self, request, obj=None):
        base = list(super().get_readonly_fields(request, obj))
        meta = [n for n in RECORD_META_FIELDS if hasattr(self.model, n)]
        return [
            *base,
            *meta,
            *self.translator_readonly(request),
            *self.publication_readonly(request),
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self.limit_focal_choices(request, db_field, formfield)

    # ----- permissions ---------------------------------------------------------------------
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.focal_point_allows(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.focal_point_allows(request, obj)

    def has_publish_permission(self, request) -> bool:
        return roles.can_publish(request.user) and super().has_change_permission(request)

    def has_restore_permission(self, request) -> bool:
        """Restoring a deleted record re-creates it: for those who may add and delete."""
        return (
            super().has_add_permission(request)
            and super().has_delete_permission(request)
            and self.focal_country(request) is None
        )

    # ----- saving --------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        self.keep_protected_values(request, obj)
        new_state = getattr(obj, "publication_state", None)
        state_changed = change and "publication_state" in form.changed_data
        if state_changed:
            # The publication service decides what publishing means (a meeting takes its parts
            # along); save the other edits first, under the state the record had.
            obj.publication_state = form.initial.get("publication_state")
            if set(form.changed_data) - {"publication_state"}:
                super().save_model(request, obj, form, change)
            self.set_publication(request, obj, new_state)
        else:
            super().save_model(request, obj, form, change)

    def keep_protected_values(self, request, obj) -> None:
        """Columns the user may not change keep their stored values, whatever the form said.

        The form already leaves them out; this also covers reverting to an old version from
        history, which builds the whole record from the version before the form is applied."""
        if obj.pk is None:
            return
        concrete = {f.name: f.attname for f in self.model._meta.concrete_fields}
        protected = [
            concrete[name]
            for name in self.get_readonly_fields(request, obj)
            if name in concrete and name not in RECORD_META_FIELDS
        ]
        if not protected:
            return
        stored = type(obj)._default_manager.filter(pk=obj.pk).values(*protected).first()
        for attname, value in (stored or {}).items():
            setattr(obj, attname, value)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.warn_about_scripts(request, [form, *(f for fs in formsets for f in fs.forms)])

    def warn_about_scripts(self, request, forms: Iterable) -> None:
        """Warn (never refuse) when a language's field holds text in another script."""
        for form in forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            model = form._meta.model
            for column, (name, code) in column_field_map(model).items():
                value = form.cleaned_data.get(column)
                found = script_mismatch(value, code) if isinstance(value, str) else None
                if found is None:
                    continue
                messages.warning(
                    request,
                    gettext(
                        "The %(language)s text of “%(field)s” is written in %(script)s "
                        "script. Check that it was entered in the right language tab."
                    )
                    % {
                        "language": language_name(code),
                        "field": model._meta.get_field(name).verbose_name,
                        "script": SCRIPT_NAMES.get(found, gettext("another")),
                    },
                )

    # ----- publication ---------------------------------------------------------------------
    def set_publication(self, request, obj, state: str):
        """Call the publication service; models with parts override this (meetings)."""
        obj._history_user = request.user
        return record_set_publication(record=obj, state=state)

    def _publication_action(self, request, queryset, state: str) -> int:
        changed = 0
        for obj in queryset:
            if obj.publication_state == state:
                continue
            try:
                self.set_publication(request, obj, state)
            except ValidationError as exc:
                self.message_user(
                    request,
                    gettext("“%(record)s” was not changed: %(errors)s")
                    % {"record": obj, "errors": " ".join(exc.messages)},
                    messages.ERROR,
                )
            else:
                self.log_change(request, obj, [{"changed": {"fields": ["publication_state"]}}])
                changed += 1
        return changed

    @admin.action(description=_("Publish selected records"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        count = self._publication_action(request, queryset, PublicationState.PUBLISHED)
        self.message_user(
            request,
            ngettext("%(count)d record published.", "%(count)d records published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Return selected records to draft"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = self._publication_action(request, queryset, PublicationState.DRAFT)
        self.message_user(
            request,
            ngettext(
                "%(count)d record returned to draft.",
                "%(count)d records returned to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    # ----- pages ---------------------------------------------------------------------------
    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        extra = [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_records_view),
                name="{}_{}_deleted".format(*info),
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
        ]
        return extra + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            missing = set(missing_languages(obj))
            extra_context["translation_languages"] = [
                {"code": code, "name": language_name(code), "complete": code not in missing}
                for code in LANGUAGE_CODES
            ]
        extra_context["language_names"] = {code: language_name(code) for code in LANGUAGE_CODES}
        extra_context["has_portal_preview"] = self.has_portal_preview()
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["language_names"] = {code: language_name(code) for code in LANGUAGE_CODES}
        return super().add_view(request, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history looks the version up as given: "abc" would be a server error.
        if not str(version_id).isdigit():
            raise Http404
        extra_context = extra_context or {}
        extra_context["language_names"] = {code: language_name(code) for code in LANGUAGE_CODES}
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["has_restore_permission"] = self.has_restore_permission(request)
        return super().changelist_view(request, extra_context)

    def has_portal_preview(self) -> bool:
        """Whether this kind has its own portal page to preview (the record-type registry)."""
        record_type = record_type_for(self.model)
        return record_type is not None and record_type.page is not None

    def preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Send the editor to the record's own portal page through a freshly signed, expiring
        link (core/previews.py), drafts included: the preview is the published page itself.

        Signed on each click, so the link on the change form never goes stale."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_portal_preview():
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        token = preview_token_make(obj)
        return HttpResponseRedirect(reverse("record-preview", kwargs={"token": token}))

    def deleted_records_view(self, request: HttpRequest) -> HttpResponse:
        """Records of this kind that were deleted, newest first, each restorable."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        history = self.model.history
        if request.method == "POST":
            if not self.has_restore_permission(request):
                raise PermissionDenied
            self._restore(request, history)
            return HttpResponseRedirect(request.path)
        live = self.model._default_manager.values("pk")
        deleted = (
            history.filter(history_type="-")
            .exclude(id__in=live)
            .select_related("history_user")
            .order_by("-history_date")
        )
        page = Paginator(deleted, 50).get_page(request.GET.get("p"))
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Deleted %(records)s") % {"records": opts.verbose_name_plural},
            "opts": opts,
            "page_obj": page,
            "has_restore_permission": self.has_restore_permission(request),
        }
        return TemplateResponse(request, self.deleted_records_template, context)

    def _restore(self, request, history) -> None:
        history_id = request.POST.get("history_id", "")
        version = (
            history.filter(history_type="-", history_id=int(history_id)).first()
            if history_id.isdigit()
            else None
        )
        if version is None:
            self.message_user(
                request, gettext("That deleted record was not found."), messages.ERROR
            )
            return
        try:
            restored = record_restore(
                version=version,
                reason=gettext("Restored by %(user)s") % {"user": request.user.get_username()},
            )
        except ValidationError as exc:
            self.message_user(
                request,
                gettext("“%(record)s” could not be restored: %(errors)s")
                % {"record": version.instance, "errors": " ".join(exc.messages)},
                messages.ERROR,
            )
            return
        self.log_addition(request, restored, [{"added": {}}])
        url = reverse(
            f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_change",
            args=[restored.pk],
            current_app=self.admin_site.name,
        )
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                gettext("“%(record)s” was restored.") % {"record": restored},
                url,
                gettext("Open it"),
            ),
            messages.SUCCESS,
        )


class RecordAdmin(
    StorageFailureMixin,
    ConcurrentEditMixin,
    TranslateBesideMixin,
    TranslationReviewActionMixin,
    RecordAdminMixin,
    SimpleHistoryAdmin,
    TabbedTranslationAdmin,
):
    """The page of a record kind with translated text."""

    class Media:
        # modeltranslation's scripts are repeated so that the merged media keep ours after
        # them: the tab labels can only be replaced once the tabs exist.
        js = (
            "admin/js/jquery.init.js",
            "modeltranslation/js/force_jquery.js",
            mt_settings.JQUERY_UI_URL,
            "modeltranslation/js/tabbed_translation_fields.js",
            "admin/accsm/language_tabs.js",
            "admin/accsm/translate_beside.js",
        )
        css = {"all": ("admin/accsm/admin.css",)}


class PlainRecordAdmin(
    StorageFailureMixin, ConcurrentEditMixin, RecordAdminMixin, SimpleHistoryAdmin
):
    """The page of a record kind without translated text (document files)."""


class ReadOnlyTabularInline(admin.TabularInline):
    """A list of what the portal recorded itself (delivery attempts, reminders sent): shown on
    its parent's page, never added, edited or deleted by hand."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields
