"""The machinery every endpoint of the REST API shares (docs/api.md explains the choices).

One module per concern:

- params:      the names of the shared query parameters and the page-size limits.
- problems:    errors as RFC 9457 problem details with a stable `code`, a translated message,
               and the offending query parameter named.
- languages:   `?lang=` or Accept-Language picks the response language; Content-Language says
               it; `?translations=all` gives all four languages.
- fields:      serializer fields: translated text with its fallbacks, partial dates, URLs.
- visibility:  the core app's visibility rules, wired by `configure()` (PortalConfig.ready).
- renderers:   JSON through orjson (DRF's bytes), CSV for every resource.
- filters:     the parameters of every list: `updated_since`, `q`, choices, records by key.
- pagination:  keyset cursor pagination on a stable key (default `updated_at`, then `uid`), so
               that `updated_since` plus the cursor builds a complete mirror.
- throttling:  one throttle with a rate per kind of client; it lets requests through when the
               cache is unreachable. The read-only permission.
- schema:      the OpenAPI parameters and answers every operation shares.
- conditional: ETag and Last-Modified from the newest visible `updated_at`, the newest tombstone
               and the content generation, before any filter or row, so a 304 costs two
               index lookups.
- representations: each record's representation kept per reader, keyed by its `updated_at`
               and the content generation; a list page is one narrow query and a multi-get.
- viewsets:    ListViewSet and RecordViewSet, which the apps' API views build on.

The apps import from this package (`from accsm_portal.lib.api import RecordViewSet`), not from
its modules, so a name can move between modules without touching them. This package imports no
app: the apps' API modules build on it.
"""

from accsm_portal.lib.api.conditional import (
    ConditionalRequestsMixin,
)
from accsm_portal.lib.api.fields import (
    TRANSLATED_SCHEMA,
    ApiUrlField,
    FallbacksField,
    PartialDateField,
    PortalUrlField,
    TranslatedField,
    UTCDateTimeField,
    absolute_api_url,
    absolute_portal_url,
    format_partial_date,
    ordered_columns,
)
from accsm_portal.lib.api.filters import (
    CommaChoiceField,
    CommaChoiceFilter,
    DateFilter,
    IntegerFilter,
    IsoDateField,
    IsoDateTimeParamField,
    RecordChoiceField,
    RecordChoiceFilter,
    RecordFilterSet,
    SinceFilter,
    choice_filter,
    filter_text,
)
from accsm_portal.lib.api.languages import (
    activate_from_accept_language,
    api_language,
    language_from_accept_header,
    negotiate_language,
)
from accsm_portal.lib.api.pagination import (
    KeysetCursorPagination,
)
from accsm_portal.lib.api.params import (
    CURSOR_PARAM,
    DEFAULT_PAGE_SIZE,
    FORMAT_PARAM,
    LANG_PARAM,
    MAX_PAGE_SIZE,
    ORDERING_PARAM,
    PAGE_SIZE_PARAM,
    TRANSLATIONS_PARAM,
)
from accsm_portal.lib.api.problems import (
    PROBLEM_TITLES,
    PROBLEM_TYPE,
    InvalidParameter,
    ProblemJSONRenderer,
    problem_details,
    problem_exception_handler,
)
from accsm_portal.lib.api.renderers import CSVRenderer, FastJSONRenderer
from accsm_portal.lib.api.schema import (
    PROBLEM_SCHEMA,
    ApiAutoSchema,
)
from accsm_portal.lib.api.throttling import (
    PARTNER_GROUP,
    ApiRateThrottle,
    PublicReadOnly,
)
from accsm_portal.lib.api.viewsets import (
    ListViewSet,
    RecordViewSet,
    not_found_view,
)
from accsm_portal.lib.api.visibility import (
    HOOKS,
    Hooks,
    VisibleListSerializer,
    VisibleSerializerMixin,
    configure,
    is_visible,
    loaded_lists,
)
from accsm_portal.lib.spreadsheets import FORMULA_STARTS

__all__ = [
    "CURSOR_PARAM",
    "DEFAULT_PAGE_SIZE",
    "FORMAT_PARAM",
    "FORMULA_STARTS",
    "HOOKS",
    "LANG_PARAM",
    "MAX_PAGE_SIZE",
    "ORDERING_PARAM",
    "PAGE_SIZE_PARAM",
    "PARTNER_GROUP",
    "PROBLEM_SCHEMA",
    "PROBLEM_TITLES",
    "PROBLEM_TYPE",
    "TRANSLATED_SCHEMA",
    "TRANSLATIONS_PARAM",
    "ApiAutoSchema",
    "ApiRateThrottle",
    "ApiUrlField",
    "CSVRenderer",
    "CommaChoiceField",
    "CommaChoiceFilter",
    "ConditionalRequestsMixin",
    "DateFilter",
    "FallbacksField",
    "FastJSONRenderer",
    "Hooks",
    "IntegerFilter",
    "InvalidParameter",
    "IsoDateField",
    "IsoDateTimeParamField",
    "KeysetCursorPagination",
    "ListViewSet",
    "PartialDateField",
    "PortalUrlField",
    "ProblemJSONRenderer",
    "PublicReadOnly",
    "RecordChoiceField",
    "RecordChoiceFilter",
    "RecordFilterSet",
    "RecordViewSet",
    "SinceFilter",
    "TranslatedField",
    "UTCDateTimeField",
    "VisibleListSerializer",
    "VisibleSerializerMixin",
    "absolute_api_url",
    "absolute_portal_url",
    "activate_from_accept_language",
    "api_language",
    "choice_filter",
    "configure",
    "filter_text",
    "format_partial_date",
    "is_visible",
    "language_from_accept_header",
    "loaded_lists",
    "negotiate_language",
    "not_found_view",
    "ordered_columns",
    "problem_details",
    "problem_exception_handler",
]
