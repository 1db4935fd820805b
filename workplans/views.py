"""Portal pages for work plans."""

from django.http import Http404, HttpRequest, HttpResponse


def work_plan_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def work_plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def activity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
