"""Portal pages for reference records."""

from django.contrib.auth.views import LoginView, LogoutView
from django.http import Http404, HttpRequest, HttpResponse


def state_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    raise Http404


def document_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def document_file(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    raise Http404


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


class DelegateLoginView(LoginView):
    template_name = "core/login.html"


class DelegateLogoutView(LogoutView):
    pass
