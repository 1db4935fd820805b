"""Portal pages for the ARCs."""

from django.http import Http404, HttpRequest, HttpResponse


def resource_centre_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def resource_centre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
