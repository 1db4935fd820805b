"""Drafts and restricted documents never leak: not in a list, a detail, a nested part, a
reference, a filter, a count, a CSV file, the iCalendar feed or the tombstones."""

import pytest

from tests.api.conftest import SECRET

pytestmark = pytest.mark.django_db

LISTS = [
    "countries",
    "organisations",
    "people",
    "documents",
    "sources",
    "meetings",
    "work-plans",
    "priority-areas",
    "activities",
    "arcs",
    "tombstones",
]
VARIANTS = ["", "?format=csv", "?translations=all", "?format=csv&translations=all", "?lang=km"]


def detail_urls(world) -> list[str]:
    return [
        f"/api/v1/countries/{world['kh'].code}/",
        f"/api/v1/organisations/{world['ministry'].slug}/",
        f"/api/v1/people/{world['person'].slug}/",
        f"/api/v1/documents/{world['public_doc'].slug}/",
        f"/api/v1/sources/{world['source'].slug}/",
        f"/api/v1/meetings/{world['meeting'].slug}/",
        f"/api/v1/work-plans/{world['work_plan'].slug}/",
        f"/api/v1/priority-areas/{world['area'].uid}/",
        f"/api/v1/activities/{world['activity'].slug}/",
        f"/api/v1/arcs/{world['arc'].slug}/",
    ]


def every_answer(client, world) -> dict[str, str]:
    urls = [f"/api/v1/{name}/{variant}" for name in LISTS for variant in VARIANTS]
    urls += [url + variant for url in detail_urls(world) for variant in VARIANTS]
    urls += ["/api/v1/meetings.ics", f"/api/v1/meetings/{world['meeting'].slug}.ics"]
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        answers[url] = response.content.decode()
    return answers


def leaks(answers: dict[str, str], records) -> list[str]:
    found = []
    for url, text in answers.items():
        if SECRET in text:
            found.append(f"{url}: {SECRET}")
        found += [f"{url}: {r._meta.model_name} {r.uid}" for r in records if str(r.uid) in text]
    return found


def test_an_anonymous_client_sees_no_draft_and_no_restricted_document(client, world):
    answers = every_answer(client, world)

    assert leaks(answers, [*world["hidden"], world["delegates_doc"]]) == []
    # The published records around them are there.
    assert str(world["meeting"].uid) in answers["/api/v1/meetings/"]
    assert "Meeting of a draft series" in answers["/api/v1/meetings/"]


def test_a_partner_sees_delegate_documents_but_no_draft_or_secretariat_document(
    partner_client, world
):
    answers = every_answer(partner_client, world)

    assert leaks(answers, world["hidden"]) == []
    delegates_doc = str(world["delegates_doc"].uid)
    assert delegates_doc in answers["/api/v1/documents/"]
    assert delegates_doc in answers[f"/api/v1/meetings/{world['meeting'].slug}/"]
    assert delegates_doc in answers[f"/api/v1/activities/{world['activity'].slug}/"]


def test_references_to_hidden_records_are_null_or_left_out(client, world):
    meeting = client.get(f"/api/v1/meetings/{world['meeting'].slug}/").json()
    activity = client.get(f"/api/v1/activities/{world['activity'].slug}/").json()

    assert (meeting["chair"], meeting["host_organisation"], meeting["parent"]) == (None,) * 3
    assert [d["title"] for d in meeting["agenda"][0]["documents"]] == ["Joint Statement"]
    assert [a["title"] for a in meeting["agenda"][0]["priority_areas"]] == [
        "Public service delivery"
    ]
    assert [o["text"] for o in meeting["outcomes"]] == ["Adopted the work plan"]
    assert [a["title"] for a in meeting["outcomes"][0]["activities"]] == ["E-government workshop"]
    assert [c["code"] for c in activity["co_lead_countries"]] == ["KH"]
    assert activity["proposed_at"] is None
    assert [m["title"] for m in activity["reported_at"]] == ["21st ACCSM"]


@pytest.mark.parametrize("persona", ["client", "partner_client"])
def test_hidden_records_answer_exactly_like_missing_ones(request, persona, world):
    client = request.getfixturevalue(persona)
    missing = client.get("/api/v1/meetings/no-such-meeting/")
    hidden = {
        "countries": [world["draft_country"].code],
        "organisations": [world["draft_org"].slug],
        "documents": [world["draft_doc"].slug, world["draft_doc"].uid],
        "meetings": [world["draft_parent"].slug, world["draft_parent"].uid],
        "work-plans": [world["draft_plan"].slug],
        "priority-areas": [world["draft_area"].uid],
        "arcs": [world["draft_arc"].slug],
    }

    for name, keys in hidden.items():
        for key in keys:
            response = client.get(f"/api/v1/{name}/{key}/")
            body = response.json()
            assert response.status_code == 404
            assert {k: v for k, v in body.items() if k != "instance"} == {
                k: v for k, v in missing.json().items() if k != "instance"
            }


def test_the_anonymous_client_cannot_read_a_delegate_document_by_its_address(client, world):
    assert client.get(f"/api/v1/documents/{world['delegates_doc'].slug}/").status_code == 404


@pytest.mark.parametrize(
    ("path", "parameter", "hidden_value", "unknown_value"),
    [
        ("meetings", "host_country", "ZZ", "QQ"),
        ("meetings", "series", "draft_series", "no-such-series"),
        ("activities", "work_plan", "draft_plan", "no-such-plan"),
        ("activities", "priority_area", "draft_area", "00000000-0000-0000-0000-000000000000"),
        ("organisations", "country", "ZZ", "QQ"),
        ("documents", "author", "draft_org", "no-such-organisation"),
    ],
)
def test_filtering_by_a_hidden_record_answers_like_an_unknown_one(
    client, world, path, parameter, hidden_value, unknown_value
):
    if hidden_value in world:
        record = world[hidden_value]
        hidden_value = str(record.uid) if parameter == "priority_area" else record.slug

    hidden = client.get(f"/api/v1/{path}/?{parameter}={hidden_value}")
    unknown = client.get(f"/api/v1/{path}/?{parameter}={unknown_value}")

    assert hidden.status_code == unknown.status_code == 400
    assert hidden.json()["parameter"] == parameter
    assert hidden.json()["detail"] == unknown.json()["detail"]


def test_free_text_never_finds_drafts(client, world):
    response = client.get(f"/api/v1/meetings/?q={SECRET}")

    assert response.status_code == 200
    assert response.json()["results"] == []
