"""The base viewsets (a list; a list plus records by uid or key) and the API's own 404."""

import json
import uuid
from collections.abc import Hashable
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from accsm_portal.lib.api.conditional import ConditionalRequestsMixin
from accsm_portal.lib.api.languages import activate_from_accept_language, negotiate_language
from accsm_portal.lib.api.pagination import KeysetCursorPagination
from accsm_portal.lib.api.params import (
    CURSOR_PARAM,
    FORMAT_PARAM,
    LANG_PARAM,
    ORDERING_PARAM,
    PAGE_SIZE_PARAM,
    TRANSLATIONS_PARAM,
)
from accsm_portal.lib.api.problems import InvalidParameter, ProblemJSONRenderer, problem_details
from accsm_portal.lib.api.renderers import CSVRenderer, FastJSONRenderer
from accsm_portal.lib.api.representations import representations, variant
from accsm_portal.lib.api.schema import ApiAutoSchema
from accsm_portal.lib.api.throttling import ApiRateThrottle, PublicReadOnly
from accsm_portal.lib.api.visibility import HOOKS
from accsm_portal.lib.page_cache import generation_sql
from accsm_portal.lib.query_keys import kept_queryset
from accsm_portal.lib.statements import planned_each_time


def not_found_view(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any /api/v1/ address no endpoint answers: a 404 problem, not the portal's HTML page."""
    activate_from_accept_language(request)
    problem = problem_details(exceptions.NotFound(_("There is no such API address.")), request)
    response = HttpResponse(
        json.dumps(problem, ensure_ascii=False),
        status=404,
        content_type="application/problem+json",
    )
    response["Content-Language"] = translation.get_language()
    return response


class ListViewSet(ConditionalRequestsMixin, GenericViewSet):
    """A read-only list endpoint with the API's languages, sync, formats and errors.

    Subclasses define `get_queryset()` (calling their app's visibility selector),
    `serializer_class`, `filterset_class` and, optionally, `ordering_options`
    ({public name: ((field, descending), ...)}) — only those orders are accepted."""

    permission_classes = [PublicReadOnly]
    throttle_classes = [ApiRateThrottle]
    renderer_classes = [FastJSONRenderer, CSVRenderer]
    pagination_class = KeysetCursorPagination
    filter_backends = [filters.DjangoFilterBackend]
    schema = ApiAutoSchema()
    ordering_options: dict[str, tuple[tuple[str, bool], ...]] = {
        "updated_at": (("updated_at", False),),
        "-updated_at": (("updated_at", True),),
        "created_at": (("created_at", False),),
        "-created_at": (("created_at", True),),
    }
    lookup_value_regex = r"[A-Za-z0-9_-]+"
    # The moment a row last changed, and the unique column that orders rows of equal moments.
    timestamp_field = "updated_at"
    cursor_tiebreaker = "uid"
    # Extra query parameters an action accepts besides the filters.
    common_params = frozenset({LANG_PARAM, TRANSLATIONS_PARAM, FORMAT_PARAM})
    list_params = frozenset({CURSOR_PARAM, PAGE_SIZE_PARAM, ORDERING_PARAM})

    # -- request set-up ---------------------------------------------------------------------
    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        # The language first, so that every later error is in the reader's language.
        request.api_language = "en"
        request.api_all_languages = False
        request.api_language = negotiate_language(request)
        super().initial(request, *args, **kwargs)
        every = request.query_params.get(TRANSLATIONS_PARAM)
        if every is not None and every != "all":
            raise InvalidParameter(TRANSLATIONS_PARAM, _("The only value accepted is “all”."))
        request.api_all_languages = every == "all"
        self.check_parameters(request)

    def allowed_parameters(self) -> set[str]:
        allowed = set(self.common_params)
        if self.action == "list":
            allowed |= self.list_params
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                allowed |= set(filterset_class.base_filters)
        return allowed

    def check_parameters(self, request: Any) -> None:
        allowed = self.allowed_parameters()
        for name in request.query_params:
            if name not in allowed:
                raise InvalidParameter(
                    name[:50],
                    _("Unknown parameter “%(name)s”. Accepted here: %(names)s.")
                    % {"name": name[:50], "names": ", ".join(sorted(allowed))},
                    code="unknown_parameter",
                )
        for name in allowed & {LANG_PARAM, TRANSLATIONS_PARAM, CURSOR_PARAM, ORDERING_PARAM}:
            if len(request.query_params.getlist(name)) > 1:
                raise InvalidParameter(name, _("Give this parameter once."))

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any):
        if response.status_code >= 400:
            # Errors are problem documents whatever format was asked for (CSV, iCalendar).
            request.accepted_renderer = ProblemJSONRenderer()
            request.accepted_media_type = ProblemJSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = getattr(request, "api_language", None) or (
            translation.get_language()
        )
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
        for header in ("Accept", "Accept-Language", "Authorization", "Cookie"):
            if header not in vary:
                vary.append(header)
        response["Vary"] = ", ".join(vary)
        # Only a client already authenticated: reading request.user here would authenticate
        # afresh, and a bad token would raise while the error is being answered.
        authenticated = getattr(getattr(request, "_user", None), "is_authenticated", False)
        # Always revalidate (the ETag makes that cheap): an unpublished record must never be
        # served from a cache. Partner answers may hold restricted documents: private.
        response["Cache-Control"] = "private, no-cache" if authenticated else "no-cache"
        return response

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["language"] = getattr(self.request, "api_language", "en")
        if not hasattr(self, "_access_levels"):
            self._access_levels = HOOKS.access_levels(self.request.user)
        context["access_levels"] = self._access_levels
        context["citations"] = getattr(self, "_citations", {})
        return context

    def perform_content_negotiation(self, request: Any, force: bool = False) -> Any:
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as error:  # DRF's answer to an unknown ?format= or suffix
            raise InvalidParameter(
                FORMAT_PARAM,
                _("Unknown format. Use one of: %(formats)s.")
                % {"formats": ", ".join(r.format for r in self.get_renderers())},
            ) from error

    # -- ordering --------------------------------------------------------------------------
    def resolve_ordering(self, request: Any) -> tuple[str, list[tuple[str, bool]]]:
        name = request.query_params.get(ORDERING_PARAM) or "updated_at"
        if name not in self.ordering_options:
            raise InvalidParameter(
                ORDERING_PARAM,
                _("Sort by one of: %(names)s.") % {"names": ", ".join(self.ordering_options)},
            )
        return name, list(self.ordering_options[name])

    # -- actions ---------------------------------------------------------------------------
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        # The validators need no filtering (the filters are in the variant key), so a 304 is
        # answered before a filter set is built: that alone cost two thirds of a 304.
        etag, last_modified = self.list_validators(self.record_model())
        if self.not_modified(etag, last_modified):
            return self.not_modified_response(etag, last_modified)
        queryset = self.filter_queryset(self.list_queryset())
        # The text filter `q` is the search index's LIKE: planned for its terms each time.
        with planned_each_time(enabled="q" in request.query_params):
            response = self.render_list(queryset)
        return self.with_validators(response, etag, last_modified)

    def list_queryset_key(self) -> Hashable | None:
        """What `get_queryset()` depends on, for a view that can say so: `()` for nothing (a
        selector of published records, whoever reads them). The list's queryset is then built
        once per process, language and key, and each request gets a copy, as DRF does with a
        view's `queryset` attribute: building the selector's queryset (its joins, its related
        records, modeltranslation's rewriting) was a fifth of an API list's instructions.
        None, the default: built on every request (a queryset that depends on the reader, the
        time or anything else)."""
        return None

    def list_queryset(self) -> QuerySet:
        """`get_queryset()`, or a copy of the one kept for `list_queryset_key()`."""
        key = self.list_queryset_key()
        if key is None:
            return self.get_queryset()
        kept, _query_key = kept_queryset((type(self), key), self.get_queryset)
        return kept.all()

    def record_model(self) -> type[Model]:
        """The listed model, without building the queryset (a 304 needs no more)."""
        return self.get_serializer_class().Meta.model

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Every filter leaves the list as it is when its parameter is absent; building the
        # filter set's form to learn that cost a third of an unfiltered list.
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None and not any(
            name in self.request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(queryset)

    def render_list(self, queryset: QuerySet) -> Response:
        # The page is chosen on the narrow columns the cursor and the cache keys need; full
        # records (their joins and prefetches) are read only for representations not yet kept.
        _name, keys = self.resolve_ordering(self.request)
        narrow = {"pk", self.timestamp_field, self.cursor_tiebreaker, *(f for f, _d in keys)}
        page = self.paginator.page_rows(queryset, sorted(narrow), self.request, self)
        context = self.get_serializer_context()

        def load(pks: list) -> list:
            return list(queryset.filter(pk__in=pks))

        def serialize(objects: list) -> list[dict]:
            self.prepare_objects(objects)
            return self.get_serializer(objects, many=True).data

        data = representations(
            queryset.model,
            page,
            reader=variant(self.request, context["access_levels"]),
            generation=self.content_generation(),
            timestamp_field=self.timestamp_field,
            load=load,
            serialize=serialize,
            as_json=isinstance(self.request.accepted_renderer, FastJSONRenderer),
        )
        return self.get_paginated_response(data)

    def prepare_objects(self, objects: list) -> None:
        """Fetch what a whole page needs in one query each (the records' citations)."""
        self._citations = HOOKS.citations(list(objects))


class RecordViewSet(ListViewSet):
    """A read-only endpoint of published records: the list, and each record by its public
    uid or its own key (`lookup_field`: slug, code)."""

    def lookup_filter(self) -> Q:
        """The detail lookup: the public uid, or the resource's own key (slug, code)."""
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        try:
            return Q(uid=uuid.UUID(value))
        except ValueError:
            if self.lookup_field == "uid":  # not an id at all: nothing can match
                raise Http404 from None
            return Q(**{self.lookup_field: self.normalise_lookup(value)})

    def normalise_lookup(self, value: str) -> str:
        return value

    def get_object(self) -> Model:
        obj = self.get_queryset().filter(self.lookup_filter()).first()
        if obj is None:
            raise Http404
        return obj

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        # The validators come from one narrow query; the record and its parts are read only
        # when the client's copy is out of date.
        # The content generation (in every ETag) comes with it, in the same statement.
        found = (
            self.get_queryset()
            .prefetch_related(None)
            .filter(self.lookup_filter())
            .annotate(generation=RawSQL(generation_sql(), ()))
            .values_list("uid", "updated_at", "generation")
            .first()
        )
        if found is None:
            raise Http404
        uid, updated_at, generation = found
        self._content_generation = str(generation)
        etag = self._etag([self.variant_key(), str(uid), str(updated_at)])
        if self.not_modified(etag, updated_at):
            return self.not_modified_response(etag, updated_at)
        obj = self.get_queryset().filter(uid=uid).first()
        if obj is None:  # deleted or unpublished between the two queries
            raise Http404
        return self.with_validators(self.render_object(obj), etag, obj.updated_at)

    def render_object(self, obj: Model) -> Response:
        self.prepare_objects([obj])
        data = self.get_serializer(obj).data
        return Response({"language": self.request.api_language, **data})
