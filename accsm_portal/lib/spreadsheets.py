"""XLSX downloads of portal pages: one sheet per table, a header row people understand, real
dates and numbers, and text that a spreadsheet never runs as a formula.

The portal's exports (meetings list, a work plan's activities, the ARC directory) build a list
of `Column`s and rows of plain values and hand them to `xlsx_response`; each app decides what
its rows hold (through its visibility selectors), this module only writes them.

Formula injection: a cell whose text begins with =, +, -, @, a tab or a carriage return is
run as a formula by Excel and LibreOffice (`=HYPERLINK(...)`, `=cmd|...`). Record text comes
from many hands, so no text cell is ever written as a formula here.
"""

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What makes a spreadsheet read text as a formula (OWASP, "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Number formats for dates known to the day, the month or the year only (core.DatePrecision):
# a date stored as 1 January because only its year is known is shown as the year.
DATE_FORMATS = {"day": "yyyy-mm-dd", "month": "yyyy-mm", "year": "yyyy"}

# Characters Excel refuses in a sheet's name, and its length limit.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_MAX = 31


def starts_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_TRIGGERS)


def neutralise_formula(value: str) -> str:
    """Text made safe for a writer that can only hand over strings (CSV, tablib in the admin's
    exports): a leading apostrophe, which spreadsheets read as "this is text".

    The XLSX writer below keeps the text exactly as recorded instead: it stores such a cell as
    a string with Excel's quote prefix (`write_text`), which is safe without changing the
    value. Both decide with `starts_like_formula`; change the triggers in one place."""
    if value and starts_like_formula(value):
        return "'" + value
    return value


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
