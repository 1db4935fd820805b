"""Partners mirror the portal with `updated_since`, the cursor and the tombstones; conditional
requests spare them unchanged pages."""

from urllib.parse import urlencode

import pytest

from accsm_portal.core.models import Document
from accsm_portal.core.services import record_save, record_set_publication
from accsm_portal.models import Tombstone
from meetings.models import Meeting
from meetings.services import meeting_set_publication
from tests import factories as f
from workplans.services import activity_set_co_leads

pytestmark = pytest.mark.django_db


def read_all(client, name: str, since: str | None = None, page_size: int = 3) -> list[dict]:
    """Every record of a list, page by page, as a partner's sync job reads it."""
    params = {"page_size": page_size, **({"updated_since": since} if since else {})}
    url = f"/api/v1/{name}/?{urlencode(params)}"
    found = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        found += body["results"]
        url = body["next"]
    return found


class Mirror:
    """A partner's copy of one resource, kept with the documented rule: apply the records and
    the tombstones changed since the last sync, the newest moment of either winning."""

    def __init__(self, client, name: str, type_: str):
        self.client, self.name, self.type = client, name, type_
        self.records: dict[str, dict] = {}
        self.since: str | None = None

    def sync(self) -> None:
        records = read_all(self.client, self.name, self.since)
        gone = [
            t for t in read_all(self.client, "tombstones", self.since) if t["type"] == self.type
        ]
        events = [(r["updated_at"], "upsert", r) for r in records]
        events += [(t["at"], "drop", t) for t in gone]
        for _moment, action, item in sorted(events, key=lambda e: e[0]):
            if action == "upsert":
                self.records[item["id"]] = item
            else:
                self.records.pop(item["id"], None)
        moments = [e[0] for e in events]
        self.since = max([*moments, self.since or ""]) or None


def visible_meetings() -> dict[str, Meeting]:
    return {str(m.uid): m for m in Meeting.objects.published()}


def assert_mirror_matches(mirror: Mirror) -> None:
    database = visible_meetings()
    assert set(mirror.records) == set(database)
    for uid, meeting in database.items():
        copy = mirror.records[uid]
        assert copy["title"] == meeting.title_en
        assert [a["title"] for a in copy["agenda"]] == [
            a.title_en for a in meeting.agenda_items.published().order_by("order", "pk")
        ]


def test_a_mirror_built_with_updated_since_and_the_cursor_matches_the_database(client):
    # given: a partner's first full sync
    meetings = [f.MeetingFactory() for _ in range(7)]
    for meeting in meetings[:3]:
        f.AgendaItemFactory(meeting=meeting)
    f.MeetingFactory(title_en="A draft", publication_state="draft")
    mirror = Mirror(client, "meetings", "meeting")
    mirror.sync()
    assert_mirror_matches(mirror)

    # when: records are edited, extended, unpublished, deleted, created and published
    renamed = meetings[0]
    renamed.title_en = "Renamed meeting"
    record_save(record=renamed)
    item = meetings[1].agenda_items.get()
    item.title_en = "Agenda item retitled"
    record_save(record=item)
    f.AgendaItemFactory(meeting=meetings[3], title_en="A new agenda item")
    meeting_set_publication(meeting=meetings[4], state="draft")
    meetings[5].delete()
    f.MeetingFactory(title_en="A new meeting")
    record_set_publication(record=Meeting.objects.get(title_en="A draft"), state="published")
    mirror.sync()

    # then
    assert_mirror_matches(mirror)
    assert str(meetings[4].uid) not in mirror.records
    assert str(meetings[5].uid) not in mirror.records

    # and a record published again comes back, its old tombstone notwithstanding
    meeting_set_publication(meeting=meetings[4], state="published")
    mirror.sync()
    assert_mirror_matches(mirror)
    assert str(meetings[4].uid) in mirror.records


def test_paging_while_records_change_skips_nothing(client):
    meetings = [f.MeetingFactory() for _ in range(6)]
    first = client.get("/api/v1/meetings/?page_size=2").json()
    seen = {m["id"] for m in first["results"]}

    # A record already read is edited and a new one arrives between two pages.
    record_save(record=meetings[0])
    added = f.MeetingFactory()
    url = first["next"]
    while url:
        body = client.get(url).json()
        seen |= {m["id"] for m in body["results"]}
        url = body["next"]

    assert seen == {str(m.uid) for m in [*meetings, added]}


def test_tombstones_name_deleted_and_unpublished_records_but_never_drafts(client):
    deleted = f.SourceFactory()
    unpublished = f.CountryFactory()
    never_published = f.OrganisationFactory(publication_state="draft")
    deleted_uid = str(deleted.uid)
    deleted.delete()
    record_set_publication(record=unpublished, state="draft")
    never_published.delete()

    body = client.get("/api/v1/tombstones/").json()

    assert [(t["type"], t["id"], t["reason"]) for t in body["results"]] == [
        ("source", deleted_uid, "deleted"),
        ("country", str(unpublished.uid), "unpublished"),
    ]
    assert client.get("/api/v1/tombstones/?type=country").json()["results"][0]["id"] == str(
        unpublished.uid
    )


def test_a_republished_record_loses_its_tombstone(client):
    country = f.CountryFactory()
    record_set_publication(record=country, state="draft")
    assert Tombstone.objects.filter(object_uid=country.uid).exists()

    record_set_publication(record=country, state="published")

    assert client.get("/api/v1/tombstones/").json()["results"] == []
    assert str(country.uid) in {c["id"] for c in client.get("/api/v1/countries/").json()["results"]}


def test_a_document_restricted_to_delegates_is_a_tombstone_for_the_public_only(
    client, partner_client
):
    document = f.DocumentFactory()
    document.access = Document.Access.DELEGATES
    record_save(record=document)

    public = client.get("/api/v1/tombstones/").json()["results"]
    partner = partner_client.get("/api/v1/tombstones/").json()["results"]

    assert [(t["id"], t["reason"]) for t in public] == [(str(document.uid), "restricted")]
    assert partner == []


def test_unpublishing_a_work_plan_removes_its_activities_from_mirrors_and_back(client):
    plan = f.WorkPlanFactory()
    activity = f.ActivityFactory(work_plan=plan)
    area = f.PriorityAreaFactory(work_plan=plan)
    before = client.get("/api/v1/activities/").json()["results"][0]["updated_at"]

    record_set_publication(record=plan, state="draft")
    gone = {(t["type"], t["id"]) for t in client.get("/api/v1/tombstones/").json()["results"]}
    assert {("activity", str(activity.uid)), ("priority-area", str(area.uid))} <= gone
    assert client.get("/api/v1/activities/").json()["results"] == []

    record_set_publication(record=plan, state="published")
    back = client.get(f"/api/v1/activities/?{urlencode({'updated_since': before})}").json()
    assert [a["id"] for a in back["results"]] == [str(activity.uid)]
    assert client.get("/api/v1/tombstones/").json()["results"] == []


def test_a_change_inside_a_record_moves_its_updated_at(client):
    meeting = f.MeetingFactory()
    member = f.DelegationMemberFactory(delegation=f.DelegationFactory(meeting=meeting))
    activity = f.ActivityFactory()
    person = f.PersonFactory()
    stamps = {m.pk: m.updated_at for m in [meeting, activity, person]}

    member.role_en = "Head of the secretariat"
    record_save(record=member)  # two levels down: member -> delegation -> meeting
    activity_set_co_leads(activity=activity, countries=[f.CountryFactory()])  # many-to-many
    f.PositionFactory(person=person)

    meeting.refresh_from_db()
    activity.refresh_from_db()
    person.refresh_from_db()
    assert meeting.updated_at > stamps[meeting.pk]
    assert activity.updated_at > stamps[activity.pk]
    assert person.updated_at > stamps[person.pk]


def test_citing_a_source_moves_the_record_into_the_next_sync(client):
    from django.contrib.contenttypes.models import ContentType

    from accsm_portal.core.models import Citation

    country = f.CountryFactory()
    source = f.SourceFactory()
    since = client.get("/api/v1/countries/").json()["results"][0]["updated_at"]
    Citation.objects.create(
        source=source,
        content_type=ContentType.objects.get_for_model(type(country)),
        object_uid=country.uid,
    )

    changed = client.get(f"/api/v1/countries/?{urlencode({'updated_since': since})}").json()
    assert [[s["source"]["id"] for s in c["sources"]] for c in changed["results"]] == [
        [str(source.uid)]
    ]


def test_updated_since_is_inclusive_and_accepts_offsets_and_utc(client):
    old = f.CountryFactory()
    new = f.CountryFactory()
    Country = type(old)
    Country.objects.filter(pk=old.pk).update(updated_at="2020-01-01T00:00:00Z")
    moment = Country.objects.get(pk=new.pk).updated_at

    def ids(value: str) -> list[str]:
        body = client.get(f"/api/v1/countries/?{urlencode({'updated_since': value})}").json()
        return [c["id"] for c in body["results"]]

    assert ids(moment.isoformat()) == [str(new.uid)]
    assert ids("2020-01-01T07:00:00+07:00") == [str(old.uid), str(new.uid)]
    assert ids("2020-01-01T00:00:01") == [str(new.uid)]  # no offset: UTC
    assert ids("2019-12-31") == [str(old.uid), str(new.uid)]


def test_an_unchanged_list_answers_304_to_its_etag_and_its_date(client, django_assert_num_queries):
    f.CountryFactory()
    first = client.get("/api/v1/countries/")
    etag, modified = first["ETag"], first["Last-Modified"]

    with django_assert_num_queries(1):
        by_etag = client.get("/api/v1/countries/", headers={"If-None-Match": etag})
    by_date = client.get("/api/v1/countries/", headers={"If-Modified-Since": modified})
    other_language = client.get("/api/v1/countries/?lang=km", headers={"If-None-Match": etag})
    f.CountryFactory()
    changed = client.get("/api/v1/countries/", headers={"If-None-Match": etag})

    assert (by_etag.status_code, by_etag.content, by_etag["ETag"]) == (304, b"", etag)
    assert by_date.status_code == 304
    assert other_language.status_code == 200
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_deletion_changes_the_list_etag(client):
    keep, drop = f.CountryFactory(), f.CountryFactory()
    etag = client.get("/api/v1/countries/")["ETag"]
    drop.delete()

    response = client.get("/api/v1/countries/", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [str(keep.uid)]


def test_unpublishing_a_record_changes_the_list_etag(client):
    # The unpublished row is no longer visible, so the newest visible moment can stay: its
    # tombstone is what moves the ETag.
    keep, hide = f.CountryFactory(), f.CountryFactory()
    etag = client.get("/api/v1/countries/")["ETag"]
    record_set_publication(record=hide, state="draft")

    response = client.get("/api/v1/countries/", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [str(keep.uid)]


def test_a_cleared_tombstone_changes_the_tombstone_list_etag(client):
    back, still_hidden = f.CountryFactory(), f.CountryFactory()
    record_set_publication(record=back, state="draft")
    record_set_publication(record=still_hidden, state="draft")
    etag = client.get("/api/v1/tombstones/")["ETag"]
    # The newest tombstone stays; only the older one goes.
    record_set_publication(record=back, state="published")

    response = client.get("/api/v1/tombstones/", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert [t["id"] for t in response.json()["results"]] == [str(still_hidden.uid)]


def test_a_list_shows_a_change_to_a_record_nested_in_its_rows_at_once(client):
    # The activity's own updated_at does not move when the meeting it was reported at is
    # renamed or unpublished; the kept representation and the ETag must not outlive either.
    meeting = f.MeetingFactory(title_en="Before")
    activity = f.ActivityFactory()
    activity.reported_at.add(meeting)
    first = client.get("/api/v1/activities/?lang=en")
    assert first.json()["results"][0]["reported_at"][0]["title"] == "Before"

    meeting.title_en = "After"
    record_save(record=meeting)
    renamed = client.get("/api/v1/activities/?lang=en", headers={"If-None-Match": first["ETag"]})
    meeting_set_publication(meeting=meeting, state="draft")
    hidden = client.get("/api/v1/activities/?lang=en")

    assert renamed.status_code == 200
    assert renamed.json()["results"][0]["reported_at"][0]["title"] == "After"
    assert hidden.json()["results"][0]["reported_at"] == []


def test_kept_representations_follow_the_language_asked_for(client):
    f.CountryFactory(name_en="Cambodia", name_km="កម្ពុជា")

    english = client.get("/api/v1/countries/?lang=en").json()["results"][0]["name"]
    khmer = client.get("/api/v1/countries/?lang=km").json()["results"][0]["name"]
    english_again = client.get("/api/v1/countries/?lang=en").json()["results"][0]["name"]

    assert (english, khmer, english_again) == ("Cambodia", "កម្ពុជា", "Cambodia")


def test_an_unchanged_record_answers_304_with_one_query(client, django_assert_num_queries):
    meeting = f.MeetingFactory()
    f.AgendaItemFactory(meeting=meeting)
    first = client.get(f"/api/v1/meetings/{meeting.slug}/")

    with django_assert_num_queries(1):
        again = client.get(
            f"/api/v1/meetings/{meeting.slug}/", headers={"If-None-Match": first["ETag"]}
        )
    f.AgendaItemFactory(meeting=meeting)
    changed = client.get(
        f"/api/v1/meetings/{meeting.slug}/", headers={"If-None-Match": first["ETag"]}
    )

    assert again.status_code == 304
    assert changed.status_code == 200
    assert len(changed.json()["agenda"]) == 2
