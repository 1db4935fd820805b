"""Spreadsheet import and export of activities, ARCs and meetings, all languages as columns:
a preview first, nothing written when any row is wrong, and the error names row and column."""

import csv
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arcs.models import ResourceCentre
from meetings.models import Meeting
from tests import factories
from tests.accounts import login
from workplans.models import Activity

pytestmark = pytest.mark.django_db

ACTIVITY_HEADERS = [
    "uid",
    "work_plan",
    "track",
    "priority_area",
    "title_en",
    "title_km",
    "title_lo",
    "title_vi",
    "lead_country",
    "co_lead_countries",
    "status",
    "planned_start",
    "date_precision",
    "original_language",
]


def xlsx_file(headers, rows, name="activities.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(headers, rows, name="activities.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"))


def import_url(model, language="en"):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_import")
    return url.replace("/en/", f"/{language}/", 1)


def format_index(response, name: str) -> int:
    formats = response.context["form"].fields["format"].choices
    return next(int(value) for value, label in formats if label.lower() == name)


@pytest.fixture
def work_plan(cambodia):
    plan = factories.WorkPlanFactory(starts_year=2021, ends_year=2025)
    factories.PriorityAreaFactory(work_plan=plan, track="accsm", number=3)
    factories.member_state("LA", "Lao PDR")
    factories.CountryFactory(code="JP", name_en="Japan", standing="plus_three")
    return plan


def activity_row(work_plan, title="Workshop on e-government", lead="KH", co_leads="LA"):
    return [
        "",
        work_plan.slug,
        "accsm",
        3,
        title,
        "សិក្ខាសាលាស្តីពីរដ្ឋាភិបាលអេឡិចត្រូនិក",
        "ກອງປະຊຸມສຳມະນາ",
        "Hội thảo về chính phủ điện tử",
        lead,
        co_leads,
        "planned",
        "2024-03-01",
        "day",
        "en",
    ]


def upload(client, url, file, fmt):
    page = client.get(url)
    return client.post(url, {"import_file": file, "format": format_index(page, fmt)})


def confirm(client, model, preview):
    form = preview.context["confirm_form"]
    opts = model._meta
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_process_import"),
        {name: form.initial[name] for name in form.initial},
    )


def test_an_xlsx_of_activities_is_previewed_then_imported_in_four_languages_with_history(
    client, secretariat_editor, work_plan, cambodia
):
    login(client, secretariat_editor)
    rows = [activity_row(work_plan), activity_row(work_plan, title="Study visit", co_leads="")]

    preview = upload(client, import_url(Activity), xlsx_file(ACTIVITY_HEADERS, rows), "xlsx")

    assert preview.status_code == 200
    assert not Activity.objects.exists()  # the preview writes nothing
    assert "confirm_form" in preview.context
    response = confirm(client, Activity, preview)
    assert response.status_code == 302
    activity = Activity.objects.get(title_en="Workshop on e-government")
    assert activity.title_km == "សិក្ខាសាលាស្តីពីរដ្ឋាភិបាលអេឡិចត្រូនិក"
    assert activity.title_lo == "ກອງປະຊຸມສຳມະນາ"
    assert activity.title_vi == "Hội thảo về chính phủ điện tử"
    assert activity.lead_country == cambodia
    assert list(activity.co_lead_countries.values_list("code", flat=True)) == ["LA"]
    assert activity.priority_area.number == 3
    assert activity.publication_state == "draft"
    entry = activity.history.first()
    assert entry.history_user == secretariat_editor
    assert "activities.xlsx" in entry.history_change_reason
    assert Activity.objects.count() == 2


def test_a_csv_with_one_bad_row_writes_nothing_and_names_the_row_and_column_in_khmer(
    client, secretariat_editor, work_plan
):
    login(client, secretariat_editor)
    rows = [
        activity_row(work_plan),
        activity_row(work_plan, title="Led by Japan", lead="JP"),
        activity_row(work_plan, title="Unknown co-lead", co_leads="ZZ"),
    ]

    response = upload(client, import_url(Activity, "km"), csv_file(ACTIVITY_HEADERS, rows), "csv")

    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert "confirm_form" not in response.context
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    # Row 2 of the data is line 3 of the file (the header is line 1).
    assert any(
        "ជួរទិន្នន័យទី 2" in line
        and "lead_country" in line
        and "ប្រទេសដឹកនាំសកម្មភាពត្រូវតែជារដ្ឋសមាជិក" in line
        for line in shown
    ), shown
    assert any("ជួរទិន្នន័យទី 3" in line and "co_lead_countries" in line for line in shown), shown


def test_the_confirmation_step_writes_nothing_if_a_row_became_invalid(
    client, secretariat_editor, work_plan
):
    login(client, secretariat_editor)
    rows = [activity_row(work_plan), activity_row(work_plan, title="Second")]
    preview = upload(client, import_url(Activity), xlsx_file(ACTIVITY_HEADERS, rows), "xlsx")
    # Meanwhile, another editor deletes the priority area both rows point to.
    work_plan.priority_areas.all().delete()

    response = confirm(client, Activity, preview)

    assert response.status_code == 302
    assert not Activity.objects.exists()
    assert any("Nothing was imported" in str(m) for m in get_messages(response.wsgi_request))


def test_a_row_with_a_model_rule_broken_is_refused(client, secretariat_editor, work_plan):
    login(client, secretariat_editor)
    row = activity_row(work_plan)
    row[ACTIVITY_HEADERS.index("title_en")] = ""  # required in the original language
    row[ACTIVITY_HEADERS.index("planned_start")] = "not a date"

    response = upload(client, import_url(Activity), csv_file(ACTIVITY_HEADERS, [row]), "csv")

    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "title_en" in shown
    assert "planned_start" in shown
    assert not Activity.objects.exists()


def test_activities_export_to_xlsx_and_csv_with_every_language_column(
    client, secretariat_editor, cambodia
):
    factories.ActivityFactory(
        lead_country=cambodia, title_en="Workshop", title_lo="ກອງປະຊຸມ", title_km="សិក្ខាសាលា"
    )
    login(client, secretariat_editor)
    url = reverse("admin:workplans_activity_export")
    page = client.get(url)
    formats = {
        label.lower(): value for value, label in page.context["form"].fields["format"].choices
    }
    fields = [
        f"activityresource_{name}"
        for name in ("title_en", "title_km", "title_lo", "title_vi", "lead_country")
    ]

    as_csv = client.post(
        url, {"format": formats["csv"], "resource": 0, **dict.fromkeys(fields, "on")}
    )
    as_xlsx = client.post(
        url, {"format": formats["xlsx"], "resource": 0, **dict.fromkeys(fields, "on")}
    )

    text = as_csv.content.decode("utf-8-sig")
    assert "title_lo" in text.splitlines()[0]
    assert "ກອງປະຊຸມ" in text
    assert "សិក្ខាសាលា" in text
    assert ",KH" in text
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "ກອງປະຊຸມ" in values


def test_meetings_and_arcs_import_from_csv(client, secretariat_editor, cambodia):
    series = factories.SeriesFactory(acronym_en="ACCSM")
    login(client, secretariat_editor)
    meeting_headers = [
        "uid",
        "series",
        "kind",
        "number",
        "title_en",
        "title_lo",
        "starts_on",
        "ends_on",
        "date_precision",
        "mode",
        "host_country",
        "status",
        "original_language",
    ]
    meeting_row = [
        "",
        series.slug,
        "som",
        21,
        "21st ACCSM SOM",
        "ກອງປະຊຸມ",
        "2021-04-08",
        "2021-04-08",
        "day",
        "video",
        "KH",
        "held",
        "en",
    ]
    arc_headers = [
        "uid",
        "country",
        "name_en",
        "name_km",
        "established_on",
        "established_precision",
        "original_language",
    ]
    arc_row = ["", "KH", "ARC of Cambodia", "មជ្ឈមណ្ឌលធនធានអាស៊ាន", "1995-01-01", "year", "en"]

    meeting_preview = upload(
        client, import_url(Meeting), csv_file(meeting_headers, [meeting_row]), "csv"
    )
    arc_preview = upload(
        client, import_url(ResourceCentre), csv_file(arc_headers, [arc_row]), "csv"
    )
    confirm(client, Meeting, meeting_preview)
    confirm(client, ResourceCentre, arc_preview)

    meeting = Meeting.objects.get()
    assert (meeting.title_lo, meeting.host_country, meeting.series) == ("ກອງປະຊຸມ", cambodia, series)
    assert ResourceCentre.objects.get().name_km == "មជ្ឈមណ្ឌលធនធានអាស៊ាន"


def test_an_existing_record_is_updated_by_its_uid(client, secretariat_editor, cambodia):
    centre = factories.ResourceCentreFactory(country=cambodia, name_en="Old name")
    login(client, secretariat_editor)
    headers = ["uid", "country", "name_en", "established_precision", "original_language"]

    preview = upload(
        client,
        import_url(ResourceCentre),
        csv_file(headers, [[str(centre.uid), "KH", "New name", "year", "en"]]),
        "csv",
    )
    confirm(client, ResourceCentre, preview)

    centre.refresh_from_db()
    assert centre.name_en == "New name"
    assert ResourceCentre.objects.count() == 1


def test_only_secretariat_editors_import(client, lao_translator, cambodian_focal_point, viewer):
    for user in (lao_translator, cambodian_focal_point, viewer):
        login(client, user)
        assert client.get(import_url(Activity)).status_code == 403
