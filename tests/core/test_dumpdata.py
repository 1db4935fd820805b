"""Django's own dump and load work on the portal's database (docs/operations.md)."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accsm_portal.core.models import Editorial
from accsm_portal.core.roles import PUBLISH_PERMISSION, SECRETARIAT_EDITOR
from meetings.models import HistoricalAgendaItem, Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_publish_permission_lives_on_a_table_that_dumpdata_can_read():
    # The permission holder has a table (it stays empty) and its permission is still given.
    assert Editorial.objects.count() == 0
    editors = Group.objects.get(name=SECRETARIAT_EDITOR)
    assert editors.permissions.filter(
        content_type__app_label="core",
        content_type__model="editorial",
        codename=PUBLISH_PERMISSION.split(".")[1],
    ).exists()


def test_dumpdata_with_natural_keys_survives_deleted_records_and_loads_back(tmp_path):
    # given: records with history, one meeting deleted after its agenda items had history
    kept = f.AgendaItemFactory().meeting
    gone = f.AgendaItemFactory().meeting
    gone_pk = gone.pk
    gone.delete()
    assert HistoricalAgendaItem.objects.filter(meeting_id=gone_pk).exists()
    dump = tmp_path / "portal.json"

    # when
    call_command("dumpdata", natural_foreign=True, output=str(dump), verbosity=0)

    # then: every model is there, the dangling history reference kept as the id it held
    items = json.loads(dump.read_text(encoding="utf-8"))
    models = {item["model"] for item in items}
    assert {"core.country", "meetings.meeting", "meetings.historicalagendaitem"} <= models
    history = [i for i in items if i["model"] == "meetings.historicalagendaitem"]
    assert {json.dumps(i["fields"]["meeting"]) for i in history} == {
        json.dumps([str(kept.uid)]),
        json.dumps(gone_pk),
    }
    # and: loading it back into the same database changes nothing (a backup restore)
    before = Meeting.objects.get(pk=kept.pk)
    call_command("loaddata", str(dump), verbosity=0)
    after = Meeting.objects.get(pk=kept.pk)
    assert after.updated_at == before.updated_at
    assert after.title_km == before.title_km
    assert HistoricalAgendaItem.objects.filter(meeting_id=gone_pk).count() == 2
