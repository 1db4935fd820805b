"""A persistent PostgreSQL connection that the server ended is replaced before a request uses
it, and a good one is reused without Django's `SELECT 1` round trip
(accsm_portal/lib/connection_health.py). `make faults` shows the same under a real restart."""

import select
import time

import psycopg
import pytest
from django.core.signals import request_finished, request_started
from django.db import connection, connections
from django.test import Client

from tests.conftest import requires_full_stack
from tests.factories import MeetingFactory

pytestmark = [requires_full_stack, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def round_trip_checks(monkeypatch):
    """How many times Django's own check (a SELECT 1 to the server) ran."""
    calls = []
    wrapper_class = type(connections["default"])
    original = wrapper_class.is_usable

    def counted(self):
        calls.append(self.alias)
        return original(self)

    monkeypatch.setattr(wrapper_class, "is_usable", counted)
    return calls


def _new_request() -> None:
    # What a served request does around the view; Django's test client leaves these out.
    request_finished.send(sender=None)
    request_started.send(sender=None, environ={})


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_a_good_connection_is_reused_without_a_select_1(round_trip_checks):
    # A new connection: one older than CONN_MAX_AGE is closed at the end of a request anyway.
    connection.close()
    pid = _backend_pid()

    _new_request()

    assert _backend_pid() == pid
    assert connection.health_check_done is True
    assert round_trip_checks == []


def test_a_connection_the_server_ended_is_replaced_and_the_page_loads(round_trip_checks):
    meeting = MeetingFactory()
    connection.close()
    pid = _backend_pid()
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    # The server's last message reaches the socket.
    select.select([connection.connection.fileno()], [], [], 5)
    time.sleep(0.05)

    _new_request()
    response = Client(raise_request_exception=False).get(meeting.get_absolute_url())

    assert response.status_code == 200
    assert round_trip_checks, "the ended connection must go through Django's own check"
    assert _backend_pid() != pid
