"""The answer when the database cannot be reached: a 503 that says so, never a traceback.

PostgreSQL restarting (or a failover) makes the requests in flight fail with OperationalError
or InterfaceError, wherever they are: in a view, a template, a middleware reading the session.
Django sends every uncaught exception to `handler500`, so this one place turns those two into
a translated 503 (an HTML page, or a problem document under /api/) with Retry-After, and lets
every other error be the usual 500. The 503 page is rendered without a request context and does
not extend base.html: its context processors and tags read the database that is down.
docs/reliability.md ("Faults") shows it under a real restart."""

import json
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 5


def database_unavailable(exc: BaseException | None) -> bool:
    """True for the errors of a database that is down or restarting (also when wrapped)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer: problem+json for the API, a translated page elsewhere."""
    if request.path.startswith("/api/"):
        body = {
            "type": "urn:accsm:api:problem:service_unavailable",
            "title": _("Service unavailable"),
            "status": 503,
            "detail": _(
                "The portal cannot reach its database for a moment. "
                "Please try again in a few seconds."
            ),
            "code": "service_unavailable",
            "instance": request.path,
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False),
            status=503,
            content_type="application/problem+json",
        )
    else:
        page = loader.get_template("503.html").render({"language": get_language() or "en"})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Never cache a momentary failure (a proxy or the browser would keep showing it).
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a 503 while the database is unavailable, Django's 500 page otherwise."""
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return defaults.server_error(request, template_name=template_name)
