"""The PDF meeting record: access as the page, embedded Noto fonts, cache by content."""

import re
import subprocess
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from accsm_portal.core.services import record_save
from meetings import services
from meetings.selectors import meeting_get_public
from meetings.services import meeting_record_pdf_get
from meetings.tasks import meeting_record_pdf_task
from tests.accounts import login
from tests.conftest import requires_full_stack
from tests.factories import DelegationFactory, DocumentFactory, MeetingFactory, OutcomeFactory

pytestmark = pytest.mark.skipif(
    not Path("/usr/bin/pdftotext").exists(), reason="poppler-utils (pdftotext) is not installed"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def render_count(monkeypatch):
    """How many times WeasyPrint was asked for a PDF (the real renderer still runs)."""
    calls = []
    real = services.html_to_pdf

    def counted(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(services, "html_to_pdf", counted)
    return calls


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "record.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # pdftotext breaks lines between a base letter and a mark above it: compare unspaced.
    return re.sub(r"\s", "", text)


def fetch(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_the_meeting_page_links_to_its_record_in_the_page_language(client, db):
    meeting = MeetingFactory(title_en="Senior Officials' Meeting", slug="som-21")

    page = client.get("/km/meetings/som-21/").content.decode()

    assert 'href="/km/meetings/som-21/record.pdf"' in page
    assert meeting.slug in page


def test_a_draft_meetings_record_is_not_found_like_its_page(client, db, render_count):
    MeetingFactory(slug="som-draft", publication_state="draft")

    assert client.get("/en/meetings/som-draft/record.pdf").status_code == 404
    assert render_count == []


def test_the_record_holds_the_meeting_parts_in_the_requested_language(client, db, tmp_path):
    meeting = MeetingFactory(
        slug="som-21", title_en="Senior Officials' Meeting", title_vi="Hội nghị Quan chức Cao cấp"
    )
    DelegationFactory(
        meeting=meeting, country__name_en="Cambodia", country__name_vi="Campuchia", size=14, women=5
    )
    OutcomeFactory(meeting=meeting, text_en="The work plan was adopted.")

    text = pdf_text(fetch(client, "/vi/meetings/som-21/record.pdf"), tmp_path)

    assert "HộinghịQuanchứcCaocấp" in text
    assert "Campuchia" in text
    # The outcome has no Vietnamese text: shown in English with the portal's visible note.
    assert "Theworkplanwasadopted." in text
    assert "TiếngAnh" in text


def test_the_record_shows_the_meeting_facts_and_links_its_sources_absolutely(db, settings):
    # The page and the PDF share their facts and sources fragments; the PDF's links leave
    # the portal, so they are absolute.
    from django.contrib.contenttypes.models import ContentType

    from accsm_portal.core.models import Citation
    from tests.factories import SourceFactory

    settings.SITE_URL = "https://records.accsm.example/"
    meeting = MeetingFactory(city_en="Vientiane")
    source = SourceFactory(title_en="Joint statement")
    Citation.objects.create(
        source=source,
        content_type=ContentType.objects.get_for_model(meeting),
        object_uid=meeting.uid,
        note_en="Dates and host",
    )
    meeting = meeting_get_public(slug=meeting.slug, user=None)

    html = services.meeting_record_html(meeting=meeting, language="en")

    assert "Vientiane" in html
    assert f'href="https://records.accsm.example{source.get_absolute_url()}"' in html
    assert "Dates and host" in html


def test_a_restricted_document_is_listed_only_for_readers_allowed_to_see_it(
    client, db, delegate, tmp_path
):
    meeting = MeetingFactory(slug="som-21")
    outcome = OutcomeFactory(meeting=meeting)
    outcome.documents.add(DocumentFactory(title_en="Delegates' brief", access="delegates"))

    public = pdf_text(fetch(client, "/en/meetings/som-21/record.pdf"), tmp_path)
    login(client, delegate)
    for_delegate = pdf_text(fetch(client, "/en/meetings/som-21/record.pdf"), tmp_path)
    client.logout()
    public_again = pdf_text(fetch(client, "/en/meetings/som-21/record.pdf"), tmp_path)

    assert "Delegates'brief" not in public
    assert "Delegates'brief" in for_delegate
    # The delegate's file, already stored, is never served to the public.
    assert "Delegates'brief" not in public_again


def test_an_unchanged_record_is_rendered_once_and_an_edit_renders_it_again(db, render_count):
    meeting = MeetingFactory(slug="som-21")
    delegation = DelegationFactory(meeting=meeting, size=14, women=5)

    first = meeting_record_pdf_get(meeting=meeting_get_public(slug="som-21"), language="km")
    again = meeting_record_pdf_get(meeting=meeting_get_public(slug="som-21"), language="km")
    assert (first.rendered, again.rendered, len(render_count)) == (True, False, 1)
    assert again.name == first.name
    assert default_storage.exists(first.name)

    delegation.women = 6
    record_save(record=delegation)
    edited = meeting_record_pdf_get(meeting=meeting_get_public(slug="som-21"), language="km")

    assert edited.rendered
    assert edited.name != first.name
    assert len(render_count) == 2


def test_the_renderer_reads_no_url_but_the_portal_fonts():
    from accsm_portal.lib.pdf import font_path, local_static_fetcher

    fetcher = local_static_fetcher()

    fetched = fetcher.fetch(font_path("noto-sans-lao-lao", 400).as_uri())
    assert fetched.read()[:4] == b"wOF2"
    for url in ("http://127.0.0.1:18399/x.css", "file:///etc/passwd", "https://example.org/f"):
        with pytest.raises(ValueError, match="PDF rendering"):
            fetcher.fetch(url)


@requires_full_stack
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_celery_worker_renders_the_record_in_every_language(celery_worker_process):
    MeetingFactory(slug="som-worker")

    prepared = meeting_record_pdf_task.delay("som-worker").get(timeout=120)
    again = meeting_record_pdf_task.delay("som-worker").get(timeout=120)

    assert sorted(prepared) == ["en", "km", "lo", "vi"]
    assert all(entry["rendered"] for entry in prepared.values())
    assert not any(entry["rendered"] for entry in again.values())
    assert {e["name"] for e in again.values()} == {e["name"] for e in prepared.values()}
