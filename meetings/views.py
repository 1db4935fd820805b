"""Portal pages for meetings: the filterable list, the month calendar and a meeting's page.

Each page reads through the selectors (published records only) and costs a constant number of
queries, whatever the number of meetings, delegations or outcomes."""

import calendar
import datetime
import hashlib
from collections.abc import Callable

from babel.dates import format_skeleton, get_day_names
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accsm_portal.lib.dates import babel_locale, localise_digits
from accsm_portal.lib.page_cache import cache_anonymous_page, shared_fragment
from accsm_portal.lib.pagination import list_page
from accsm_portal.lib.pdf import PdfUnavailable
from accsm_portal.lib.record_types import record_page
from accsm_portal.lib.spreadsheets import xlsx_response
from meetings.exports import meeting_sheet
from meetings.forms import MeetingFilterForm, parse_month
from meetings.models import Meeting
from meetings.selectors import (
    meeting_card_rows,
    meeting_get_public,
    meeting_host_countries_public,
    meeting_list_between,
    meeting_list_filtered,
    meeting_page_parts,
    meeting_years_public,
    series_list_public,
)
from meetings.services import meeting_record_pdf_get

PAGE_SIZE = 20


def _filter_form(request: HttpRequest) -> MeetingFilterForm:
    choices = shared_fragment(
        "meetings:filter-choices",
        lambda: MeetingFilterForm.filter_choices(
            series_list=series_list_public(),
            countries=meeting_host_countries_public(),
            years=meeting_years_public(),
        ),
    )
    return MeetingFilterForm(request.GET or None, choices=choices)


def _filter_fields(form: MeetingFilterForm) -> str:
    """The filter form's fields, rendered. Django renders every option of a select through
    templates, about 5 ms for the list's hundred-odd choices, the same for every reader of the
    same filters: kept when the filters are valid (their values are then among the choices, so
    there are only so many to keep), rendered each time otherwise."""
    if form.is_bound and form.errors:
        return render_to_string("meetings/includes/filter_fields.html", {"form": form})
    values = [form.is_bound, *(form[name].value() for name in form.fields)]
    return _kept_filter_fields(values, lambda: form)


def _kept_filter_fields(values: list, form: Callable[[], MeetingFilterForm]) -> str:
    """The rendered fields of a valid filter form whose bound state and field values are
    `values`, kept under them; `form` makes the form when they must be rendered."""
    digest = hashlib.sha256(repr(values).encode()).hexdigest()
    return shared_fragment(
        f"meetings:filter-fields:{digest}",
        lambda: render_to_string("meetings/includes/filter_fields.html", {"form": form()}),
    )


@require_GET
@cache_anonymous_page
def meeting_list(request: HttpRequest) -> HttpResponse:
    if any(name in request.GET for name in MeetingFilterForm.base_fields):
        form = _filter_form(request)
        filters = form.valid_filters() if form.is_bound else {}
        invalid = form.is_bound and bool(form.errors)
        filter_fields = _filter_fields(form)
    else:
        # No filter asked (the list or one of its pages): nothing to validate, and the fields
        # are an empty form's, kept; the form is made only to render them. Making the form
        # (its fields copied, a hundred-odd choices set and checked) cost a tenth of a page.
        form, filters, invalid = None, {}, False
        values = [bool(request.GET), *(None for _name in MeetingFilterForm.base_fields)]
        filter_fields = _kept_filter_fields(values, lambda: _filter_form(request))
    meetings = meeting_list_filtered(**filters)
    # The number of meetings the filters find, the same for every reader and page: kept with
    # the filter choices until a record changes (a COUNT query per page otherwise).
    digest = hashlib.sha256(repr(sorted(filters.items())).encode()).hexdigest()
    count = shared_fragment(f"meetings:count:{digest}", meetings.count)
    # The page's keys by a statement kept per filters (its SQL depends on nothing else), its
    # rows as the cards read them.
    page, query = list_page(
        request,
        meetings,
        PAGE_SIZE,
        count=count,
        rows=meeting_card_rows,
        statement=f"meetings:list:{digest}",
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": form,
            "filter_fields": filter_fields,
            "invalid": invalid,
            "page": page,
            "filtered": bool(filters),
            "query": query,
        },
    )


@require_GET
def meeting_list_xlsx(request: HttpRequest) -> HttpResponse:
    """The meetings list as a spreadsheet, with the page's filters (invalid ones ignored)."""
    form = _filter_form(request)
    filters = form.valid_filters() if form.is_bound else {}
    sheet = meeting_sheet(request, meeting_list_filtered(**filters))
    return xlsx_response(filename=f"accsm-meetings-{get_language()}.xlsx", sheets=[sheet])


@require_GET
def meeting_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first, understood = parse_month(request.GET.get("month"), today)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    meetings = list(meeting_list_between(start=first, end=last))
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        days = []
        for day in week:
            on_day = [m for m in meetings if m.starts_on <= day <= (m.ends_on or m.starts_on)]
            days.append(
                {
                    "date": day,
                    "number": localise_digits(str(day.day)),
                    "in_month": day.month == first.month,
                    "is_today": day == today,
                    "meetings": on_day,
                }
            )
        weeks.append(days)
    locale = babel_locale()
    previous_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = last + datetime.timedelta(days=1)
    return render(
        request,
        "meetings/meeting_calendar.html",
        {
            "weeks": weeks,
            "meetings": meetings,
            "month_title": localise_digits(format_skeleton("yMMMM", first, locale=locale)),
            "day_headers": [
                (
                    get_day_names("wide", locale=locale)[i],
                    get_day_names("abbreviated", locale=locale)[i],
                )
                for i in range(7)
            ],
            "previous_month": previous_month,
            "previous_title": localise_digits(
                format_skeleton("yMMMM", previous_month, locale=locale)
            ),
            "next_month": next_month,
            "next_title": localise_digits(format_skeleton("yMMMM", next_month, locale=locale)),
            "this_month": today.replace(day=1),
            "invalid_month": not understood,
        },
    )


@require_GET
@cache_anonymous_page
def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return record_page(request, Meeting, slug=slug)


def meeting_page(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """A meeting's page once found: the published page and the staff preview both render it."""
    context = meeting_page_parts(meeting, user=request.user)
    return render(request, "meetings/meeting_detail.html", context)


@require_GET
def meeting_record_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The meeting record as a PDF in the page's language: the same record and access rules as
    the page (a draft is 404), rendered once per content and then served from media storage."""
    meeting = meeting_get_public(slug=slug, user=request.user)
    if meeting is None:
        raise Http404
    try:
        record = meeting_record_pdf_get(meeting=meeting, language=get_language())
    except PdfUnavailable:
        message = _(
            "The printable record cannot be prepared on this server yet. Please try again later."
        )
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "3600"
        return response
    response = FileResponse(record.open(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{meeting.slug}-{get_language()}.pdf"'
    # A reader's access level decides what the file lists: never let a shared cache keep it.
    response["Cache-Control"] = "private, no-cache"
    return response
