"""The OpenAPI parts every operation shares: `lang`, `translations`, problems, validators."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from accsm_portal.lib.api.params import LANG_PARAM, TRANSLATIONS_PARAM
from accsm_portal.lib.api.throttling import PublicReadOnly
from accsm_portal.lib.i18n import LANGUAGE_CODES

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "instance": {"type": "string", "nullable": True},
        "parameter": {"type": "string", "nullable": True},
        "retry_after": {"type": "integer", "nullable": True},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "parameter": {"type": "string", "nullable": True},
                    "detail": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
}


class ApiAutoSchema(AutoSchema):
    """Adds `lang` and `translations` to every operation, and the problem answers."""

    def get_override_parameters(self) -> list:
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                LANG_PARAM,
                OpenApiTypes.STR,
                enum=list(LANGUAGE_CODES),
                description="Response language (else Accept-Language, else en).",
            ),
            OpenApiParameter(
                TRANSLATIONS_PARAM,
                OpenApiTypes.STR,
                enum=["all"],
                description="`all`: every translated field in every language.",
            ),
        ]

    def get_auth(self) -> list:
        auths = super().get_auth()
        # Reading needs no credentials (PublicReadOnly); a token only widens what a partner
        # sees. Without the empty requirement the schema would claim every read needs one.
        public = any(isinstance(p, PublicReadOnly) for p in self.view.get_permissions())
        if public and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        problem = {"application/problem+json": {"schema": PROBLEM_SCHEMA}}
        for code, description in (
            ("400", "Invalid query parameter (the problem names it)."),
            ("401", "The token given is not valid (anonymous access needs none)."),
            ("404", "No such published record."),
            ("429", "Too many requests; see Retry-After."),
        ):
            if code == "404" and self._is_list_view():
                continue
            responses.setdefault(code, {"description": description, "content": problem})
        if "200" in responses:
            responses["200"].setdefault("headers", {}).update(
                {
                    "ETag": {"schema": {"type": "string"}},
                    "Last-Modified": {"schema": {"type": "string"}},
                    "Content-Language": {"schema": {"type": "string"}},
                }
            )
            responses.setdefault(
                "304", {"description": "Not modified since the ETag or date given."}
            )
        return responses
