"""CSV for lists, the iCalendar feed of meetings, and the OpenAPI contract."""

import csv
import datetime
import io
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from icalendar import Calendar

from meetings.models import Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db


def events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_meeting_feed_is_a_calendar_of_all_day_events(client, settings):
    settings.SITE_URL = "https://accsm.example.org"
    two_days = f.MeetingFactory(
        title_en="SOM", starts_on=datetime.date(2021, 4, 8), ends_on=datetime.date(2021, 4, 9)
    )
    october = f.MeetingFactory(
        title_en="October meeting",
        starts_on=datetime.date(2009, 10, 1),
        date_precision="month",
        status=Meeting.Status.CANCELLED,
    )
    f.MeetingFactory(title_en="Draft", publication_state="draft")

    response = client.get("/api/v1/meetings.ics")
    found = events(response)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert set(found) == {
        f"{two_days.uid}@accsm.example.org",
        f"{october.uid}@accsm.example.org",
    }
    som = found[f"{two_days.uid}@accsm.example.org"]
    assert som["DTSTART"].dt == datetime.date(2021, 4, 8)
    assert som["DTEND"].dt == datetime.date(2021, 4, 10)  # exclusive
    assert som["DTSTART"].params["VALUE"] == "DATE"
    assert str(som["SUMMARY"]) == "SOM"
    assert str(som["URL"]).endswith(f"/en/meetings/{two_days.slug}/")
    month = found[f"{october.uid}@accsm.example.org"]
    assert (month["DTSTART"].dt, month["DTEND"].dt) == (
        datetime.date(2009, 10, 1),
        datetime.date(2009, 11, 1),
    )
    assert str(month["TRANSP"]) == "TRANSPARENT"
    assert str(month["STATUS"]) == "CANCELLED"
    # The same meeting keeps its UID, so calendars update it rather than add a copy.
    assert set(events(client.get("/api/v1/meetings/?format=ics"))) == set(found)


def test_the_feed_follows_the_filters_and_the_language(client):
    f.MeetingFactory(title_en="2009", title_km="ឆ្នាំ២០០៩", starts_on=datetime.date(2009, 3, 1))
    f.MeetingFactory(title_en="2021", starts_on=datetime.date(2021, 3, 1))

    found = events(client.get("/api/v1/meetings.ics?year=2009&lang=km"))

    assert [str(e["SUMMARY"]) for e in found.values()] == ["ឆ្នាំ២០០៩"]


def test_the_seeded_meetings_are_in_the_feed(client, settings):
    call_command("seed", verbosity=0)
    published = Meeting.objects.published()

    found = events(client.get("/api/v1/meetings.ics"))

    assert published.exists()
    assert {uid.split("@")[0] for uid in found} == {str(m.uid) for m in published}
    for meeting in published:
        event = found[f"{meeting.uid}@{settings.SITE_URL.split('//')[1].split(':')[0]}"]
        start = event["DTSTART"].dt
        assert start == meeting.starts_on if meeting.date_precision == "day" else start.day == 1
        assert event["DTEND"].dt > start


def test_csv_has_one_row_per_record_and_a_link_to_the_next_page(client):
    for n in range(3):
        f.CountryFactory(name_en=f'=HYPERLINK("http://evil.example") {n}')

    response = client.get("/api/v1/countries/?format=csv&page_size=2")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert len(rows) == 2
    assert rows[0]["name"].startswith("'=HYPERLINK")  # never a formula in a spreadsheet
    assert list(rows[0])[:4] == ["id", "code", "url", "portal_url"]
    assert 'rel="next"' in response["Link"]
    assert "format=csv" in response["Link"]


def test_the_schema_builds_without_warnings_and_validates(tmp_path):
    target = Path(tmp_path) / "schema.yaml"

    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))

    schema = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert "/api/v1/meetings/{slug}/" in schema["paths"]
    list_ok = schema["paths"]["/api/v1/meetings/"]["get"]["responses"]["200"]
    envelope = list_ok["content"]["application/json"]["schema"]
    reference = envelope["$ref"].split("/")[-1]
    properties = schema["components"]["schemas"][reference]["properties"]
    # Cursor pages never carry a total: the schema must not promise one.
    assert "count" not in properties
    assert set(properties) == {"language", "next", "results"}


def test_the_schema_and_its_documentation_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/schema/")
    docs = client.get("/api/v1/docs/")
    html = docs.content.decode()

    assert schema.status_code == 200
    assert docs.status_code == 200
    for cdn in ("cdn", "unpkg", "jsdelivr"):
        assert cdn not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
