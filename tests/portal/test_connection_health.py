"""A persistent PostgreSQL connection that the server ended is replaced before a request uses
it, and a good one is reused without a `SELECT 1` round trip
(accsm_portal/lib/connection_health.py). `make faults` shows the same under a real restart."""

import select
import time

import psycopg
import pytest
from django.core.signals import request_finished, request_started
from django.db import connection
from django.test import Client

from tests.conftest import requires_full_stack
from tests.factories import MeetingFactory

pytestmark = [requires_full_stack, pytest.mark.django_db(transaction=True)]


def _between_requests() -> None:
    # What a served request does around the view; Django's test client leaves these out.
    request_finished.send(sender=None)
    request_started.send(sender=None, environ={})


def test_a_good_connection_is_reused_without_a_select_1():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    _between_requests()
    # Checked already: Django's check (a SELECT 1 round trip) will not run for this request.
    assert connection.health_check_done is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] == pid


def test_a_connection_the_server_ended_is_replaced_and_the_page_loads():
    meeting = MeetingFactory()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
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

    _between_requests()
    assert connection.health_check_done is False  # left to Django's check, which replaces it
    response = Client(raise_request_exception=False).get(meeting.get_absolute_url())

    assert response.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
