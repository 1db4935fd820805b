"""/healthz reports each dependency, and says so when one of them is really down."""

import pytest

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: connecting is refused at once, a real outage rather than a mock.
UNREACHABLE_REDIS_CACHE = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }
}


def test_healthz_reports_database_cache_and_broker_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    report = response.json()
    assert report["status"] == "ok"
    assert set(report["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in report["checks"].values()), report


def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_an_unreachable_cache_with_503(client, settings):
    settings.CACHES = UNREACHABLE_REDIS_CACHE

    response = client.get("/healthz")

    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "error"
    assert report["checks"]["cache"]["ok"] is False
    assert "cache did not return the value" in report["checks"]["cache"]["error"]
    assert report["checks"]["database"]["ok"] is True


def test_pages_still_load_while_the_cache_is_unreachable(client, settings):
    settings.CACHES = UNREACHABLE_REDIS_CACHE

    response = client.get("/en/")

    assert response.status_code == 200
