"""Bad input is a 400 problem naming the parameter; access needs no account for public
records, partner tokens read delegate-level documents; throttling answers 429."""

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import translation

from accsm_portal.models import ApiToken
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("meetings/?year=abc", "year"),
        ("meetings/?year=2021.5", "year"),
        ("meetings/?date_from=08/04/2021", "date_from"),
        ("meetings/?date_from=2021-05-01&date_to=2021-04-01", "date_to"),
        ("meetings/?kind=banquet", "kind"),
        ("meetings/?status=held,adjourned", "status"),
        ("meetings/?cycle=zero", "cycle"),
        ("meetings/?page_size=0", "page_size"),
        ("meetings/?page_size=501", "page_size"),
        ("meetings/?cursor=not-a-cursor", "cursor"),
        ("meetings/?ordering=title", "ordering"),
        ("countries/?ordering=starts_on", "ordering"),
        ("meetings/?lang=fr", "lang"),
        ("meetings/?translations=some", "translations"),
        ("meetings/?updated_since=yesterday", "updated_since"),
        ("meetings/?created_since=2021-13-45", "created_since"),
        ("meetings/?format=xml", "format"),
        ("meetings/?colour=blue", "colour"),
        ("activities/?priority_area=not-a-uuid", "priority_area"),
        ("arcs/?theme_on=May 2017", "theme_on"),
        ("work-plans/?year=-5", "year"),
        ("documents/?access=everyone", "access"),
        ("tombstones/?type=meetings", "type"),
        ("meetings/?lang=en&lang=km", "lang"),
    ],
)
def test_an_invalid_parameter_is_a_400_problem_naming_it(client, query, parameter):
    response = client.get(f"/api/v1/{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["parameter"] == parameter
    assert problem["status"] == 400
    assert problem["code"] in {"invalid_parameter", "unknown_parameter", "unsupported_language"}
    assert problem["type"] == f"urn:accsm:api:problem:{problem['code']}"
    assert problem["detail"]


def test_a_cursor_from_another_ordering_is_refused(client):
    for _ in range(3):
        f.MeetingFactory()
    cursor_url = client.get("/api/v1/meetings/?page_size=1&ordering=starts_on").json()["next"]
    cursor = cursor_url.split("cursor=")[1].split("&")[0]

    response = client.get(f"/api/v1/meetings/?page_size=1&cursor={cursor}")

    assert response.status_code == 400
    assert response.json()["parameter"] == "cursor"


def test_problems_are_in_the_response_language(client):
    response = client.get("/api/v1/meetings/?lang=km&year=abc")
    with translation.override("km"):
        title = translation.gettext("Invalid query parameter")

    assert response["Content-Language"] == "km"
    assert title != "Invalid query parameter"
    assert response.json()["title"] == title


def test_an_unknown_language_is_explained_in_the_accept_language_language(client):
    response = client.get("/api/v1/meetings/?lang=xx", headers={"Accept-Language": "vi"})
    with translation.override("vi"):
        title = translation.gettext("Unsupported language")

    assert response.status_code == 400
    assert response.json()["title"] == title != "Unsupported language"
    assert "xx" in response.json()["detail"]


def test_an_unknown_address_under_the_api_is_a_problem_not_a_page(client):
    response = client.get("/api/v1/minutes/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"


def test_the_api_writes_nothing(client, partner_client):
    country = f.CountryFactory()

    for c in (client, partner_client):
        response = c.post("/api/v1/countries/", {"code": "XX", "name": "X"})
        deleted = c.delete(f"/api/v1/countries/{country.code}/")
        assert response.status_code in {401, 403, 405}
        assert deleted.status_code in {401, 403, 405}
        assert response["Content-Type"] == "application/problem+json"
    assert type(country).objects.count() == 1


def test_a_wrong_or_revoked_token_is_a_401_with_a_challenge(partner_system, partner_token):
    from django.utils import timezone

    wrong = Client(headers={"Authorization": f"Bearer {partner_token[:-2]}xx"})
    response = wrong.get("/api/v1/countries/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["code"] == "authentication_failed"

    ApiToken.objects.update(revoked_at=timezone.now())
    revoked = Client(headers={"Authorization": f"Bearer {partner_token}"})
    assert revoked.get("/api/v1/countries/").status_code == 401


def test_only_a_hash_of_the_token_is_stored(partner_token):
    token = ApiToken.objects.get()

    assert partner_token.split("_", 2)[2] not in {token.secret_hash, token.key_id}
    assert token.matches(partner_token.split("_", 2)[2])


def test_partner_tokens_read_delegate_documents_and_anonymous_clients_do_not(
    client, partner_client
):
    public = f.DocumentFactory()
    delegates = f.DocumentFactory(access="delegates")

    anonymous = {d["id"] for d in client.get("/api/v1/documents/").json()["results"]}
    partner = {d["id"] for d in partner_client.get("/api/v1/documents/").json()["results"]}

    assert anonymous == {str(public.uid)}
    assert partner == {str(public.uid), str(delegates.uid)}
    assert partner_client.get(f"/api/v1/documents/{delegates.slug}/").status_code == 200


def _low_rates(settings, *idents):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "4/min", "partner": "4/min"},
    }
    # Only these clients' counters are reset: clearing the whole cache would flush the shared
    # Redis database, Celery's queues with it.
    cache.delete_many([f"throttle_{ident}" for ident in idents])


def test_too_many_requests_get_429_with_retry_after(settings, partner_system, partner_client):
    _low_rates(settings, "anon_203.0.113.7", f"partner_{partner_system.pk}")
    anonymous = Client(REMOTE_ADDR="203.0.113.7")

    statuses = [anonymous.get("/api/v1/countries/").status_code for _ in range(3)]
    refused = anonymous.get("/api/v1/countries/")
    partner = [partner_client.get("/api/v1/countries/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "throttled"
    assert refused.json()["retry_after"] == int(refused["Retry-After"])
    assert partner == [200, 200, 200]  # the partner's own, higher limit


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(settings):
    _low_rates(settings, "anon_203.0.113.8")
    statuses = [
        Client(REMOTE_ADDR="203.0.113.8")
        .get("/api/v1/countries/", headers={"X-Forwarded-For": f"198.51.100.{n}"})
        .status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        # Nothing listens on port 1: every cache call fails at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}


def test_search_has_the_same_throttle_and_rates_as_every_list(settings):
    # Search once had DRF's default pair, which also counted anonymous clients at the "user"
    # rate; "none" lifts a rate altogether (the benchmark's setting).
    _low_rates(settings, "anon_203.0.113.9")
    anonymous = Client(REMOTE_ADDR="203.0.113.9")
    limited = [anonymous.get("/api/v1/search/?q=civil").status_code for _ in range(3)]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "none", "user": "4/min", "partner": "4/min"},
    }
    unlimited = [anonymous.get("/api/v1/search/?q=civil").status_code for _ in range(5)]

    assert limited == [200, 200, 429]
    assert unlimited == [200] * 5


def test_throttling_lets_requests_through_when_redis_is_down(settings, client):
    _low_rates(settings)
    f.CountryFactory()

    with override_settings(CACHES=UNREACHABLE_REDIS):
        statuses = [client.get("/api/v1/countries/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 200]


def test_a_token_issued_by_the_command_authenticates_until_revoked(partner_system, capsys):
    call_command("api_token", "issue", partner_system.username, "--name", "ASEC sync")
    text = capsys.readouterr().out.strip()
    token = ApiToken.objects.get()
    client = Client(headers={"Authorization": f"Bearer {text}"})
    f.DocumentFactory(access="delegates")

    assert len(client.get("/api/v1/documents/").json()["results"]) == 1
    call_command("api_token", "revoke", token.key_id)
    assert client.get("/api/v1/documents/").status_code == 401


def test_the_command_refuses_an_account_outside_the_partner_group(django_user_model):
    django_user_model.objects.create_user(username="someone")

    with pytest.raises(CommandError):
        call_command("api_token", "issue", "someone", "--name", "X")


def test_a_bad_token_with_a_bad_format_is_still_a_problem_not_a_500():
    client = Client(headers={"Authorization": "Bearer accsm_nothing_here"})

    response = client.get("/api/v1/documents/?format=nonsense")

    assert response.status_code in {400, 401}
    assert response["Content-Type"] == "application/problem+json"


def test_malformed_ids_and_formats_are_client_errors_on_every_endpoint(client):
    assert client.get("/api/v1/priority-areas/not-a-uuid/").status_code == 404
    assert client.get("/api/v1/meetings/not-a-uuid-either/").status_code == 404
    response = client.get("/api/v1/tombstones/?format=AAA")
    assert response.status_code == 400
    assert response.json()["parameter"] == "format"


def test_a_since_date_with_any_valid_offset_is_read_in_utc(client):
    # given: offsets PostgreSQL would refuse (beyond ±15:59), found by schemathesis
    far_east = "2024-01-31T08:00:00+23:30"
    too_early = "0001-01-01T00:00:00+01:00"

    # when / then: the first is a moment like any other, the second is before year 1 in UTC
    assert client.get("/api/v1/work-plans/", {"updated_since": far_east}).status_code == 200
    response = client.get("/api/v1/tombstones/", {"updated_since": too_early})
    assert response.status_code == 400
    assert response.json()["parameter"] == "updated_since"
