"""Portal pages for meetings (filled in below the URL names, which other areas already use)."""

from django.http import Http404, HttpRequest, HttpResponse


def meeting_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def meeting_calendar(request: HttpRequest) -> HttpResponse:
    raise Http404


def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
