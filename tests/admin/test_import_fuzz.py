"""Bad input at scale in the admin: spreadsheets and forms that are wrong in every way an editor
(or an attacker) can make them — wrong types, unknown choices and related records, 1 MB cells,
formulas, damaged and truncated XLSX files, a zip bomb, empty files, the wrong encoding — and
random rows and form posts from hypothesis.

For every input: no server error, a clear error in the editor's language where it is refused,
and nothing written (every table's row count, history included, unchanged). The module ends
with one line, quoted in docs/reliability.md:
    admin fuzz: N inputs, 0 server errors, 0 partial writes
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accsm_portal.lib.backup import current_row_counts
from accsm_portal.lib.spreadsheets import SpreadsheetRefused, check_xlsx_archive
from arcs.models import ResourceCentre
from meetings.models import Meeting
from tests import factories
from tests.accounts import login
from tests.admin.test_import_export import (
    ACTIVITY_HEADERS,
    activity_row,
    csv_file,
    format_index,
    import_url,
    work_plan,  # noqa: F401 (a fixture, used by name)
    xlsx_file,
)
from tests.conftest import ARTIFACTS_DIR
from workplans.models import Activity

pytestmark = pytest.mark.django_db

# Rows that change on every request whatever it carries (the session of the signed-in editor).
NOT_RECORDS = {"sessions.session"}
MB = 1024 * 1024


@dataclass
class Tally:
    inputs: int = 0
    server_errors: list[str] = field(default_factory=list)
    partial_writes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"admin fuzz: {self.inputs} inputs, {len(self.server_errors)} server errors, "
            f"{len(self.partial_writes)} partial writes"
        )


TALLY = Tally()


@pytest.fixture(scope="module", autouse=True)
def _report(request):
    yield
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    (ARTIFACTS_DIR / "admin-fuzz.txt").write_text(TALLY.line() + "\n", encoding="utf-8")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(TALLY.line())


@pytest.fixture
def editor_client(client, secretariat_editor):
    login(client, secretariat_editor)
    client.raise_request_exception = False  # a server error is counted, not raised
    return client


def counts() -> dict[str, int]:
    return {k: v for k, v in current_row_counts().items() if k not in NOT_RECORDS}


def try_input(name: str, send, *, writes_allowed: bool = False):
    """Send one bad input; count it, and any server error or write it caused."""
    before = counts()
    response = send()
    TALLY.inputs += 1
    if response.status_code >= 500:
        TALLY.server_errors.append(name)
    # A form that was accepted (a redirect) wrote a whole record; any other answer writes nothing.
    if not (writes_allowed and response.status_code == 302) and counts() != before:
        changed = {k: (before.get(k), v) for k, v in counts().items() if before.get(k) != v}
        TALLY.partial_writes.append(f"{name}: {changed}")
    assert response.status_code < 500, name
    assert not TALLY.partial_writes, TALLY.partial_writes
    return response


def upload(client, url, file, fmt: str):
    page = client.get(url)
    return client.post(url, {"import_file": file, "format": format_index(page, fmt)})


def shown(response) -> str:
    """Every error the page shows: messages and the upload form's errors."""
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    context = getattr(response, "context", None) or {}
    form = context.get("form")
    if form is not None and hasattr(form, "errors"):
        texts += [str(e) for errors in form.errors.values() for e in errors]
    return " ".join(texts)


def in_lao(text: str) -> bool:
    return any("\u0e80" <= char <= "\u0eff" for char in text)


def real_xlsx(plan) -> bytes:
    return xlsx_file(ACTIVITY_HEADERS, [activity_row(plan)] * 20).read()


def zip_bomb(expanded_mb: int = 300) -> bytes:
    """A few hundred kilobytes that expand to `expanded_mb` MB: an XLSX's parts, one of them
    a sheet of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"0" * MB
            for _ in range(expanded_mb):
                member.write(block)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Files that are not the spreadsheet they claim to be
# ---------------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_unopened_with_a_khmer_message(editor_client, work_plan):  # noqa: F811
    bomb = zip_bomb()
    assert len(bomb) < 2 * MB

    response = try_input(
        "zip bomb",
        lambda: upload(
            editor_client,
            import_url(Activity, "km"),
            SimpleUploadedFile("activities.xlsx", bomb),
            "xlsx",
        ),
    )

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "ត្រូវបានបដិសេធ" in shown(response)  # "refused", in Khmer
    assert "300 MB" in shown(response)


BROKEN_FILES = {
    "random bytes as xlsx": (lambda wp: bytes(range(256)) * 40, "xlsx"),
    "truncated real xlsx": (lambda wp: real_xlsx(wp)[: len(real_xlsx(wp)) // 2], "xlsx"),
    "real xlsx, last byte gone": (lambda wp: real_xlsx(wp)[:-1], "xlsx"),
    "zip without a workbook": (
        lambda wp: _zip_of({"hello.txt": b"not a workbook"}),
        "xlsx",
    ),
    "xlsx with broken sheet xml": (lambda wp: _broken_sheet_xml(wp), "xlsx"),
    "empty xlsx": (lambda wp: b"", "xlsx"),
    "empty csv": (lambda wp: b"", "csv"),
    "csv header only": (lambda wp: ",".join(ACTIVITY_HEADERS).encode(), "csv"),
    "xlsx uploaded as csv": (lambda wp: real_xlsx(wp), "csv"),
    "csv in utf-16": (
        lambda wp: csv_file(ACTIVITY_HEADERS, [activity_row(wp)]).read().decode().encode("utf-16"),
        "csv",
    ),
    "csv in windows-1252": (
        lambda wp: "title_en,title_vi\r\nRéunion à Vientiane,B\r\n".encode("cp1252"),
        "csv",
    ),
    "csv of NUL bytes": (lambda wp: b"\x00" * 5000, "csv"),
    "csv with an unclosed quote": (lambda wp: b'uid,title_en\r\n,"never closed\r\n', "csv"),
    "csv with 5000 columns": (lambda wp: (",".join(["x"] * 5000) + "\r\n").encode() * 3, "csv"),
}


def _zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _broken_sheet_xml(plan) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(real_xlsx(plan)))
    members = {name: source.read(name) for name in source.namelist()}
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"][:200]
    return _zip_of(members)


@pytest.mark.parametrize("name", BROKEN_FILES)
def test_a_broken_file_is_refused_with_a_translated_error(editor_client, work_plan, name):  # noqa: F811
    build, fmt = BROKEN_FILES[name]
    data = build(work_plan)

    response = try_input(
        name,
        lambda: upload(
            editor_client,
            import_url(Activity, "lo"),
            SimpleUploadedFile(f"activities.{fmt}", data),
            fmt,
        ),
    )

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    text = shown(response)
    assert "Traceback" not in response.content.decode()
    # A refusal in Lao, never a bare exception name.
    assert in_lao(text), (name, text)
    assert "Error" not in text


def test_a_csv_in_the_wrong_encoding_says_to_save_it_as_utf8_in_lao(editor_client, work_plan):  # noqa: F811
    data = "title_en,title_vi\r\nRéunion à Vientiane,B\r\n".encode("cp1252")

    response = try_input(
        "windows-1252 csv, message",
        lambda: upload(
            editor_client,
            import_url(Activity, "lo"),
            SimpleUploadedFile("activities.csv", data),
            "csv",
        ),
    )

    assert "UTF-8" in shown(response)
    assert "ບັນທຶກ" in shown(response)  # "save", in Lao


# ---------------------------------------------------------------------------------------------
# Rows that are wrong cell by cell
# ---------------------------------------------------------------------------------------------

WRONG_CELLS = {
    "planned_start": ["not a date", "31/02/2024", "2024-13-01", "99999-01-01", "", "0"],
    "priority_area": ["three", "-1", "1e400", "3.5", "99999999999999999999"],
    "status": ["bogus", "PLANNED ", "<script>"],
    "date_precision": ["week", ""],
    "original_language": ["xx", "EN", ""],
    "track": ["nope"],
    "lead_country": ["ZZ", "", "KH,LA", "1"],
    "co_lead_countries": ["ZZ,LA", ",,,", "KH;LA"],
    "work_plan": ["no-such-plan", ""],
    "uid": ["not-a-uuid", "00000000-0000-0000-0000-000000000000' OR 1=1 --"],
    "title_en": ["", "x" * MB, '=HYPERLINK("http://evil.example","click")'],
    "title_km": ["\x00\x01\x02"],
    "title_lo": ["x" * MB],
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_rows_with_wrong_cells_write_nothing_and_never_fail(editor_client, work_plan, fmt):  # noqa: F811
    make = csv_file if fmt == "csv" else xlsx_file
    rows = []
    for column, values in WRONG_CELLS.items():
        for value in values:
            row = activity_row(work_plan)
            row[ACTIVITY_HEADERS.index(column)] = value
            rows.append(row)
    for number, row in enumerate(rows):
        if fmt == "xlsx" and any(ord(c) < 32 for c in str(row[ACTIVITY_HEADERS.index("title_km")])):
            continue  # openpyxl cannot even write control characters into a cell
        response = try_input(
            f"{fmt} wrong cell {number}",
            lambda row=row: upload(
                editor_client, import_url(Activity, "km"), make(ACTIVITY_HEADERS, [row]), fmt
            ),
        )
        assert response.status_code == 200


def test_one_bad_row_among_many_writes_nothing_at_the_confirmation_step(
    editor_client,
    work_plan,  # noqa: F811
):
    rows = [activity_row(work_plan, title=f"Row {n}") for n in range(60)]
    preview = upload(editor_client, import_url(Activity), xlsx_file(ACTIVITY_HEADERS, rows), "xlsx")
    form = preview.context["confirm_form"]
    work_plan.priority_areas.all().delete()  # every row now points at nothing

    try_input(
        "60 rows, confirmation after they became invalid",
        lambda: editor_client.post(
            reverse("admin:workplans_activity_process_import"),
            {name: form.initial[name] for name in form.initial},
        ),
    )

    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "file_name", ["../../../../etc/passwd", "does-not-exist", "", "/dev/zero", "x" * 5000]
)
def test_a_tampered_confirmation_is_refused(editor_client, work_plan, file_name):  # noqa: F811
    preview = upload(
        editor_client,
        import_url(Activity),
        xlsx_file(ACTIVITY_HEADERS, [activity_row(work_plan)]),
        "xlsx",
    )
    data = dict(preview.context["confirm_form"].initial)
    data["import_file_name"] = file_name

    response = try_input(
        f"tampered confirmation {file_name[:30]}",
        lambda: editor_client.post(reverse("admin:workplans_activity_process_import"), data),
    )

    assert not Activity.objects.exists()
    if file_name:  # (an empty name is a form error of the confirmation form itself)
        assert response.status_code == 302
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert "This import is no longer available: upload the file again." in messages


# ---------------------------------------------------------------------------------------------
# Random rows and random form posts
# ---------------------------------------------------------------------------------------------

CELL = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "KH", "LA", "accsm", "2024-03-01"]
    ),
    st.dates().map(str),
)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # report a failure as found: shrinking is slow here
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=len(ACTIVITY_HEADERS), max_size=16), max_size=4))
def test_random_csv_rows_never_fail_the_import(editor_client, work_plan, rows):  # noqa: F811
    try_input(
        "random csv",
        lambda: upload(
            editor_client, import_url(Activity), csv_file(ACTIVITY_HEADERS, rows), "csv"
        ),
    )


@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes_never_fail_the_import(editor_client, data):
    for fmt in ("xlsx", "csv"):
        try_input(
            f"random {fmt} bytes",
            lambda fmt=fmt: upload(
                editor_client,
                import_url(Meeting),
                SimpleUploadedFile(f"meetings.{fmt}", data),
                fmt,
            ),
        )


FORM_VALUE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "abc", "-1", "0", "99999999999999999999", "2024-02-30", "1e309", "x" * MB]
    ),
    st.integers().map(str),
)
FORM_MODELS = [Meeting, Activity, ResourceCentre]


def admin_form_fields(client, model) -> list[str]:
    opts = model._meta
    page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return list(page.context["adminform"].form.fields)


@FUZZ
@given(data=st.data())
def test_random_admin_form_posts_are_refused_cleanly(editor_client, data):
    model = data.draw(st.sampled_from(FORM_MODELS))
    opts = model._meta
    names = admin_form_fields(editor_client, model)
    post = {name: data.draw(FORM_VALUE, label=name) for name in names}
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add").replace("/en/", "/km/", 1)

    response = try_input(
        f"random {opts.model_name} form", lambda: editor_client.post(url, post), writes_allowed=True
    )

    # 400: the post is larger than DATA_UPLOAD_MAX_MEMORY_SIZE (several 1 MB fields).
    assert response.status_code in (200, 302, 400)


# ---------------------------------------------------------------------------------------------
# Exports never carry a live formula
# ---------------------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-1+1", "@SUM(A1:A9)", "\t=1+1"]


def test_admin_and_portal_exports_carry_formulas_as_text(client, secretariat_editor, cambodia):
    for title in FORMULAS:
        factories.ActivityFactory(lead_country=cambodia, title_en=title, title_lo=title)
        factories.MeetingFactory(title_en=title, publication_state="published")
    login(client, secretariat_editor)
    url = reverse("admin:workplans_activity_export")
    page = client.get(url)
    formats = {
        label.lower(): value for value, label in page.context["form"].fields["format"].choices
    }
    fields = {f"activityresource_{name}": "on" for name in ("title_en", "title_lo")}

    as_csv = client.post(url, {"format": formats["csv"], "resource": 0, **fields})
    as_xlsx = client.post(url, {"format": formats["xlsx"], "resource": 0, **fields})
    portal_csv = client.get("/api/v1/meetings/?format=csv")

    csv_cells = [
        c for row in csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))) for c in row
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    xlsx_cells = [cell for row in sheet.iter_rows() for cell in row]
    portal_cells = [c for row in csv.reader(io.StringIO(portal_csv.content.decode())) for c in row]
    for title in FORMULAS:
        assert "'" + title in csv_cells
        assert "'" + title in portal_cells
        assert "'" + title in [cell.value for cell in xlsx_cells]
    assert all(cell.data_type != "f" for cell in xlsx_cells)  # no cell is a formula
    assert not any(str(c).startswith(("=", "+", "-", "@", "\t")) for c in csv_cells + portal_cells)


def test_a_real_5000_row_spreadsheet_passes_the_zip_bomb_check():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["uid", "title_en", "title_km", "status"])
    for _ in range(5000):
        sheet.append(["", "Workshop on e-government", "សិក្ខាសាលាស្តីពីរដ្ឋាភិបាល", "planned"])
    buffer = io.BytesIO()
    book.save(buffer)

    check_xlsx_archive(buffer.getvalue())  # raises SpreadsheetRefused if refused


def test_a_zip_bomb_is_refused_by_the_check_itself():
    with pytest.raises(SpreadsheetRefused):
        check_xlsx_archive(zip_bomb(expanded_mb=250))
