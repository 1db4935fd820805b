"""A file that cannot be stored refuses the save with a message on the form, never a 500."""

import logging

from django import forms
from django.utils.translation import gettext

from accsm_portal.lib.storage import MediaWriteError

logger = logging.getLogger(__name__)


class StorageFailureMixin:
    """When the media storage cannot take an uploaded file (disk full, media folder read-only
    or gone), the admin's transaction has already been rolled back by the exception: no record,
    no history, and the storage removed its half file (lib/storage.py). The form is then shown
    again, filled in, with a translated error, by a second pass that stops at validation."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except MediaWriteError as error:
            if request.method != "POST" or getattr(request, "_media_write_error", None):
                raise
            logger.error("an uploaded file could not be stored: %s", error)
            request._media_write_error = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "_media_write_error", None) is None:
            return form

        class StorageFailureForm(form):
            def clean(self):
                super().clean()
                raise forms.ValidationError(
                    gettext(
                        "The file could not be stored: the server's storage is full or cannot "
                        "be written to. Nothing was saved. Try again later, choosing the file "
                        "again, and tell the portal's administrator if it happens again."
                    ),
                    code="storage",
                )

        StorageFailureForm.__name__ = form.__name__
        return StorageFailureForm
