"""The meetings pages: list with filters, calendar, and a meeting's page."""

import datetime

import pytest

from accsm_portal.core.models import PublicationState
from meetings.models import Meeting
from meetings.services import meeting_set_publication
from tests.accounts import login
from tests.factories import (
    CountryFactory,
    CycleFactory,
    HandoverFactory,
    MeetingFactory,
    SeriesFactory,
)
from tests.pages import build_portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal():
    return build_portal(2)


@pytest.mark.parametrize("size", [1, 3])
def test_the_list_costs_the_same_queries_whatever_the_number_of_meetings(
    client, django_assert_num_queries, size
):
    build_portal(size)

    # The page cache's content generation, the filter choices (years, series, hosts), the
    # count, the page's keys, then its rows.
    with django_assert_num_queries(7):
        response = client.get("/en/meetings/")

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == size

    # Another page (not in the page cache) reuses the choices and the count until a record
    # changes: the generation, the keys and the rows.
    with django_assert_num_queries(3):
        response = client.get("/en/meetings/?page=1")

    assert len(response.context["page"].object_list) == size


def test_the_filters_show_a_change_on_the_next_request(client, portal):
    # given a list whose filter choices, fields and count were built and kept
    client.get("/en/meetings/")
    html = client.get("/en/meetings/?page=1").content.decode()
    assert "Brunei Darussalam" not in html
    assert ">2 meetings</h2>" in html

    # when a meeting in a new series, hosted by a new country in a new year, is published
    brunei = CountryFactory(code="BN", name_en="Brunei Darussalam")
    series = SeriesFactory(acronym_en="BSB", name_en="Bandar Seri Begawan forum")
    meeting = MeetingFactory(
        series=series,
        host_country=brunei,
        starts_on=datetime.date(1999, 6, 1),
        publication_state="draft",
    )
    meeting_set_publication(meeting=meeting, state=PublicationState.PUBLISHED)

    # then the next page offers them (and in Khmer too), each once
    html = client.get("/en/meetings/?page=2").content.decode()
    assert ">3 meetings</h2>" in html
    assert html.count('<option value="bn">Brunei Darussalam</option>') == 1
    assert f'<option value="{series.slug}">BSB</option>' in html
    assert '<option value="1999">1999</option>' in html
    assert '<option value="bn">' in client.get("/km/meetings/?page=2").content.decode()

    # and an edit to a series' acronym shows as soon as it is saved
    series.acronym_en = "BSB forum"
    series.save()
    assert ">BSB forum</option>" in client.get("/en/meetings/?page=3").content.decode()


def test_the_kept_filter_fields_show_each_reader_the_filters_asked(client, portal):
    MeetingFactory(host_country=portal.states["KH"])
    html = client.get("/en/meetings/?host=kh").content.decode()
    assert '<option value="kh" selected>' in html
    assert ">1 meeting</h2>" in html

    html = client.get("/en/meetings/?host=vn&page=1").content.decode()

    assert '<option value="vn" selected>' in html
    assert '<option value="kh" selected>' not in html
    # The kept count is the one of the filters asked too.
    assert ">2 meetings</h2>" in html


def test_filters_narrow_the_list(client, portal):
    other_series = SeriesFactory(acronym_en="D&D", name_en="D&D working group")
    cambodia = portal.states["KH"]
    other = MeetingFactory(
        series=other_series,
        kind=Meeting.Kind.WORKING_GROUP,
        mode=Meeting.Mode.IN_PERSON,
        host_country=cambodia,
        starts_on=datetime.date(2019, 1, 19),
        title_en="Working group meeting",
    )

    def listed(query: str) -> list[str]:
        page = client.get(f"/en/meetings/?{query}").context["page"]
        return [meeting.slug for meeting in page.object_list]

    assert listed(f"series={other_series.slug}") == [other.slug]
    assert listed("kind=working_group") == [other.slug]
    assert listed("year=2019") == [other.slug]
    assert listed("host=kh") == [other.slug]
    assert listed("mode=in_person") == [other.slug]
    assert len(listed("host=vn")) == 2
    assert listed("host=vn&year=2019") == []


@pytest.mark.parametrize(
    "query", ["year=abc", "kind=nonsense", "host=zz", "mode=carrier-pigeon", "series=%00"]
)
def test_an_invalid_filter_is_reported_in_the_page_language_and_ignored(client, portal, query):
    response = client.get(f"/km/meetings/?{query}")

    assert response.status_code == 200
    html = response.content.decode()
    assert "តម្រងមួយចំនួនមិនអាចប្រើបាន ហើយត្រូវបានរំលង៖" in html
    assert len(response.context["page"].object_list) == 2


def test_a_page_without_filters_shows_the_fields_of_an_empty_form(client, portal):
    from django.template.loader import render_to_string

    from meetings.forms import MeetingFilterForm
    from meetings.selectors import (
        meeting_host_countries_public,
        meeting_years_public,
        series_list_public,
    )

    choices = MeetingFilterForm.filter_choices(
        series_list=series_list_public(),
        countries=meeting_host_countries_public(),
        years=meeting_years_public(),
    )
    # The list and its pages skip the form when no filter is asked: their fields must still
    # be the form's own, whichever of them is asked first.
    for path, data in (("/en/meetings/?page=1", {"page": "1"}), ("/en/meetings/", None)):
        form = MeetingFilterForm(data, choices=choices)
        fields = render_to_string("meetings/includes/filter_fields.html", {"form": form})

        assert fields in client.get(path).content.decode()


def test_the_cards_link_to_each_meeting_in_the_page_language(client, portal):
    meeting = portal.meetings[0]

    for language in ("en", "km", "lo", "vi"):
        html = client.get(f"/{language}/meetings/").content.decode()

        assert f'<a href="/{language}/meetings/{meeting.slug}/">' in html


def test_a_draft_meeting_is_neither_listed_nor_shown(client, portal):
    draft = MeetingFactory(publication_state="draft", title_en="Secret draft")

    assert "Secret draft" not in client.get("/en/meetings/").content.decode()
    assert client.get(f"/en/meetings/{draft.slug}/").status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_a_meeting_page_costs_the_same_queries_whatever_its_size(
    client, django_assert_num_queries, size
):
    portal = build_portal(size)

    # The page cache's read of the content generation, the meeting with a flag for each kind
    # of part it has, then only the kinds it has: the agenda (and its documents), the
    # delegations (their members), the outcomes (their documents and action items), and the
    # citations. No parts, no handovers: the meeting has none, and the documents' files are not
    # read (the page does not show them).
    with django_assert_num_queries(10):
        response = client.get(f"/en/meetings/{portal.meetings[0].slug}/")

    assert response.status_code == 200


def test_a_meeting_without_parts_costs_two_queries(client, django_assert_num_queries):
    meeting = MeetingFactory()

    # The content generation, then the meeting: its flags say it has nothing else to read.
    with django_assert_num_queries(2):
        response = client.get(f"/en/meetings/{meeting.slug}/")

    html = response.content.decode()
    assert "No agenda has been recorded for this meeting." in html
    assert "No delegation has been recorded for this meeting." in html
    assert "No outcome has been recorded for this meeting." in html
    assert "No public document is recorded for this meeting." in html


def test_a_meeting_page_lists_its_published_parts_and_handovers(client):
    meeting = MeetingFactory(title_en="Joint ACCSM meeting")
    MeetingFactory(parent=meeting, title_en="Heads' session", host_country__name_en="Brunei")
    MeetingFactory(parent=meeting, title_en="Unpublished session", publication_state="draft")
    VN = CountryFactory(name_en="Viet Nam", name_km="វៀតណាម")
    LA = CountryFactory(name_en="Lao PDR")
    handover = HandoverFactory(
        meeting=meeting,
        from_cycle=CycleFactory(chair_country=VN),
        to_cycle__chair_country=LA,
        note_en="At the closing session.",
    )
    HandoverFactory(meeting=meeting, from_cycle__chair_country=LA, publication_state="draft")

    html = client.get(f"/en/meetings/{meeting.slug}/").content.decode()

    assert "Parts of this meeting" in html
    assert "Heads&#x27; session" in html
    assert "Brunei" in html
    assert "Unpublished session" not in html
    assert html.count("handed the chair to") == 1
    assert "Viet Nam handed the chair to Lao PDR. At the closing session." in html
    assert handover.to_cycle.chair_country == LA
    # In Khmer the names fall back as the page's other names do.
    assert "វៀតណាម" in client.get(f"/km/meetings/{meeting.slug}/").content.decode()


def test_a_meeting_page_shows_what_delegates_need(client, portal):
    meeting = portal.meetings[0]

    html = client.get(f"/en/meetings/{meeting.slug}/").content.decode()

    assert "Senior Officials&#x27; Meeting of the 21th ACCSM" in html
    assert "Cambodia" in html
    assert "Lao PDR" in html
    assert "36%" in html  # 5 women of 14
    assert "The meeting adopted the joint statement." in html
    assert "Ministry of Home Affairs" in html
    assert "(date inferred)" in html
    assert "The 21st ACCSM opens" in html  # the source article
    assert portal.public_document.title_en in html
    assert portal.restricted_document.title_en not in html


def test_a_delegate_also_sees_the_restricted_documents_of_a_meeting(client, portal, delegate):
    login(client, delegate)

    html = client.get(f"/en/meetings/{portal.meetings[0].slug}/").content.decode()

    assert portal.restricted_document.title_en in html


def test_the_meeting_page_writes_dates_and_numbers_in_khmer(client, portal):
    meeting = portal.meetings[0]
    meeting.starts_on, meeting.ends_on = datetime.date(2020, 11, 17), datetime.date(2020, 11, 18)
    meeting.save()

    html = client.get(f"/km/meetings/{meeting.slug}/").content.decode()

    assert "១៧\u2013១៨ វិច្ឆិកា ២០២០" in html
    assert "៣៦%" in html
    assert "ACCSM លើកទី២១" in html


@pytest.mark.parametrize("size", [1, 3])
def test_the_calendar_costs_one_query(client, django_assert_num_queries, size):
    portal = build_portal(size)
    month = portal.meetings[0].starts_on.strftime("%Y-%m")

    with django_assert_num_queries(1):
        response = client.get(f"/en/meetings/calendar/?month={month}")

    assert portal.meetings[0] in response.context["meetings"]


def test_the_calendar_shows_a_month_with_its_meetings_on_each_of_their_days(client):
    MeetingFactory(
        title_en="Two-day meeting",
        starts_on=datetime.date(2020, 11, 17),
        ends_on=datetime.date(2020, 11, 18),
    )

    response = client.get("/en/meetings/calendar/?month=2020-11")

    html = response.content.decode()
    assert "<caption>November 2020</caption>" in html
    days = [day for week in response.context["weeks"] for day in week if day["meetings"]]
    assert [day["date"].day for day in days] == [17, 18]
    assert 'href="?month=2020-10"' in html
    assert 'href="?month=2020-12"' in html
    assert 'href="/api/v1/meetings.ics"' in html


@pytest.mark.parametrize("month", ["2021-13", "april", "0000-01", "2021-4", "'; drop"])
def test_an_invalid_month_shows_the_current_month_with_a_translated_message(client, month):
    response = client.get("/vi/meetings/calendar/", {"month": month})

    assert response.status_code == 200
    assert "Không hiểu được tháng đã nhập" in response.content.decode()


def test_the_calendar_is_written_in_lao(client):
    html = client.get("/lo/meetings/calendar/?month=2021-04").content.decode()

    assert "<caption>ເມສາ 2021</caption>" in html


def test_a_meeting_hosted_abroad_lists_its_host_country(client):
    thailand = CountryFactory(code="TH", name_en="Thailand", name_lo="ໄທ")
    meeting = MeetingFactory(host_country=thailand)

    html = client.get(f"/lo/meetings/{meeting.slug}/").content.decode()

    assert 'href="/lo/states/th/"' in html
    assert "ໄທ" in html
