"""Safe spreadsheets: cells that cannot run as formulas, and XLSX files checked before opening.

Every export the portal writes (the admin's XLSX and CSV, the API's CSV) passes its text
cells through `defuse_formula`; every XLSX the admin reads is checked by `check_xlsx_archive`
before openpyxl expands it.
"""

import io
import zipfile
from typing import Any

from django.utils.translation import gettext

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


def defuse_formula(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, prefixed with an apostrophe so it is
    shown as the text it is; any other value unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
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
