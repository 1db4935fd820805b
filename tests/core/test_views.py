"""Documents, sources and the delegates' sign-in on the portal."""

import datetime

import pytest
from django.core.files.base import ContentFile

from tests.accounts import login
from tests.factories import DocumentFactory, DocumentFileFactory, SourceFactory
from tests.pages import build_portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal():
    return build_portal(2)


@pytest.fixture
def restricted_file(settings, tmp_path):
    """A delegates-only document with an uploaded file (media in a temporary folder)."""
    settings.MEDIA_ROOT = tmp_path
    document = DocumentFactory(slug="restricted-report", access="delegates", title_en="Report")
    version = DocumentFileFactory(document=document, language="en", url="")
    version.file.save("report.pdf", ContentFile(b"%PDF-1.4 delegates only"))
    return document


@pytest.mark.parametrize("size", [1, 3])
def test_the_document_list_costs_the_same_queries_whatever_its_length(
    client, django_assert_num_queries, size
):
    build_portal(size)

    with django_assert_num_queries(3):
        response = client.get("/en/documents/")

    assert len(response.context["page"].object_list) == size


def test_anonymous_visitors_do_not_see_restricted_documents_listed(client, portal):
    html = client.get("/en/documents/").content.decode()

    assert portal.public_document.title_en in html
    assert portal.restricted_document.title_en not in html


def test_a_signed_in_delegate_sees_restricted_documents(client, portal, delegate):
    login(client, delegate)

    html = client.get("/en/documents/").content.decode()

    assert portal.restricted_document.title_en in html
    assert "Delegates only" in html


def test_a_restricted_document_page_is_refused_clearly_to_anonymous_visitors(client, portal):
    response = client.get(f"/lo/documents/{portal.restricted_document.slug}/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "ເອກະສານນີ້ສະເພາະຜູ້ແທນຂອງປະເທດສະມາຊິກເທົ່ານັ້ນ" in html
    assert "/lo/accounts/login/?next=" in html


def test_the_file_of_a_restricted_document_is_never_sent_to_anonymous_visitors(
    client, restricted_file
):
    response = client.get("/km/documents/restricted-report/files/en/")

    assert response.status_code == 403
    assert b"%PDF" not in response.content
    assert "ឯកសារនេះសម្រាប់តែប្រតិភូនៃរដ្ឋសមាជិកប៉ុណ្ណោះ" in response.content.decode()


def test_a_signed_in_user_without_the_permission_is_refused_too(
    client, restricted_file, django_user_model
):
    login(client, django_user_model.objects.create_user("visitor", password="x-pass-123"))

    response = client.get("/en/documents/restricted-report/files/en/")

    assert response.status_code == 403
    assert b"%PDF" not in response.content
    assert "your account does not give access to it" in response.content.decode()


def test_a_delegate_downloads_the_restricted_file(client, restricted_file, delegate):
    login(client, delegate)

    response = client.get("/en/documents/restricted-report/files/en/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 delegates only"
    assert "no-store" in response["Cache-Control"]


def test_a_file_given_by_address_is_a_redirect_after_the_check(client, portal):
    response = client.get(f"/en/documents/{portal.public_document.slug}/files/vi/")

    assert response.status_code == 302
    assert response["Location"] == "https://example.org/vi.pdf"


@pytest.mark.parametrize("path", ["nope/files/en/", "joint-statement-0/files/xx/"])
def test_unknown_documents_or_languages_are_not_found(client, portal, path):
    assert client.get(f"/en/documents/{path}").status_code == 404


def test_a_draft_document_does_not_exist_for_anyone_outside_the_secretariat(client, delegate):
    draft = DocumentFactory(publication_state="draft")
    login(client, delegate)

    assert client.get(f"/en/documents/{draft.slug}/").status_code == 404


def test_the_document_page_lists_each_language_version(client, portal):
    html = client.get(f"/vi/documents/{portal.public_document.slug}/").content.decode()

    assert f"/vi/documents/{portal.public_document.slug}/files/en/" in html
    assert f"/vi/documents/{portal.public_document.slug}/files/vi/" in html
    assert "Mở bản Tiếng Anh" in html


def test_a_delegate_signs_in_in_their_language_and_returns_to_the_page(client, portal, delegate):
    target = f"/km/documents/{portal.restricted_document.slug}/"
    form = client.get(f"/km/accounts/login/?next={target}")
    assert "ពាក្យសម្ងាត់" in form.content.decode()

    response = client.post(
        "/km/accounts/login/",
        {"username": "delegate.kh", "password": "s3cret-pass!", "next": target},
    )

    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_a_wrong_password_is_refused_with_a_message(client, delegate):
    response = client.post(
        "/vi/accounts/login/", {"username": "delegate.kh", "password": "wrong-password"}
    )

    assert response.status_code == 200
    assert 'class="message message-error"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_requires_the_csrf_token(delegate):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    response = strict.post(
        "/en/accounts/login/", {"username": "delegate.kh", "password": "s3cret-pass!"}
    )

    assert response.status_code == 403


def test_sign_out_is_a_post_and_returns_home(client, delegate):
    login(client, delegate)

    response = client.post("/lo/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/lo/"
    assert "_auth_user_id" not in client.session


def test_a_source_page_shows_the_original_text_with_its_language(client):
    source = SourceFactory(language="lo", title_en="Lao news", text="ກອງປະຊຸມ")

    html = client.get(f"/en/sources/{source.slug}/").content.decode()

    assert '<div class="source-text" lang="lo"><p>ກອງປະຊຸມ</p></div>' in html


def test_a_restricted_file_has_no_direct_address_even_in_development(
    client, restricted_file, settings
):
    # `make run` serves with DEBUG on: the URLconf must not expose MEDIA_URL there either.
    import importlib

    from django.urls import clear_url_caches

    import accsm_portal.urls

    settings.DEBUG = True
    importlib.reload(accsm_portal.urls)
    clear_url_caches()
    path = restricted_file.files.get().file.name

    response = client.get(f"{settings.MEDIA_URL}{path}")

    assert response.status_code == 404
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_a_document_page_says_where_it_was_discussed_and_where_adopted(client):
    # given a declaration discussed at a SOM, adopted at a Heads meeting, and on a draft agenda
    from meetings.models import Outcome
    from tests.factories import AgendaItemFactory, MeetingFactory, OutcomeFactory

    declaration = DocumentFactory(slug="declaration", title_en="ASEAN Declaration")
    som = MeetingFactory(title_en="21st SOM", starts_on=datetime.date(2021, 4, 8))
    heads = MeetingFactory(title_en="21st Heads meeting", starts_on=datetime.date(2022, 8, 5))
    draft = MeetingFactory(title_en="Unpublished meeting", publication_state="draft")
    AgendaItemFactory(meeting=som).documents.add(declaration)
    AgendaItemFactory(meeting=draft).documents.add(declaration)
    OutcomeFactory(meeting=heads, kind=Outcome.Kind.ADOPTION).documents.add(declaration)
    OutcomeFactory(meeting=som, kind=Outcome.Kind.DISCUSSION).documents.add(declaration)

    # when
    response = client.get("/vi/documents/declaration/")

    # then
    assert response.status_code == 200
    assert [m.title_en for m in response.context["discussed_at"]] == ["21st SOM"]
    assert [m.title_en for m in response.context["adopted_at"]] == ["21st Heads meeting"]
    html = response.content.decode()
    assert "Được thảo luận tại" in html
    assert "Thông qua tại" in html
    assert "Unpublished meeting" not in html
