"""JSON through orjson, and CSV for every resource: nested objects as dotted columns, formulas
defused."""

import csv
import io
import json
from typing import Any

import orjson
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

from accsm_portal.lib.api.fields import ordered_columns
from accsm_portal.lib.spreadsheets import defuse_formula


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        if not value and prefix:
            out[prefix] = ""
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    else:
        out[prefix] = value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            value = " | ".join("" if item is None else str(item) for item in value)
        else:
            value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return defuse_formula(str(value))


def _at_path(row: Any, column: str) -> Any:
    value = row
    for part in column.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


class CSVRenderer(BaseRenderer):
    """A list (or one object) as CSV: one row per object, nested objects as dotted columns
    (`host_country.code`), translated fields one column per language with ?translations=all,
    lists of objects as JSON in their cell. The columns come from the serializer, so every page
    has the same header; the next page is in the Link header."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None):
        rows = data.get("results", [data]) if isinstance(data, dict) else list(data or [])
        view = (renderer_context or {}).get("view")
        request = (renderer_context or {}).get("request")
        if view is not None and hasattr(view, "get_serializer"):
            every = bool(getattr(request, "api_all_languages", False))
            columns = ordered_columns(view.get_serializer(), every)
            if isinstance(data, dict) and "results" not in data and "language" in data:
                columns = ["language", *columns]
        else:
            columns = []
            for row in rows:
                flat: dict[str, Any] = {}
                _flatten(row, "", flat)
                columns += [key for key in flat if key not in columns]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(_at_path(row, column)) for column in columns])
        return buffer.getvalue().encode("utf-8")


_ENCODER = JSONEncoder()
# Datetimes, like every type orjson does not write itself, go to DRF's encoder, so the bytes
# are the ones DRF's renderer wrote ("Z", milliseconds).
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


def to_json(data: Any) -> bytes:
    """JSON bytes as the API writes them."""
    return orjson.dumps(data, default=_ENCODER.default, option=_OPTIONS)


class FastJSONRenderer(JSONRenderer):
    """DRF's JSON, compact and in UTF-8 as configured, written by orjson: a 500-row sync page
    is over a megabyte, which the standard library encodes about twenty times slower. Kept
    representations arrive as orjson fragments and are written as they are. An indented
    answer (`Accept: application/json; indent=4`) is indented by two spaces, orjson's only
    width."""

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        if data is None:
            return b""
        option = _OPTIONS
        if self.get_indent(accepted_media_type or "", renderer_context or {}):
            option |= orjson.OPT_INDENT_2
        return orjson.dumps(data, default=_ENCODER.default, option=option)
