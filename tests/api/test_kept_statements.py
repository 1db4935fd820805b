"""An API list keeps the compiled SQL of its page of keys (accsm_portal/lib/api/pagination.py,
`_keyset_rows`) and, for a selector that is the same for every reader, the selector's
queryset (`ListViewSet.list_queryset`). What a list answers is still decided by the database
on every request: kept SQL pages like fresh SQL, and a record unpublished after its statement
was kept is not listed."""

import datetime

import pytest
from django.utils import timezone

from accsm_portal.lib.query_keys import _KEPT_QUERYSETS
from tests import factories as f
from workplans.api.views import ActivityViewSet
from workplans.models import Activity

pytestmark = pytest.mark.django_db


def ids(client, url: str) -> list[str]:
    """The ids of every record of a list, following its next links."""
    found = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        found += [item["id"] for item in body["results"]]
        url = body["next"]
    return found


@pytest.mark.parametrize("ordering", ["updated_at", "-updated_at", "created_at"])
def test_paging_again_with_the_kept_sql_gives_every_record_once_in_order(client, ordering):
    f.ActivityFactory.create_batch(7)
    descending = ordering.startswith("-")
    field = ordering.lstrip("-")
    expected = [
        str(uid)
        for uid in Activity.objects.order_by(
            *([f"-{field}", "-uid"] if descending else [field, "uid"])
        ).values_list("uid", flat=True)
    ]
    url = f"/api/v1/activities/?page_size=2&ordering={ordering}"

    first = ids(client, url)
    again = ids(client, url)  # every page's statement is kept by now

    assert first == again == expected


def test_a_record_unpublished_after_the_list_was_kept_is_no_longer_listed(client):
    kept, hidden, in_draft_plan = f.ActivityFactory.create_batch(3)
    url = "/api/v1/activities/?page_size=2"
    assert len(ids(client, url)) == 3
    assert len(ids(client, url)) == 3

    hidden.publication_state = "draft"
    hidden.save()
    in_draft_plan.work_plan.publication_state = "draft"
    in_draft_plan.work_plan.save()

    assert ids(client, url) == [str(kept.uid)]


def test_a_filter_value_gets_its_own_statement(client):
    activity = f.ActivityFactory()
    past = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert ids(client, "/api/v1/activities/") == [str(activity.uid)]

    assert ids(client, f"/api/v1/activities/?updated_since={past}") == [str(activity.uid)]
    assert ids(client, f"/api/v1/activities/?updated_since={future}") == []
    assert ids(client, f"/api/v1/activities/?updated_since={past}") == [str(activity.uid)]


def test_the_kept_list_queryset_is_only_ever_copied(client):
    f.ActivityFactory()
    client.get("/api/v1/activities/?lang=km")
    client.get("/api/v1/activities/?lang=km")

    kept = [qs for key, (qs, _qk) in _KEPT_QUERYSETS.items() if key[0][0] is ActivityViewSet]
    assert kept
    assert all(queryset._result_cache is None for queryset in kept)


def test_a_page_of_keys_is_read_as_django_reads_it():
    """The page's rows (timestamps read by psycopg's C loader on PostgreSQL) are the values,
    time zones included, that the ORM's values() gives: the cursors and the representations'
    keys are written from them."""
    from accsm_portal.lib.api.pagination import _keyset_rows
    from workplans.selectors import activity_list_public

    f.ActivityFactory.create_batch(3)
    keys = [("updated_at", False), ("uid", False)]
    fields = ["pk", "uid", "updated_at"]
    expected = list(activity_list_public().order_by("updated_at", "uid").values(*fields))

    for _ in range(2):  # compiled, then kept
        rows = _keyset_rows(activity_list_public(), fields, keys, None, 10)
        assert rows == expected
        assert [row["updated_at"].tzinfo for row in rows] == [
            row["updated_at"].tzinfo for row in expected
        ]
        assert [row["updated_at"].isoformat() for row in rows] == [
            row["updated_at"].isoformat() for row in expected
        ]
