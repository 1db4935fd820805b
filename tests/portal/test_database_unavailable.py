"""While the database cannot be reached, readers get a translated 503 page and API clients a
503 problem document, with Retry-After, never a traceback or a bare 500; the next request after
it is back succeeds. (`make faults` shows the same under a real PostgreSQL restart.)"""

import json
import socket
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

KHMER_TITLE = "សេវាកម្មមិនអាចប្រើបានបណ្ដោះអាសន្ន"


@pytest.fixture
def reader():
    # Errors come back as the pages a visitor sees, not as exceptions in the test.
    return Client(raise_request_exception=False)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_down():
    """The database cannot be reached. On PostgreSQL for real: the connection is closed and
    pointed at a port nobody listens on, so the next query fails to connect, as during a
    restart. SQLite has no server to lose (and the test database lives in memory), so there the
    query fails with the error the driver raises for a lost connection, through Django's own
    query hook."""
    if connection.vendor == "postgresql":
        saved = connection.settings_dict.copy()
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)
    else:

        def lost(execute, sql, params, many, context):
            raise OperationalError("server closed the connection unexpectedly")

        with connection.execute_wrapper(lost):
            yield


def test_a_page_answers_a_translated_503_while_the_database_is_down(reader):
    meeting = MeetingFactory(title_en="Twentieth ACCSM")

    with database_down():
        response = reader.get("/km/meetings/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert '<html lang="km">' in page
    assert KHMER_TITLE in page
    assert "Traceback" not in page
    # and once it is back, the next request succeeds
    assert reader.get("/km/meetings/").status_code == 200
    assert reader.get(f"/en/meetings/{meeting.slug}/").status_code == 200


def test_the_api_answers_a_503_problem_while_the_database_is_down(reader):
    MeetingFactory()

    with database_down():
        response = reader.get("/api/v1/meetings/", HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "5"
    assert json.loads(response.content) == {
        "type": "urn:accsm:api:problem:service_unavailable",
        "title": "Dịch vụ tạm thời không khả dụng",
        "status": 503,
        "detail": (
            "Cổng thông tin tạm thời không kết nối được với cơ sở dữ liệu. "
            "Vui lòng thử lại sau vài giây."
        ),
        "code": "service_unavailable",
        "instance": "/api/v1/meetings/",
    }
    assert reader.get("/api/v1/meetings/").status_code == 200


def test_other_server_errors_stay_a_plain_500(reader, settings):
    # A view that fails for a reason other than the database: the usual 500 page.
    from django.urls import path

    def broken(request):
        raise ValueError("a bug, not an outage")

    urlconf = type(
        "urls",
        (),
        {
            "urlpatterns": [path("broken/", broken)],
            "handler500": "accsm_portal.lib.unavailable.server_error",
        },
    )
    settings.ROOT_URLCONF = urlconf
    response = reader.get("/broken/")
    assert response.status_code == 500
    assert b"Server error" in response.content
