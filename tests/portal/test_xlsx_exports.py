"""XLSX downloads from the portal pages: the meetings list, a work plan's activities and the
ARC directory, read back with openpyxl as a spreadsheet user would open them."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accsm_portal.lib.spreadsheets import XLSX_CONTENT_TYPE, defuse_formula
from tests import factories

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def rows_of(sheet) -> list[dict]:
    header = [cell.value for cell in sheet[1]]
    return [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


@pytest.fixture
def meetings(cambodia):
    return {
        "published": factories.MeetingFactory(
            title_en="21st ACCSM",
            title_km="កិច្ចប្រជុំ ACCSM លើកទី២១",
            host_country=cambodia,
            starts_on=datetime.date(2021, 4, 8),
            ends_on=datetime.date(2021, 4, 9),
        ),
        "english_only": factories.MeetingFactory(
            title_en="Only in English", starts_on=datetime.date(2019, 1, 1), date_precision="year"
        ),
        "draft": factories.MeetingFactory(title_en="Draft meeting", publication_state="draft"),
        "formula": factories.MeetingFactory(title_en="=1+1", title_km="=1+1"),
    }


def test_the_meetings_list_in_khmer(anonymous_visitor, meetings):
    response = anonymous_visitor.get(url("meetings:list_xlsx", "km"))

    sheet = sheet_of(response)
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["ចំណងជើង", "ស៊េរីកិច្ចប្រជុំ", "ប្រភេទ", "លេខ", "ចាប់ផ្តើម"]
    rows = {row["ចំណងជើង"]: row for row in rows_of(sheet)}
    # drafts are never exported; a title missing in Khmer falls back as on the page
    assert set(rows) == {"កិច្ចប្រជុំ ACCSM លើកទី២១", "Only in English", "=1+1"}
    khmer = rows["កិច្ចប្រជុំ ACCSM លើកទី២១"]
    assert khmer["ចាប់ផ្តើម"].date() == datetime.date(2021, 4, 8)  # a date, not text
    assert khmer["ប្រទេសម្ចាស់ផ្ទះ"] == "កម្ពុជា"
    assert khmer["គេហទំព័រ"] == "http://testserver" + meetings["published"].get_absolute_url()
    assert "/km/meetings/" in khmer["គេហទំព័រ"]


def test_dates_are_real_dates_shown_as_precisely_as_known(anonymous_visitor, meetings):
    sheet = sheet_of(anonymous_visitor.get(url("meetings:list_xlsx")))

    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    year_only = cells["Only in English"][4]
    day = cells["21st ACCSM"][4]
    assert year_only.is_date
    assert year_only.number_format == "yyyy"
    assert day.is_date
    assert day.number_format == "yyyy-mm-dd"


def test_a_formula_in_a_title_comes_back_as_text(anonymous_visitor, meetings):
    sheet = sheet_of(anonymous_visitor.get(url("meetings:list_xlsx", "km")))

    cell = next(row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == "=1+1")
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_the_export_keeps_the_list_filters(anonymous_visitor, meetings):
    response = anonymous_visitor.get(url("meetings:list_xlsx"), {"host": "kh", "year": "bad"})

    assert [row["Title"] for row in rows_of(sheet_of(response))] == ["21st ACCSM"]


def test_the_meetings_page_links_to_its_download(anonymous_visitor, meetings):
    html = anonymous_visitor.get(url("meetings:list", "lo")).content.decode()

    assert f'href="{url("meetings:list_xlsx", "lo")}"' in html
    assert "ດາວໂຫຼດ (XLSX)" in html


def test_the_meetings_export_costs_the_same_queries_at_any_size(anonymous_visitor):
    factories.MeetingFactory()
    export = url("meetings:list_xlsx")
    anonymous_visitor.get(export)
    with CaptureQueriesContext(connection) as few:
        anonymous_visitor.get(export)
    for _number in range(12):
        factories.MeetingFactory()
    # The list's filter choices are kept until a record changes (page_cache.shared_fragment):
    # built again once after the change, then both counts are of a request that finds them.
    anonymous_visitor.get(export)

    with CaptureQueriesContext(connection) as many:
        response = anonymous_visitor.get(export)

    assert len(rows_of(sheet_of(response))) == 13
    assert len(many) == len(few)


@pytest.fixture
def plan(cambodia):
    plan = factories.WorkPlanFactory(title_en="Work Plan 2021-2025")
    area = factories.PriorityAreaFactory(work_plan=plan, number=1, title_en="Digital government")
    factories.ActivityFactory(
        work_plan=plan,
        priority_area=area,
        title_en="Workshop on e-services",
        title_vi="Hội thảo dịch vụ điện tử",
        lead_country=cambodia,
        planned_start=datetime.date(2022, 3, 1),
        date_precision="month",
    )
    factories.ActivityFactory(work_plan=plan, title_en="Draft study", publication_state="draft")
    factories.ActivityFactory(work_plan=plan, title_en="@SUM(A1:A2)")
    return plan


def test_a_work_plan_activities_in_vietnamese(anonymous_visitor, plan):
    page = anonymous_visitor.get(url("workplans:detail", "vi", slug=plan.slug))
    link = url("workplans:activities_xlsx", "vi", slug=plan.slug)
    assert f'href="{link}"' in page.content.decode()

    rows = {row["Hoạt động"]: row for row in rows_of(sheet_of(anonymous_visitor.get(link)))}

    assert set(rows) == {"Hội thảo dịch vụ điện tử", "@SUM(A1:A2)"}
    row = rows["Hội thảo dịch vụ điện tử"]
    assert row["Lĩnh vực ưu tiên"] == "1. Digital government"  # no Vietnamese: fallback
    assert row["Quốc gia chủ trì"] == "Campuchia"
    assert row["Bắt đầu theo kế hoạch"].date() == datetime.date(2022, 3, 1)


def test_a_draft_work_plan_has_no_export(anonymous_visitor):
    plan = factories.WorkPlanFactory(publication_state="draft")

    response = anonymous_visitor.get(url("workplans:activities_xlsx", slug=plan.slug))

    assert response.status_code == 404


def test_the_arc_directory(anonymous_visitor, cambodia):
    centre = factories.ResourceCentreFactory(
        country=cambodia, name_en="ARC on public service", name_lo="ສູນ ARC"
    )
    factories.ThemePeriodFactory(
        centre=centre, theme_en="Old theme", starts_on=datetime.date(2010, 1, 1)
    )
    factories.ThemePeriodFactory(centre=centre, theme_en="Current theme", theme_lo="ຫົວຂໍ້ໃໝ່")
    factories.ResourceCentreFactory(name_en="Hidden ARC", publication_state="draft")
    page = anonymous_visitor.get(url("arcs:list", "lo")).content.decode()
    assert f'href="{url("arcs:list_xlsx", "lo")}"' in page

    rows = rows_of(sheet_of(anonymous_visitor.get(url("arcs:list_xlsx", "lo"))))

    assert len(rows) == 1
    assert rows[0]["ປະເທດສະມາຊິກ"] == "ກຳປູເຈຍ"
    assert "ສູນ ARC" in rows[0].values()
    assert "ຫົວຂໍ້ໃໝ່" in rows[0].values()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Plain text", "Plain text"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_defuse_formula_for_string_only_writers(text, expected):
    assert defuse_formula(text) == expected
