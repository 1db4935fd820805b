"""An upload the server cannot store (media folder unwritable, disk full) gives the editor a
translated error on the form, and leaves nothing half-saved: no document, no history, no file.

Both faults are real, without mounting anything (the suite may run as root, for whom a 0555
folder is still writable):
- unwritable: MEDIA_ROOT lies under a regular file, so creating its folders fails (ENOTDIR);
- disk full: the process may not write files past 64 KiB (RLIMIT_FSIZE), so the kernel stops
  the upload's write partway (EFBIG), as a full disk stops it with ENOSPC: the same half file."""

import os
import resource
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accsm_portal.core.models import Document, DocumentFile
from tests.accounts import login
from tests.admin.test_roles import form_data

pytestmark = pytest.mark.django_db

KHMER_MESSAGE = "មិនអាចរក្សាទុកឯកសារបានទេ"
UPLOAD_BYTES = 256 * 1024


@pytest.fixture
def superuser_browser(django_user_model):
    user = django_user_model.objects.create_superuser(
        username="admin.faults", password="s3cret-pass!", email="admin@example.org"
    )
    browser = Client(raise_request_exception=False)
    login(browser, user)
    return browser


@contextmanager
def unwritable_media(tmp_path: Path, settings):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = str(blocker / "media")
    yield tmp_path


@contextmanager
def full_disk(tmp_path: Path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, hard))
    try:
        yield tmp_path
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def _files_under(folder: Path) -> list[str]:
    return [os.path.join(root, name) for root, _dirs, names in os.walk(folder) for name in names]


@pytest.mark.parametrize("fault", [unwritable_media, full_disk], ids=["unwritable", "disk-full"])
def test_an_upload_that_cannot_be_stored_is_refused_with_nothing_half_saved(
    superuser_browser, settings, tmp_path, fault
):
    # given the add form of a document, filled in, with a file in Khmer
    add_url = reverse("admin:core_document_add").replace("/en/", "/km/", 1)
    data = form_data(superuser_browser.get(add_url))
    data.update(
        {
            "title_en": "Declaration on digital civil service",
            "kind": Document.Kind.DECLARATION,
            "files-TOTAL_FORMS": "1",
            "files-0-language": "km",
            "files-0-publication_state": "draft",
            "files-0-file": SimpleUploadedFile(
                "declaration.pdf", b"%PDF-1.7\n" + b"x" * UPLOAD_BYTES, "application/pdf"
            ),
        }
    )
    counts = (
        Document.objects.count(),
        Document.history.count(),
        DocumentFile.objects.count(),
        DocumentFile.history.count(),
    )

    # when the server cannot store the file
    with fault(tmp_path, settings):
        response = superuser_browser.post(add_url, data)

    # then the form is shown again with the reason, in Khmer, and nothing was kept
    assert response.status_code == 200
    page = response.content.decode()
    assert KHMER_MESSAGE in page
    assert "Traceback" not in page
    assert (
        Document.objects.count(),
        Document.history.count(),
        DocumentFile.objects.count(),
        DocumentFile.history.count(),
    ) == counts
    blocker = [str(tmp_path / "a-file")] if fault is unwritable_media else []
    assert _files_under(tmp_path) == blocker


def test_the_same_upload_is_stored_when_the_storage_works(superuser_browser, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    add_url = reverse("admin:core_document_add")
    data = form_data(superuser_browser.get(add_url))
    data.update(
        {
            "title_en": "Declaration on digital civil service",
            "kind": Document.Kind.DECLARATION,
            "files-TOTAL_FORMS": "1",
            "files-0-language": "km",
            "files-0-publication_state": "draft",
            "files-0-file": SimpleUploadedFile(
                "declaration.pdf", b"%PDF-1.7\n" + b"x" * UPLOAD_BYTES, "application/pdf"
            ),
        }
    )
    response = superuser_browser.post(add_url, data)
    assert response.status_code == 302
    stored = DocumentFile.objects.get()
    assert Path(stored.file.path).stat().st_size == UPLOAD_BYTES + 9
