"""Media storage (uploaded document files, rendered PDF records) that leaves no half file.

Django's FileSystemStorage writes an upload straight under its final name: when the disk fills
up, a quota or a file size limit stops the write partway, the half-written file stays, and the
next save that finds it (the PDF records are looked up by name) takes it for a whole one. Here a
failed write removes what it wrote and raises MediaWriteError, which the admin turns into a
translated message on the form (core/admin_storage.py); the database transaction around the
save is rolled back by the exception, so neither the record nor its history is kept."""

import os
import threading
from contextlib import suppress

from django.core.files.storage import FileSystemStorage

_saving = threading.local()


class MediaWriteError(OSError):
    """A file could not be stored (disk full, folder read-only or missing); nothing was kept."""


class MediaStorage(FileSystemStorage):
    def path(self, name: str) -> str:
        full_path = super().path(name)
        # FileSystemStorage._save asks for the path of each name it tries; the last one is the
        # file it created (it opens with O_EXCL, so the file is this save's own).
        if getattr(_saving, "active", False):
            _saving.path = full_path
        return full_path

    def _save(self, name, content):
        _saving.active, _saving.path = True, None
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError as error:
            written = _saving.path
            if written and os.path.isfile(written):
                with suppress(OSError):
                    os.remove(written)
            raise MediaWriteError(error.errno, error.strerror or str(error)) from error
        finally:
            _saving.active = False
