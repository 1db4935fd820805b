"""Spreadsheet import and export (XLSX, CSV) of records, in all four languages.

Built on django-import-export, which already gives the admin an upload, a preview of every row
and a confirmation step, and reads and writes XLSX and CSV through tablib; what is ours:
- every language column is its own spreadsheet column (title_en, title_km, title_lo, title_vi);
- related records are named by what editors know (a country's code, a work plan's slug), and a
  name that matches nothing is an error of that cell, in the editor's language;
- every row is validated like an edit in the admin (full_clean: the model rules apply), and
  if any row is invalid nothing is written, including at the confirmation step;
- imported records get a history entry saying they came from the spreadsheet;
- new records arrive as drafts: the publication state is exported but never imported;
- exported text that a spreadsheet would run as a formula is defused, and an XLSX is checked
  for a zip bomb before it is opened (accsm_portal/lib/spreadsheets.py).
"""

import os
import re
import tempfile
from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    MultipleObjectsReturned,
    ObjectDoesNotExist,
    ValidationError,
)
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import get_language, gettext
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.tmp_storages import TempFolderStorage

from accsm_portal.core import roles
from accsm_portal.core.admin_base import column_field_map
from accsm_portal.core.import_jobs import import_job_create
from accsm_portal.lib.i18n import LANGUAGE_CODES
from accsm_portal.lib.spreadsheets import SpreadsheetRefused, check_xlsx_archive, defuse_formula


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A related record named by a natural identifier (code, slug); an unknown one is the
    error of its cell, not a crash of the row."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except (ObjectDoesNotExist, MultipleObjectsReturned) as exc:
            raise ValueError(
                gettext("No %(record)s has the %(key)s “%(value)s”.")
                % {
                    "record": self.model._meta.verbose_name,
                    "key": self.model._meta.get_field(self.field).verbose_name,
                    "value": value,
                }
            ) from exc


class NaturalKeysWidget(widgets.ManyToManyWidget):
    """Several related records named by their identifiers, separated by commas."""

    def __init__(self, model, field: str):
        super().__init__(model, separator=",", field=field)

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row, **kwargs)
        if not value:
            return found
        wanted = {v.strip() for v in str(value).split(self.separator) if v.strip()}
        unknown = wanted - {str(getattr(obj, self.field)) for obj in found}
        if unknown:
            raise ValueError(
                gettext("No %(record)s has the %(key)s “%(value)s”.")
                % {
                    "record": self.model._meta.verbose_name,
                    "key": self.model._meta.get_field(self.field).verbose_name,
                    "value": ", ".join(sorted(unknown)),
                }
            )
        return found


class UidWidget(widgets.Widget):
    """The public identifier: empty for a new record (it gets a fresh one)."""

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        return value or None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def translated_columns(model, *names: str) -> list[str]:
    """title -> title_en, title_km, title_lo, title_vi, in the order given."""
    columns = column_field_map(model)
    return [
        f"{name}_{code}" for name in names for code in LANGUAGE_CODES if f"{name}_{code}" in columns
    ]


class RecordResource(resources.ModelResource):
    """What every record's spreadsheet has: its uid (empty for a new record), its original
    language, its publication state (exported, not imported), and its own columns."""

    uid = fields.Field(attribute="uid", column_name="uid", widget=UidWidget())
    publication_state = fields.Field(
        attribute="publication_state", column_name="publication_state", readonly=True
    )

    class Meta:
        abstract = True
        import_id_fields = ("uid",)
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        # The history entry of each imported row needs the row saved one by one.
        use_bulk = False

    def get_instance(self, instance_loader, row):
        if not UidWidget().clean(row.get("uid")):
            return None
        return super().get_instance(instance_loader, row)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "uid" and not UidWidget().clean(row.get("uid")):
            return  # a new record keeps the uid it was born with
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Set every field; collect each cell's error under its column name, many-to-many
        cells included (they are saved after the record, but checked before anything is)."""
        errors: dict[str, list] = {}
        self._m2m_values = {}
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    self._m2m_values[field.attribute] = list(
                        field.widget.clean(row[field.column_name], row=row)
                    )
                else:
                    self.import_field(field, instance, row, **kwargs)
            except (ValueError, ArithmeticError, TypeError) as exc:
                errors.setdefault(field.column_name, []).append(
                    ValidationError(str(exc), code="invalid")
                )
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own rules (full_clean) and the relation rules, with every error under
        the column the editor sees in the spreadsheet."""
        to_column = {f.attribute: f.column_name for f in self.get_import_fields()}
        to_attribute = {column: attribute for attribute, column in to_column.items()}
        cell_errors = dict(import_validation_errors or {})
        errors: dict = {}
        try:
            instance.full_clean(
                exclude=[to_attribute.get(column, column) for column in cell_errors],
                validate_unique=validate_unique,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            self.validate_relations(instance, getattr(self, "_m2m_values", {}))
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, problems in errors.items():
            cell_errors.setdefault(to_column.get(name, name), []).extend(problems)
        if cell_errors:
            raise ValidationError(cell_errors)

    def validate_relations(self, instance, m2m: dict) -> None:
        """Rules on many-to-many cells (co-leads must be member states ...); models add them."""

    def save_instance(self, instance, is_create, row, **kwargs):
        file_name = kwargs.get("file_name") or ""
        instance._change_reason = (
            gettext("Imported from the spreadsheet %(file)s") % {"file": file_name}
            if file_name
            else gettext("Imported from a spreadsheet")
        )
        # In a background import there is no request for django-simple-history to read the
        # editor from: the import names them.
        if kwargs.get("user") is not None:
            instance._history_user = kwargs["user"]
        # A dry run's saves are rolled back with their history rows: skip writing those, a
        # third of the cost of checking a row (simple-history's own switch).
        if kwargs.get("dry_run"):
            instance.skip_history_when_saving = True
        super().save_instance(instance, is_create, row, **kwargs)


def describe_import_errors(result, limit: int = 10) -> list[str]:
    """One translated sentence per failing cell: data row, spreadsheet row and column."""
    lines = []
    for row in result.invalid_rows:
        for column, problems in row.error_dict.items():
            for problem in problems:
                lines.append(
                    gettext(
                        "Row %(row)d (line %(line)d of the file), column “%(column)s”: %(problem)s"
                    )
                    % {
                        "row": row.number,
                        "line": row.number + 1,
                        "column": gettext("whole row") if column == NON_FIELD_ERRORS else column,
                        "problem": problem,
                    }
                )
    for error in result.base_errors:
        lines.append(str(error.error))
    for number, row_errors in result.row_errors():
        for error in row_errors:
            lines.append(
                gettext("Row %(row)d (line %(line)d of the file): %(problem)s")
                % {"row": number, "line": number + 1, "problem": error.error}
            )
    return lines[:limit]


def _defuse_dataset(dataset) -> None:
    for _row in range(len(dataset)):
        dataset.append([defuse_formula(cell) for cell in dataset.lpop()])


class SafeCSV(CSV):
    """CSV whose text cells cannot run as formulas in a spreadsheet program. (The library's
    IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT strips a leading `=` only, not `+ - @` or tabs.)"""

    def export_data(self, dataset, **kwargs):
        _defuse_dataset(dataset)
        return super().export_data(dataset, **kwargs)


class SafeXLSX(XLSX):
    """XLSX written without live formulas, and read only after its archive is checked."""

    def create_dataset(self, in_stream):
        check_xlsx_archive(in_stream)
        return super().create_dataset(in_stream)

    def export_data(self, dataset, **kwargs):
        _defuse_dataset(dataset)
        return super().export_data(dataset, **kwargs)


class UploadStorage(TempFolderStorage):
    """An uploaded spreadsheet kept between the preview and the confirmation.

    The library's folder storage names the file by its full path, which the confirmation form
    sends back, so a forged form could make the server read, import and then delete any file
    it can reach. Here the name is a random hex string given by the server, and any other name
    is refused before a path is built from it."""

    PREFIX = "accsm-import-"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.name is not None and not re.fullmatch(r"[0-9a-f]{32}", str(self.name)):
            raise SpreadsheetRefused(
                gettext("This import is no longer available: upload the file again.")
            )

    def get_full_path(self):
        return os.path.join(tempfile.gettempdir(), self.PREFIX + self.name)

    def save(self, data):
        self.name = self.name or uuid4().hex
        with open(self.get_full_path(), "wb") as file:
            file.write(data)

    def _open(self, mode="r"):
        return open(self.get_full_path(), mode, encoding=self.encoding)


class ImportExportRecordMixin(ImportExportMixin):
    """The admin's import and export of a record list; see the module docstring."""

    import_formats = [SafeXLSX, SafeCSV]
    export_formats = [SafeXLSX, SafeCSV]
    import_template_name = "admin/accsm/import.html"
    # Their export page without its inline event handler (Content-Security-Policy).
    export_template_name = "admin/accsm/export.html"
    tmp_storage_class = UploadStorage

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetRefused):
            form.add_error("import_file", str(e))
        elif isinstance(e, UnicodeDecodeError):
            form.add_error(
                "import_file",
                gettext("This CSV file is not in UTF-8. Save it again as “CSV UTF-8”."),
            )
        else:
            form.add_error(
                "import_file",
                gettext(
                    "This file could not be read as a spreadsheet of the chosen format. "
                    "Check the format, or save the file again and upload it."
                ),
            )

    def has_import_permission(self, request) -> bool:
        # An import writes whole records in every language: secretariat editors only, never
        # the roles whose edits are limited to some columns or some countries.
        user = request.user
        return (
            roles.translator_languages(user) is None
            and roles.focal_point_country_id(user) is None
            and self.has_add_permission(request)
            and self.has_change_permission(request)
        )

    def has_export_permission(self, request) -> bool:
        return self.has_view_or_change_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # Without this, django-import-export writes the valid rows and skips invalid ones at
        # the confirmation step (the data may have changed since the preview).
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def import_action(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            background = self._import_in_background(request)
            if background is not None:
                return background
        response = super().import_action(request, **kwargs)
        result = getattr(response, "context_data", {}).get("result")
        if result is not None and (result.has_errors() or result.has_validation_errors()):
            self._report_failed_import(request, result)
        return response

    def _import_in_background(self, request) -> HttpResponse | None:
        """A file of more than IMPORT_BACKGROUND_ROWS rows becomes an import job checked by a
        Celery task (core/import_jobs.py); the editor is sent to its progress page. Smaller
        files, and files that cannot be read (the normal form reports why), return None."""
        form = self.create_import_form(request)
        if not form.is_valid():
            return None
        format_class = self.get_import_formats()[int(form.cleaned_data["format"])]
        uploaded = form.cleaned_data["import_file"]
        try:
            input_format = format_class()
            data = uploaded.read()
            dataset = input_format.create_dataset(
                data if input_format.is_binary() else data.decode("utf-8-sig")
            )
        except Exception:  # the normal import form explains why the file cannot be read
            uploaded.seek(0)
            return None
        uploaded.seek(0)
        if len(dataset) <= settings.IMPORT_BACKGROUND_ROWS:
            return None
        job = import_job_create(
            user=request.user,
            model=self.model,
            resource_class=self.choose_import_resource_class(form, request),
            input_format_class=format_class,
            uploaded_file=uploaded,
            total=len(dataset),
            language=get_language(),
        )
        return HttpResponseRedirect(reverse("admin:core_importjob_change", args=[job.pk]))

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except (SpreadsheetRefused, OSError, UnicodeDecodeError) as exc:
            # A forged or stale confirmation (the file is gone, or was never ours); nothing
            # has been written, since the file is read before any row is.
            messages.error(
                request,
                str(exc)
                if isinstance(exc, SpreadsheetRefused)
                else gettext("This import is no longer available: upload the file again."),
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self._report_failed_import(request, result)
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)

    def _report_failed_import(self, request, result) -> None:
        messages.error(
            request,
            gettext("Nothing was imported: correct these rows and upload the file again."),
        )
        for line in describe_import_errors(result):
            messages.error(request, line)
