"""Safe spreadsheets: cells that cannot run as formulas, XLSX files checked before opening, and
the XLSX downloads of portal pages.

Every export that can only hand over strings (the admin's XLSX and CSV, the API's CSV) passes
its text cells through `defuse_formula`; the portal's own XLSX writer (`xlsx_response`) keeps
the text exactly as recorded and stores such a cell as text with Excel's quote prefix
(`write_text`). Both decide with `starts_like_formula`. Every XLSX the admin reads is checked
by `check_xlsx_archive` before openpyxl expands it.

The portal's exports (meetings list, a work plan's activities, the ARC directory) build a list
of `Column`s and rows of plain values and hand them to `xlsx_response`; each app decides what
its rows hold (through its visibility selectors), this module only writes them.
"""

import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# A cell starting with one of these is a formula to a spreadsheet program (OWASP, "CSV
# injection"): `=HYPERLINK(...)`, `+1+1`, `-1+1`, `@SUM(...)`, and a tab or carriage return
# in front of any of them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# An XLSX is a zip archive of XML files. A real export of thousands of records expands to a
# few tens of megabytes at a ratio well under 100; a zip bomb expands to gigabytes at ratios
# in the thousands. Both limits are read from the archive's central directory, before any
# member is expanded.
XLSX_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
XLSX_MAX_RATIO = 500
XLSX_MAX_MEMBERS = 10_000


def starts_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def defuse_formula(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, prefixed with an apostrophe so it is
    shown as the text it is; any other value unchanged."""
    if isinstance(value, str) and starts_like_formula(value):
        return "'" + value
    return value


class SpreadsheetRefused(ValueError):
    """A file refused before it is read; the message is translated and meant for the editor."""


def check_xlsx_archive(data: bytes) -> None:
    """Refuse an XLSX whose archive is not a zip, or would expand too far (a zip bomb),
    judging only from its central directory."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SpreadsheetRefused(
            gettext("This file is not an XLSX spreadsheet, or it is damaged.")
        ) from exc
    with archive:
        members = archive.infolist()
    total = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    too_big = total > XLSX_MAX_UNCOMPRESSED_BYTES or len(members) > XLSX_MAX_MEMBERS
    too_dense = any(
        member.file_size > XLSX_MAX_RATIO * max(member.compress_size, 1)
        and member.file_size > 1024 * 1024
        for member in members
    )
    if too_big or too_dense or total > XLSX_MAX_RATIO * max(compressed, 1) + 1024 * 1024:
        raise SpreadsheetRefused(
            gettext(
                "This spreadsheet would expand to %(size)s MB when opened, far more than its "
                "contents can need; it was refused unopened. Save it again as a normal XLSX "
                "file, or split it."
            )
            % {"size": f"{total / (1024 * 1024):,.0f}"}
        )


# The portal's XLSX downloads.

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Number formats for dates known to the day, the month or the year only (core.DatePrecision):
# a date stored as 1 January because only its year is known is shown as the year.
DATE_FORMATS = {"day": "yyyy-mm-dd", "month": "yyyy-mm", "year": "yyyy"}

# Characters Excel refuses in a sheet's name, and its length limit.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_MAX = 31


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, month or year: written as a real date, shown as precise as it
    is known."""

    value: datetime.date
    precision: str = "day"


@dataclass(frozen=True)
class Column:
    header: str  # translated: what a reader of the sheet sees
    width: int = 18


def write_text(cell: Cell, value: str) -> None:
    """Text as text: a value that looks like a formula is kept as a string (never evaluated
    on opening) with the quote prefix, so editing the cell in Excel keeps it text too."""
    cell.value = value
    if starts_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_value(cell: Cell, value: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, PartialDate):
        cell.value = value.value
        cell.number_format = DATE_FORMATS.get(value.precision, DATE_FORMATS["day"])
    elif isinstance(value, datetime.datetime):
        # Excel has no time zones: the time as the portal shows it, without the offset.
        cell.value = value.replace(tzinfo=None)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMATS["day"]
    elif isinstance(value, bool | int | float):
        cell.value = value
    else:
        write_text(cell, str(value))


def sheet_title(title: str) -> str:
    return _SHEET_TITLE_FORBIDDEN.sub(" ", title)[:_SHEET_TITLE_MAX].strip() or "Sheet"


def write_sheet(sheet: Worksheet, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> None:
    """A header row (bold, frozen, with filters) and one row per record."""
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        write_text(cell, column.header)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    row_number = 1
    for row_number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            write_value(sheet.cell(row=row_number, column=index), value)
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(row_number, 1)}"


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]


def xlsx_response(*, filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """A workbook with these sheets, as a download named `filename`."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        write_sheet(workbook.create_sheet(sheet_title(sheet.title)), sheet.columns, sheet.rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
