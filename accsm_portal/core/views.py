"""Portal pages for the shared reference records: documents with their language versions, the
sources records come from, and the delegates' sign-in.

Restricted documents: an anonymous visitor does not see them listed; a signed-in delegate
does. Whoever asks for one they may not read, by its page or its file, gets a clear,
translated refusal (403), never the file."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_otp import login as otp_login

from accsm_portal.core import accounts
from accsm_portal.core.models import Document, Language, Source
from accsm_portal.core.selectors import (
    citations_for,
    document_get_visible,
    document_is_withheld,
    document_list_visible,
    source_citing_records,
)
from accsm_portal.lib.record_types import record_page

PAGE_SIZE = 25


def refuse_document(request: HttpRequest) -> HttpResponse:
    """The refusal page: says why, and offers sign-in to whoever is not signed in."""
    return render(
        request,
        "core/document_forbidden.html",
        {"login_next": request.get_full_path()},
        status=403,
    )


@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or ""
    documents = document_list_visible(request.user)
    kinds = dict(Document.Kind.choices)
    invalid_kind = bool(kind) and kind not in kinds
    if kind and not invalid_kind:
        documents = documents.filter(kind=kind)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/document_list.html",
        {
            "page": page,
            "kinds": Document.Kind.choices,
            "kind": "" if invalid_kind else kind,
            "invalid_kind": invalid_kind,
            "query": f"kind={kind}" if kind and not invalid_kind else "",
        },
    )


@require_GET
def document_detail(
    request: HttpRequest,
    slug: str,
    *,
    related: Callable[[Document], dict] | None = None,
) -> HttpResponse:
    """A document with its language versions. `related` adds what other apps know of it (the
    meetings where it was discussed and adopted): core imports no app, so the portal's
    configuration passes it in (accsm_portal/views.py)."""
    document = document_get_visible(slug=slug, user=request.user)
    if document is None:
        if document_is_withheld(slug=slug, user=request.user):
            return refuse_document(request)
        raise Http404
    return document_page(request, document, related=related)


def document_page(
    request: HttpRequest,
    document: Document,
    *,
    related: Callable[[Document], dict] | None = None,
) -> HttpResponse:
    """A document's page once found: the published page and the staff preview render it."""
    files = list(document.files.all())
    return render(
        request,
        "core/document_detail.html",
        {
            "document": document,
            "files": files,
            "citations": citations_for([document])[document.uid],
            **(related(document) if related else {}),
        },
    )


@never_cache
@require_GET
def document_file(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """One language version of a document: streamed from storage, or sent on to its address,
    only after the reader's access to the document is checked."""
    if language not in Language.values:
        raise Http404
    document = document_get_visible(slug=slug, user=request.user)
    if document is None:
        if document_is_withheld(slug=slug, user=request.user):
            return refuse_document(request)
        raise Http404
    version = next((f for f in document.files.all() if f.language == language), None)
    if version is None:
        raise Http404
    if version.file:
        response = FileResponse(version.file.open("rb"), as_attachment=False)
        # Restricted files must not sit in a shared cache.
        if document.access != Document.Access.PUBLIC:
            response["Cache-Control"] = "private, no-store"
        return response
    if version.url:
        return HttpResponseRedirect(version.url)
    raise Http404


@require_GET
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return record_page(request, Source, slug=slug)


def source_page(request: HttpRequest, source: Source) -> HttpResponse:
    citing = source_citing_records(source=source, user=request.user)
    return render(request, "core/source_detail.html", {"source": source, "citing": citing})


class DelegateLoginView(LoginView):
    """Delegates sign in on the portal itself, in their language, and return where they were."""

    template_name = "core/login.html"
    redirect_authenticated_user = True
    extra_context = {"page_title": _("Delegate sign-in")}

    def get_default_redirect_url(self) -> str:
        return reverse("documents:list")


class DelegateLogoutView(LogoutView):
    """Sign-out is a POST (with CSRF); the reader lands on the home page in their language."""

    def get_default_redirect_url(self) -> str:
        return reverse("home")


# ---------------------------------------------------------------------------------------------
# Two-factor authentication for staff who publish or manage accounts (core/accounts.py). The
# pages have the admin's look: they stand between the admin's sign-in and the admin.
# ---------------------------------------------------------------------------------------------


def _two_factor_context(request: HttpRequest) -> dict:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    # The admin's frame without its menu: nothing in it may be opened before the code.
    return {
        **admin.site.each_context(request),
        "available_apps": [],
        "has_permission": False,
        "is_nav_sidebar_enabled": False,
        "next": next_url,
    }


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: its key (and QR code), then a code from it to confirm; the
    recovery codes are shown once, on the answer to that confirmation."""
    context = _two_factor_context(request)
    if accounts.user_has_two_factor(request.user):
        return HttpResponseRedirect(
            f"{reverse('accounts:two-factor-verify')}?{urlencode({'next': context['next']})}"
        )
    device = accounts.totp_device_pending(user=request.user)
    error = ""
    if request.method == "POST" and not device.verify_is_allowed()[0]:
        error = gettext("Too many wrong codes: wait a few seconds, then try again.")
    elif request.method == "POST":
        codes = accounts.two_factor_confirm(device=device, token=request.POST.get("token", ""))
        if codes is not None:
            otp_login(request, device)
            return render(request, "core/two_factor_codes.html", {**context, "codes": codes})
        error = gettext("That code is not right. Check the time on your phone and try again.")
    return render(
        request,
        "core/two_factor_setup.html",
        {
            **context,
            "qr_svg": accounts.totp_qr_svg(device),
            "key": accounts.totp_key_for_typing(device),
            "error": error,
            "title": gettext("Set up two-factor authentication"),
        },
    )


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Type the code from the authenticator (or one recovery code) to open the admin."""
    context = _two_factor_context(request)
    if not accounts.user_has_two_factor(request.user):
        return HttpResponseRedirect(
            f"{reverse('accounts:two-factor-setup')}?{urlencode({'next': context['next']})}"
        )
    error = ""
    if request.method == "POST" and accounts.two_factor_throttled(user=request.user):
        error = gettext("Too many wrong codes: wait a few seconds, then try again.")
    elif request.method == "POST":
        device = accounts.two_factor_device_matching(
            user=request.user, token=request.POST.get("token", "")
        )
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(context["next"])
        error = gettext("That code is not right, or was already used.")
    return render(
        request,
        "core/two_factor_verify.html",
        {**context, "error": error, "title": gettext("Two-factor authentication")},
    )
