"""Errors as RFC 9457 problem details: a stable `code`, a translated message, the parameter."""

import math
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

PROBLEM_TYPE = "urn:accsm:api:problem:"


class InvalidParameter(exceptions.APIException):
    """A query parameter the API cannot use; the problem names it."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameter"

    def __init__(self, parameter: str, detail: str, code: str = "invalid_parameter") -> None:
        super().__init__(detail=detail, code=code)
        self.parameter = parameter


PROBLEM_TITLES = {
    "not_found": gettext_lazy("Not found"),
    "invalid_parameter": gettext_lazy("Invalid query parameter"),
    "unknown_parameter": gettext_lazy("Unknown query parameter"),
    "unsupported_language": gettext_lazy("Unsupported language"),
    "not_authenticated": gettext_lazy("Authentication required"),
    "authentication_failed": gettext_lazy("Authentication failed"),
    "permission_denied": gettext_lazy("Permission denied"),
    "method_not_allowed": gettext_lazy("Method not allowed"),
    "not_acceptable": gettext_lazy("Not acceptable"),
    "throttled": gettext_lazy("Too many requests"),
    "parse_error": gettext_lazy("Malformed request"),
    "unsupported_media_type": gettext_lazy("Unsupported media type"),
    "error": gettext_lazy("Request failed"),
}


def _first_message(detail: Any) -> str:
    if isinstance(detail, list | tuple):
        return _first_message(detail[0]) if detail else ""
    if isinstance(detail, dict):
        return _first_message(next(iter(detail.values()), ""))
    return str(detail)


def _parameter_errors(detail: dict) -> list[dict[str, str | None]]:
    errors = []
    for name, messages in detail.items():
        parameter = None if name in {"__all__", "non_field_errors"} else name
        for message in messages if isinstance(messages, list) else [messages]:
            errors.append(
                {
                    "parameter": parameter,
                    "detail": str(message),
                    "code": getattr(message, "code", "invalid"),
                }
            )
    return errors


def problem_details(exc: exceptions.APIException, request: Any = None) -> dict[str, Any]:
    """The problem document for an API exception, in the active (response) language."""
    code = exc.get_codes()
    body: dict[str, Any] = {}
    if isinstance(exc, InvalidParameter):
        code = exc.detail.code or "invalid_parameter"
        body["parameter"] = exc.parameter
        body["errors"] = [{"parameter": exc.parameter, "detail": str(exc.detail), "code": code}]
        detail = str(exc.detail)
    elif isinstance(exc, exceptions.ValidationError):
        # django-filter reports invalid filters by parameter name; a serializer by field name.
        code = "invalid_parameter"
        errors = (
            _parameter_errors(exc.detail)
            if isinstance(exc.detail, dict)
            else [{"parameter": None, "detail": _first_message(exc.detail), "code": "invalid"}]
        )
        body["parameter"] = errors[0]["parameter"] if errors else None
        body["errors"] = errors
        detail = errors[0]["detail"] if errors else _("The request is not valid.")
    else:
        code = code if isinstance(code, str) else "error"
        detail = _first_message(exc.detail)
    if isinstance(exc, exceptions.Throttled):
        body["retry_after"] = math.ceil(exc.wait) if exc.wait is not None else None
        detail = _("Too many requests. Try again in %(seconds)s seconds.") % {
            "seconds": math.ceil(exc.wait or 1)
        }
    title = PROBLEM_TITLES.get(code, PROBLEM_TITLES["error"])
    return {
        "type": f"{PROBLEM_TYPE}{code}",
        "title": str(title),
        "status": exc.status_code,
        "detail": detail,
        "code": code,
        "instance": request.path if request is not None else None,
        **body,
    }


def problem_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's EXCEPTION_HANDLER for the API: every error as a problem document."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("No such record is published here."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.Throttled):
        headers["Retry-After"] = str(math.ceil(exc.wait or 1))
    request = context.get("request")
    response = Response(problem_details(exc, request), status=exc.status_code, headers=headers)
    response.content_type = "application/problem+json"
    return response


class ProblemJSONRenderer(JSONRenderer):
    media_type = "application/problem+json"
    format = "problem"
