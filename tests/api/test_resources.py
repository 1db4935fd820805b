"""Each resource's representation, compared whole with values built from the objects."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from accsm_portal.core.models import Citation
from tests import factories as f

pytestmark = pytest.mark.django_db

API = "http://testserver/api/v1"
PORTAL = "http://testserver/en"


def stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def times(record) -> dict:
    record.refresh_from_db()
    return {"created_at": stamp(record.created_at), "updated_at": stamp(record.updated_at)}


def country_ref(c) -> dict:
    return {
        "id": str(c.uid),
        "code": c.code,
        "url": f"{API}/countries/{c.code}/",
        "name": c.name_en,
        "fallbacks": {},
    }


def organisation_ref(o) -> dict:
    return {
        "id": str(o.uid),
        "slug": o.slug,
        "url": f"{API}/organisations/{o.slug}/",
        "name": o.name_en,
        "acronym": o.acronym_en or None,
        "fallbacks": {},
    }


def person_ref(p) -> dict:
    return {
        "id": str(p.uid),
        "slug": p.slug,
        "url": f"{API}/people/{p.slug}/",
        "honorific": p.honorific_en or None,
        "name": p.name_en,
        "fallbacks": {},
    }


def document_ref(d) -> dict:
    return {
        "id": str(d.uid),
        "slug": d.slug,
        "url": f"{API}/documents/{d.slug}/",
        "kind": d.kind,
        "title": d.title_en,
        "fallbacks": {},
    }


def source_ref(s) -> dict:
    return {
        "id": str(s.uid),
        "slug": s.slug,
        "url": f"{API}/sources/{s.slug}/",
        "title": s.title_en,
        "fallbacks": {},
    }


def meeting_ref(m) -> dict:
    return {
        "id": str(m.uid),
        "slug": m.slug,
        "url": f"{API}/meetings/{m.slug}/",
        "title": m.title_en,
        "starts_on": m.starts_on.isoformat(),
        "date_precision": m.date_precision,
        "fallbacks": {},
    }


def common(record, sources=()) -> dict:
    return {
        "original_language": record.original_language,
        "fallbacks": {},
        "sources": [
            {"source": source_ref(s), "note": note, "fallbacks": {}} for s, note in sources
        ],
        **times(record),
    }


def cite(record, note: str):
    source = f.SourceFactory(title_en="Khmer Times, 9 April 2021")
    Citation.objects.create(
        source=source,
        note_en=note,
        object_uid=record.uid,
        content_type=ContentType.objects.get_for_model(type(record)),
    )
    return source


def get(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_country(client):
    kh = f.member_state("KH", "Cambodia")
    source = cite(kh, "Host of the 19th ACCSM")

    assert get(client, "/api/v1/countries/kh/") == {
        "language": "en",
        "id": str(kh.uid),
        "code": "KH",
        "url": f"{API}/countries/KH/",
        "portal_url": f"{PORTAL}/states/kh/",
        "name": "Cambodia",
        "standing": "member_state",
        **common(kh, [(source, "Host of the 19th ACCSM")]),
    }


def test_an_organisation_and_a_person(client):
    kh = f.member_state("KH", "Cambodia")
    ministry = f.OrganisationFactory(
        name_en="Ministry of Civil Service", acronym_en="MCS", country=kh
    )
    school = f.OrganisationFactory(
        name_en="Royal School of Administration", country=kh, parent=ministry
    )
    person = f.PersonFactory(name_en="Yok Bunna", name_km="យក់ ប៊ុនណា", honorific_en="H.E.")
    position = f.PositionFactory(
        person=person, organisation=school, title_en="Director", as_of=datetime.date(2021, 4, 8)
    )

    assert get(client, f"/api/v1/organisations/{school.slug}/") == {
        "language": "en",
        "id": str(school.uid),
        "slug": school.slug,
        "url": f"{API}/organisations/{school.slug}/",
        "portal_url": None,
        "name": "Royal School of Administration",
        "acronym": None,
        "kind": "ministry",
        "country": country_ref(kh),
        "parent": organisation_ref(ministry),
        **common(school),
    }
    assert get(client, f"/api/v1/people/{person.uid}/") == {
        "language": "en",
        "id": str(person.uid),
        "slug": person.slug,
        "url": f"{API}/people/{person.slug}/",
        "portal_url": None,
        "honorific": "H.E.",
        "name": "Yok Bunna",
        "positions": [
            {
                "id": str(position.uid),
                "title": "Director",
                "organisation": organisation_ref(school),
                "starts_on": None,
                "ends_on": None,
                "as_of": "2021-04-08",
                "fallbacks": {},
            }
        ],
        **common(person),
    }


def test_a_document_and_a_source(client):
    kh = f.member_state("KH", "Cambodia")
    old = f.DocumentFactory(title_en="Work Plan 2016-2020", kind="work_plan")
    document = f.DocumentFactory(
        title_en="Declaration",
        kind="declaration",
        status="superseded",
        superseded_by=old,
        dated=datetime.date(2009, 10, 1),
        date_precision="month",
        initiated_by=kh,
    )
    english = f.DocumentFileFactory(
        document=document, language="en", url="https://asean.org/declaration.pdf"
    )
    publisher = f.OrganisationFactory(name_en="Vientiane Times")
    source = f.SourceFactory(
        title_en="Lao officials attend",
        publisher=publisher,
        language="lo",
        published_on=datetime.date(2019, 1, 1),
        published_precision="year",
        url="https://example.org/a",
        reference="seed-003",
        text="ຂ່າວ",
    )

    assert get(client, f"/api/v1/documents/{document.slug}/") == {
        "language": "en",
        "id": str(document.uid),
        "slug": document.slug,
        "url": f"{API}/documents/{document.slug}/",
        "portal_url": f"{PORTAL}/documents/{document.slug}/",
        "title": "Declaration",
        "summary": None,
        "kind": "declaration",
        "status": "superseded",
        "access": "public",
        "dated": "2009-10",
        "date_precision": "month",
        "author": None,
        "initiated_by": country_ref(kh),
        "superseded_by": document_ref(old),
        "files": [
            {
                "id": str(english.uid),
                "language": "en",
                "address": "https://asean.org/declaration.pdf",
            }
        ],
        **common(document),
    }
    assert get(client, f"/api/v1/sources/{source.slug}/") == {
        "language": "en",
        "id": str(source.uid),
        "slug": source.slug,
        "url": f"{API}/sources/{source.slug}/",
        "portal_url": f"{PORTAL}/sources/{source.slug}/",
        "title": "Lao officials attend",
        "summary": None,
        "publisher": organisation_ref(publisher),
        "text_language": "lo",
        "published_on": "2019",
        "published_precision": "year",
        "address": "https://example.org/a",
        "reference": "seed-003",
        "text": "ຂ່າວ",
        **common(source),
    }


def test_a_meeting_with_its_parts(client):
    kh = f.member_state("KH", "Cambodia")
    vn = f.member_state("VN", "Viet Nam")
    cycle = f.CycleFactory(number=21, chair_country=vn, starts_year=2020, ends_year=2022)
    chair = f.PersonFactory(name_en="Chair person")
    whole = f.MeetingFactory(
        series=cycle.series, title_en="21st ACCSM", starts_on=datetime.date(2021, 4, 8)
    )
    meeting = f.MeetingFactory(
        series=cycle.series,
        cycle=cycle,
        kind="preparatory_som",
        number=21,
        title_en="Preparatory meeting and SOM",
        starts_on=datetime.date(2021, 4, 8),
        host_country=vn,
        chair=chair,
        parent=whole,
        attendance=100,
        attendance_note_en="nearly 100 delegates",
        city_en="Hanoi",
    )
    document = f.DocumentFactory(title_en="Draft declaration")
    item = f.AgendaItemFactory(meeting=meeting, order=1, title_en="Declaration")
    item.documents.set([document])
    head = f.PersonFactory(name_en="Head")
    delegation = f.DelegationFactory(meeting=meeting, country=kh, head=head, size=14, women=5)
    member = f.DelegationMemberFactory(delegation=delegation, person=head, role_en="Head")
    outcome = f.OutcomeFactory(meeting=meeting, kind="agreement", text_en="Agreed")
    action = f.ActionItemFactory(
        outcome=outcome,
        text_en="Send comments",
        due_on=datetime.date(2021, 4, 22),
        due_is_inferred=True,
        due_note_en="within two weeks",
    )
    series = cycle.series

    assert get(client, f"/api/v1/meetings/{meeting.slug}/") == {
        "language": "en",
        "id": str(meeting.uid),
        "slug": meeting.slug,
        "url": f"{API}/meetings/{meeting.slug}/",
        "portal_url": f"{PORTAL}/meetings/{meeting.slug}/",
        "title": "Preparatory meeting and SOM",
        "summary": None,
        "series": {
            "id": str(series.uid),
            "slug": series.slug,
            "kind": "accsm",
            "name": series.name_en,
            "acronym": series.acronym_en,
            "fallbacks": {},
        },
        "cycle": {
            "id": str(cycle.uid),
            "number": 21,
            "starts_year": 2020,
            "ends_year": 2022,
            "chair_country": country_ref(vn),
        },
        "kind": "preparatory_som",
        "number": 21,
        "starts_on": "2021-04-08",
        "ends_on": None,
        "date_precision": "day",
        "date_is_inferred": False,
        "date_note": None,
        "mode": "video",
        "status": "held",
        "host_country": country_ref(vn),
        "host_organisation": None,
        "city": "Hanoi",
        "chair": person_ref(chair),
        "attendance": 100,
        "attendance_note": "nearly 100 delegates",
        "parent": meeting_ref(whole),
        "previous": None,
        "parts": [],
        "agenda": [
            {
                "id": str(item.uid),
                "order": 1,
                "title": "Declaration",
                "description": None,
                "documents": [document_ref(document)],
                "priority_areas": [],
                "fallbacks": {},
            }
        ],
        "delegations": [
            {
                "id": str(delegation.uid),
                "country": country_ref(kh),
                "organisation": None,
                "head": person_ref(head),
                "size": 14,
                "women": 5,
                "note": None,
                "members": [
                    {
                        "id": str(member.uid),
                        "order": member.order,
                        "person": person_ref(head),
                        "role": "Head",
                        "fallbacks": {},
                    }
                ],
                "fallbacks": {},
            }
        ],
        "outcomes": [
            {
                "id": str(outcome.uid),
                "kind": "agreement",
                "order": 1,
                "text": "Agreed",
                "documents": [],
                "activities": [],
                "action_items": [
                    {
                        "id": str(action.uid),
                        "text": "Send comments",
                        "responsible": None,
                        "due_on": "2021-04-22",
                        "due_is_inferred": True,
                        "due_note": "within two weeks",
                        "status": "open",
                        "completed_on": None,
                        "fallbacks": {},
                    }
                ],
                "fallbacks": {},
            }
        ],
        "handovers": [],
        # The PDF record in every language, whatever the response language (docs/pdf.md).
        "record_pdf": {
            code: f"http://testserver/{code}/meetings/{meeting.slug}/record.pdf"
            for code in ("en", "km", "lo", "vi")
        },
        **common(meeting),
    }


def test_a_work_plan_its_priority_area_and_an_activity(client):
    kh = f.member_state("KH", "Cambodia")
    la = f.member_state("LA", "Lao PDR")
    meeting = f.MeetingFactory(title_en="20th ACCSM")
    plan = f.WorkPlanFactory(
        starts_year=2016, ends_year=2020, title_en="Work Plan 2016-2020", adopted_at=meeting
    )
    area = f.PriorityAreaFactory(work_plan=plan, number=3, title_en="Public service delivery")
    report = f.ProgressReportFactory(
        work_plan=plan, meeting=meeting, priority_area=area, completed=5, planned=10
    )
    activity = f.ActivityFactory(
        work_plan=plan,
        priority_area=area,
        lead_country=kh,
        title_en="Workshop",
        status="completed",
        actual_start=datetime.date(2019, 1, 1),
        actual_end=datetime.date(2019, 1, 1),
        date_precision="year",
    )
    activity.co_lead_countries.set([la])
    plan_ref = {
        "id": str(plan.uid),
        "slug": plan.slug,
        "url": f"{API}/work-plans/{plan.slug}/",
        "scope": "both",
        "starts_year": 2016,
        "ends_year": 2020,
        "title": "Work Plan 2016-2020",
        "fallbacks": {},
    }
    area_ref = {
        "id": str(area.uid),
        "url": f"{API}/priority-areas/{area.uid}/",
        "track": "accsm",
        "number": 3,
        "title": "Public service delivery",
        "fallbacks": {},
    }

    assert get(client, f"/api/v1/work-plans/{plan.slug}/") == {
        "language": "en",
        "id": str(plan.uid),
        "slug": plan.slug,
        "url": f"{API}/work-plans/{plan.slug}/",
        "portal_url": f"{PORTAL}/workplans/{plan.slug}/",
        "title": "Work Plan 2016-2020",
        "objectives": None,
        "scope": "both",
        "starts_year": 2016,
        "ends_year": 2020,
        "adopted_at": meeting_ref(meeting),
        "document": None,
        "priority_areas": [area_ref],
        "progress_reports": [
            {
                "id": str(report.uid),
                "meeting": meeting_ref(meeting),
                "track": "accsm",
                "priority_area": area_ref,
                "label": None,
                "completed": 5,
                "planned": 10,
                "note": None,
                "fallbacks": {},
            }
        ],
        **common(plan),
    }
    assert get(client, f"/api/v1/priority-areas/{area.uid}/") == {
        "language": "en",
        "id": str(area.uid),
        "url": f"{API}/priority-areas/{area.uid}/",
        "portal_url": f"{PORTAL}/workplans/{plan.slug}/#area-accsm-3",
        "work_plan": plan_ref,
        "track": "accsm",
        "number": 3,
        "title": "Public service delivery",
        "description": None,
        **common(area),
    }
    assert get(client, f"/api/v1/activities/{activity.slug}/") == {
        "language": "en",
        "id": str(activity.uid),
        "slug": activity.slug,
        "url": f"{API}/activities/{activity.slug}/",
        "portal_url": f"{PORTAL}/workplans/activities/{activity.slug}/",
        "title": "Workshop",
        "description": None,
        "work_plan": plan_ref,
        "priority_area": area_ref,
        "track": "accsm",
        "lead_country": country_ref(kh),
        "co_lead_countries": [country_ref(la)],
        "partners": [],
        "status": "completed",
        "planned_start": None,
        "planned_end": None,
        "actual_start": "2019",
        "actual_end": "2019",
        "date_precision": "year",
        "proposed_at": None,
        "reported_at": [],
        "outputs": [],
        **common(activity),
    }


def test_an_arc_with_its_theme_history(client):
    la = f.member_state("LA", "Lao PDR")
    arc = f.ResourceCentreFactory(
        country=la, name_en="ARC of Lao PDR", established_on=datetime.date(1995, 1, 1)
    )
    first = f.ThemePeriodFactory(
        centre=arc,
        theme_en="Training",
        starts_on=datetime.date(2015, 1, 1),
        ends_on=datetime.date(2017, 4, 30),
    )
    second = f.ThemePeriodFactory(
        centre=arc,
        theme_en="Leadership",
        as_stated_en="as of May 2017",
        starts_on=datetime.date(2017, 5, 1),
    )
    assessment = f.SelfAssessmentFactory(centre=arc, year=2019, summary_en="Summary")

    def theme(period, ends_on):
        return {
            "id": str(period.uid),
            "theme": period.theme_en,
            "starts_on": period.starts_on.isoformat()[:7],
            "ends_on": ends_on,
            "date_precision": "month",
            "as_stated": period.as_stated_en or None,
            "note": None,
            "source": None,
            "fallbacks": {},
        }

    assert get(client, f"/api/v1/arcs/{arc.slug}/") == {
        "language": "en",
        "id": str(arc.uid),
        "slug": arc.slug,
        "url": f"{API}/arcs/{arc.slug}/",
        "portal_url": f"{PORTAL}/arcs/{arc.slug}/",
        "name": "ARC of Lao PDR",
        "description": None,
        "country": country_ref(la),
        "host_organisation": None,
        "established_on": "1995",
        "established_precision": "year",
        "established_at": None,
        "themes": [theme(first, "2017-04"), theme(second, None)],
        "self_assessments": [
            {
                "id": str(assessment.uid),
                "year": 2019,
                "summary": "Summary",
                "document": None,
                "fallbacks": {},
            }
        ],
        **common(arc),
    }


def test_filters_select_what_they_say(client):
    kh = f.member_state("KH", "Cambodia")
    la = f.member_state("LA", "Lao PDR")
    held = f.MeetingFactory(
        host_country=kh, starts_on=datetime.date(2021, 4, 8), ends_on=datetime.date(2021, 4, 9)
    )
    f.MeetingFactory(host_country=la, starts_on=datetime.date(2019, 8, 27), mode="in_person")
    plan = f.WorkPlanFactory()
    led = f.ActivityFactory(work_plan=plan, lead_country=la, status="ongoing")
    f.ActivityFactory(lead_country=kh)
    arc = f.ResourceCentreFactory(country=la)
    f.ThemePeriodFactory(centre=arc, starts_on=datetime.date(2017, 5, 1))
    f.ResourceCentreFactory(country=kh)

    def ids(url):
        return [r["id"] for r in get(client, url)["results"]]

    assert ids("/api/v1/meetings/?host_country=kh&year=2021&mode=video") == [str(held.uid)]
    assert ids("/api/v1/meetings/?date_from=2021-04-09&date_to=2021-12-31") == [str(held.uid)]
    assert ids(f"/api/v1/activities/?work_plan={plan.slug}&lead_country=LA&status=ongoing") == [
        str(led.uid)
    ]
    assert ids("/api/v1/arcs/?member_state=LA&theme_on=2018-01-01") == [str(arc.uid)]
    assert ids("/api/v1/arcs/?theme_on=2016-01-01") == []
    ordered = ids("/api/v1/meetings/?ordering=-starts_on")
    assert ordered[0] == str(held.uid)
