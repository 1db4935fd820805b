"""PostgreSQL reuses the plans of the queries a connection repeats (prepared statements), but
plans a search's LIKE for its own terms each time (accsm_portal/lib/statements.py)."""

import pytest
from django.db import connection
from django.test import Client

from accsm_portal.lib.statements import planned_each_time
from tests.conftest import requires_full_stack
from tests.factories import MeetingFactory

pytestmark = [requires_full_stack, pytest.mark.django_db(transaction=True)]

# psycopg prepares a statement the fifth time a connection runs it.
TIMES = 6


def _prepared() -> list[str]:
    """The statements this connection has prepared."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def client():
    # The test client runs the view in this thread, on this test's connection.
    return Client()


def test_a_list_asked_again_runs_from_prepared_statements(client):
    MeetingFactory.create_batch(3)

    for _ in range(TIMES):
        assert client.get("/api/v1/meetings/?lang=km").status_code == 200

    # Its validators and its page's keys, each planned once.
    statements = _prepared()
    assert any('MAX("updated_at") FROM "meetings_meeting"' in s for s in statements)
    assert any(s.startswith('SELECT "meetings_meeting"."') for s in statements)


def test_a_search_is_planned_for_its_terms_each_time(client):
    MeetingFactory.create_batch(3, title_en="Civil service reform")

    for _ in range(TIMES):
        response = client.get("/api/v1/search/?q=civil+service&lang=en")
        assert response.status_code == 200
        assert response.json()["count"] == 3
        assert client.get("/api/v1/meetings/?q=civil+service").status_code == 200

    # Neither the search's candidates nor a list's text filter kept a plan made for other
    # terms; the other statements of the same requests did.
    statements = _prepared()
    assert not any("LIKE" in s for s in statements)
    assert any('MAX("updated_at") FROM "meetings_meeting"' in s for s in statements)


def test_statements_are_prepared_again_after_a_block_planned_each_time():
    query = "SELECT COUNT(*) FROM meetings_meeting WHERE title_en = %s"
    with planned_each_time(), connection.cursor() as cursor:
        for _ in range(TIMES):
            cursor.execute(query, ["x"])
    assert "meetings_meeting WHERE title_en" not in " ".join(_prepared())

    with connection.cursor() as cursor:
        for _ in range(TIMES):
            cursor.execute(query, ["x"])
    assert any("meetings_meeting WHERE title_en = $1" in s for s in _prepared())
