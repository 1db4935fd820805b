"""Loading the seed fixtures: idempotent, never overwriting an editor, every record valid,
published and cited."""

import json
from collections import Counter

import pytest
from django.apps import apps

from accsm_portal.core.models import Citation, Record, Source
from accsm_portal.core.services import SEED_CHANGE_REASON, record_save, seed_load
from accsm_portal.management.commands.seed import seed_fixture_paths
from arcs.models import ThemePeriod
from meetings.models import Meeting

pytestmark = pytest.mark.usefixtures("seeded", "db")


def fixture_objects() -> list[dict]:
    objects = []
    for path in seed_fixture_paths():
        objects += json.loads(path.read_text(encoding="utf-8"))
    return objects


def seeded_records() -> list[Record]:
    records = []
    for item in fixture_objects():
        model = apps.get_model(item["model"])
        if issubclass(model, Record):
            records.append(model.objects.get(uid=item["fields"]["uid"]))
    return records


def test_the_fixtures_are_numbered_files_written_with_natural_keys_only():
    paths = seed_fixture_paths()
    objects = fixture_objects()

    assert [p.name[:3] for p in paths] == sorted(p.name[:3] for p in paths)
    assert len(paths) >= 8
    assert all("pk" not in item for item in objects)
    assert all("created_at" not in item["fields"] for item in objects)
    assert "ក្រសួងមុខងារសាធារណៈ" in paths[1].read_text(encoding="utf-8")


def test_every_fixture_object_was_loaded(seeded):
    objects = fixture_objects()

    assert seeded["created"] == len(objects)
    for label, count in Counter(item["model"] for item in objects).items():
        assert apps.get_model(label).objects.count() == count, label


def test_loading_again_creates_nothing():
    before = {label: apps.get_model(label).objects.count() for label in _labels()}

    counts = seed_load(paths=seed_fixture_paths())

    assert counts == {"created": 0, "kept": len(fixture_objects())}
    assert {label: apps.get_model(label).objects.count() for label in _labels()} == before


def test_an_editors_change_to_a_seeded_record_survives_a_second_load():
    meeting = Meeting.objects.get(slug="accsm-21-heads-2022-08-05")
    meeting.attendance = 98
    meeting.title_en = "21st ASEAN Heads of Civil Service Meeting (corrected)"
    record_save(record=meeting, reason="Secretariat correction")

    seed_load(paths=seed_fixture_paths())

    meeting.refresh_from_db()
    assert meeting.attendance == 98
    assert meeting.title_en == "21st ASEAN Heads of Civil Service Meeting (corrected)"
    assert meeting.history.latest("history_date").history_change_reason == (
        "Secretariat correction"
    )


def test_a_deleted_seed_record_is_created_again():
    period = ThemePeriod.objects.get(centre__country__code="KH")
    uid = period.uid
    period.delete()

    counts = seed_load(paths=seed_fixture_paths())

    assert counts["created"] == 1
    assert ThemePeriod.objects.get(uid=uid).theme_km == "ការផ្តល់សេវាសាធារណៈ"


def test_every_seeded_record_validates_and_is_published():
    records = seeded_records()

    assert len(records) > 200
    for record in records:
        record.full_clean()
        assert record.is_published, record
        created = record.history.earliest("history_date")
        assert (created.history_type, created.history_change_reason) == (
            "+",
            SEED_CHANGE_REASON,
        ), record


def test_every_seeded_record_cites_a_source():
    uncited = [
        f"{record._meta.label} {record}"
        for record in seeded_records()
        if not isinstance(record, Source) and not record.citations.exists()
    ]

    assert uncited == []


def test_every_citation_names_an_existing_record_and_a_seed_source():
    references = set(Source.objects.values_list("reference", flat=True))

    assert Citation.objects.count() > 200
    for citation in Citation.objects.select_related("source", "content_type"):
        assert citation.record is not None, citation
        assert citation.source.reference in references
        assert citation.note_en


def test_records_keep_the_language_of_their_seed():
    languages = {
        source.reference[:3]: source.language for source in Source.objects.exclude(slug="")
    }

    assert languages == {
        "000": "km",
        "001": "km",
        "002": "km",
        "003": "lo",
        "004": "vi",
        "DIG": "en",
    }
    for record in seeded_records():
        if isinstance(record, Source):
            continue
        own = {c.source.language for c in record.citations}
        assert record.original_language in own | {"en"}, record


def _labels() -> set[str]:
    return {item["model"] for item in fixture_objects()}
