"""The secretariat's editing day in the admin: safe concurrent edits and translating beside the
original. Kept apart from admin_base.py (the page's structure) as mixins that RecordAdmin and
PlainRecordAdmin put in front of it.

- `ConcurrentEditMixin`: the change form carries the version of the record it was opened on
  (its `updated_at`); a save made after someone else changed the record is refused with a link
  to the record's history, and nothing is written.
- `TranslationReviewActionMixin`: a list action with which a translator marks the text of
  their language in the selected records as waiting for review (core.TranslationReview);
  publishers clear the marks on the "translations to review" page (core/admin.py).
- `TranslateBesideMixin`: the record's original-language text (or another filled language)
  read-only beside each language field, with a "copy original" button
  (admin/accsm/translate_beside.js).
"""

from datetime import UTC

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accsm_portal.core import roles
from accsm_portal.core.services import translation_review_mark
from accsm_portal.lib.i18n import LANGUAGE_CODES

# The name of the hidden input; admin/accsm/edit_token.html renders it inside the form.
EDIT_TOKEN_FIELD = "_accsm_edit_token"


def edit_token(obj) -> str:
    """The version of a record as the change form remembers it: its last save, in UTC."""
    value = getattr(obj, "updated_at", None)
    return "" if value is None else value.astimezone(UTC).isoformat()


class ConcurrentEditMixin:
    """Refuse a save when the record changed after the form was opened.

    The check runs in the form's clean(), inside the admin's transaction, and reads the stored
    version with a row lock (select_for_update, a no-op on SQLite, whose writes are serialised
    anyway): of two saves posted at the same moment, the second waits for the first and is then
    refused. A post without the token (a script, simple-history's revert form, which has its own
    page) is not checked: the admin's own form always sends it."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk is None or not hasattr(obj, "updated_at"):
            return form
        model_admin = self

        class EditTokenForm(form):
            def clean(self):
                cleaned = super().clean()
                posted = self.data.get(EDIT_TOKEN_FIELD)
                if posted:
                    model_admin.refuse_stale_edit(request, self.instance, posted)
                return cleaned

        EditTokenForm.__name__ = form.__name__
        return EditTokenForm

    def refuse_stale_edit(self, request, obj, posted: str) -> None:
        stored = (
            type(obj)
            ._default_manager.select_for_update()
            .filter(pk=obj.pk)
            .only("pk", "updated_at")
            .first()
        )
        if stored is None or edit_token(stored) == posted:
            return
        raise forms.ValidationError(self.stale_edit_message(request, stored), code="stale")

    def stale_edit_message(self, request, stored) -> str:
        latest = stored.history.select_related("history_user").first()
        who = latest.history_user.get_username() if latest and latest.history_user else None
        when = date_format(localtime(stored.updated_at), "DATETIME_FORMAT")
        text = (
            gettext(
                "%(user)s changed this record at %(time)s, after you opened it. Nothing was "
                "saved, so that their change is not overwritten: see what changed, then open "
                "the record again and make your change there (your text is still below)."
            )
            % {"user": who, "time": when}
            if who
            else gettext(
                "This record was changed at %(time)s, after you opened it. Nothing was saved, "
                "so that that change is not overwritten: see what changed, then open the record "
                "again and make your change there (your text is still below)."
            )
            % {"time": when}
        )
        opts = self.model._meta
        try:
            history = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history",
                args=[stored.pk],
                current_app=self.admin_site.name,
            )
        except NoReverseMatch:
            return text
        return format_html(
            '{} <a href="{}" class="accsm-stale-history">{}</a>',
            text,
            history,
            gettext("Open the history of the record"),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and hasattr(obj, "updated_at"):
            # A refused save shows the form again with the version it was opened on, so that a
            # second click is refused too until the editor has looked at the other change.
            context[EDIT_TOKEN_FIELD.lstrip("_")] = (
                request.POST.get(EDIT_TOKEN_FIELD) if request.method == "POST" else None
            ) or edit_token(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


class TranslationReviewActionMixin:
    """ "Mark my translation for review" on every record list.

    A translator marks the languages they translate into; a secretariat editor the language
    the admin is shown in. The service (core/services.py) enforces the same rule."""

    def review_languages(self, request) -> list[str]:
        languages = roles.translator_languages(request.user)
        if languages is not None:
            return sorted(languages)
        active = (get_language() or "en").split("-")[0]
        return [active] if active in LANGUAGE_CODES else []

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request) and self.review_languages(request):
            action = type(self).mark_for_review
            actions["mark_for_review"] = (action, "mark_for_review", action.short_description)
        return actions

    def mark_for_review(self, request, queryset):
        marked = 0
        for obj in queryset:
            for language in self.review_languages(request):
                try:
                    translation_review_mark(record=obj, language=language, user=request.user)
                except PermissionDenied:
                    continue
                marked += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d translation marked for review.",
                "%(count)d translations marked for review.",
                marked,
            )
            % {"count": marked},
            messages.SUCCESS,
        )

    mark_for_review.short_description = _("Mark my translation of the selected records for review")


class TranslateBesideMixin:
    """Translate beside the original: the change form gets the record's stored text of every
    translated field in every language, its original language and the labels (translated
    here, on the server), as the "accsm-beside" JSON; admin/accsm/translate_beside.js shows the
    original (or another filled language) read-only beside each language field, with a copy
    button."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            extra_context["translate_beside"] = translate_beside_data(obj)
        return super().change_view(request, object_id, form_url, extra_context)


def translate_beside_data(obj) -> dict:
    """What translate_beside.js needs about one record (see TranslateBesideMixin)."""
    # Imported here: admin_base imports this module for its mixins.
    from accsm_portal.core.admin_base import language_name, translated_names

    texts = {
        name: {code: str(getattr(obj, f"{name}_{code}", "") or "") for code in LANGUAGE_CODES}
        for name in translated_names(type(obj))
    }
    return {
        "original": getattr(obj, "original_language", "") or "",
        "languages": list(LANGUAGE_CODES),
        "names": {code: language_name(code) for code in LANGUAGE_CODES},
        "texts": texts,
        "labels": {
            "show": gettext("Shown beside:"),
            # %(language)s is filled in by the script.
            "original_language": gettext("%(language)s (original)"),
            "copy_original": gettext("Copy original"),
            "copy_shown": gettext("Copy this text"),
            "copy_title": gettext("Copy the %(language)s text into this field"),
        },
    }
