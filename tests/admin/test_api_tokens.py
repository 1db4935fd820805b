"""API tokens in the admin: staff who manage partners issue one (its text shown once, only a
hash stored), see when each was last used, and revoke it; nobody else sees the page."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accsm_portal.models import ApiToken
from tests.accounts import login

pytestmark = pytest.mark.django_db

ADD = reverse("admin:accsm_portal_apitoken_add")
LIST = reverse("admin:accsm_portal_apitoken_changelist")


def test_a_partner_manager_issues_a_token_seen_once_that_opens_the_api(
    client, partner_manager, partner_system
):
    login(client, partner_manager)

    response = client.post(ADD, {"user": partner_system.pk, "name": "ASEAN Secretariat sync"})

    token = ApiToken.objects.get()
    text = response.context["token_text"]
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert text in response.content.decode()
    assert text.startswith(f"accsm_{token.key_id}_")
    assert text.split("_", 2)[2] not in token.secret_hash  # only the hash is stored
    assert (token.user, token.name) == (partner_system, "ASEAN Secretariat sync")
    assert token.history.get().history_user == partner_manager
    # The token works, and its page never shows the secret again.
    api = Client(headers={"Authorization": f"Bearer {text}"})
    assert api.get("/api/v1/documents/").status_code == 200
    change = client.get(reverse("admin:accsm_portal_apitoken_change", args=[token.pk]))
    assert text not in change.content.decode()


def test_the_list_shows_last_use_and_revoking_closes_the_api_at_once(
    client, partner_manager, partner_system
):
    used, used_text = ApiToken.issue(user=partner_system, name="Sync")
    ApiToken.issue(user=partner_system, name="Never used")
    api = Client(headers={"Authorization": f"Bearer {used_text}"})
    assert api.get("/api/v1/meetings/").status_code == 200
    login(client, partner_manager)

    listed = client.get(LIST)
    revoked = client.post(
        LIST, {"action": "revoke_selected", "_selected_action": [used.pk]}, follow=True
    )

    rows = {token.name: token for token in listed.context["cl"].result_list}
    assert rows["Sync"].last_used_at is not None
    assert rows["Never used"].last_used_at is None
    assert "1 token revoked." in revoked.content.decode()
    used.refresh_from_db()
    assert used.revoked_at is not None
    assert used.history.first().revoked_at == used.revoked_at  # the revocation is in history
    assert api.get("/api/v1/meetings/").status_code == 401


def test_a_token_is_only_for_a_partner_account_and_the_form_says_why(
    client, partner_manager, secretariat_editor
):
    login(client, partner_manager)

    response = client.post(
        ADD,
        {
            "user": secretariat_editor.pk,
            "name": "X",
            "expires_at_0": "2020-01-01",
            "expires_at_1": "00:00",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not ApiToken.objects.exists()


def test_an_expiry_in_the_past_is_refused_with_a_translated_message(
    client, partner_manager, partner_system
):
    login(client, partner_manager)
    past = timezone.localtime() - timezone.timedelta(days=1)

    response = client.post(
        ADD.replace("/en/", "/vi/"),
        {
            "user": partner_system.pk,
            "name": "Sync",
            "expires_at_0": past.strftime("%d/%m/%Y"),
            "expires_at_1": "00:00",
        },
    )

    form = response.context["adminform"].form
    assert response.status_code == 200
    assert "expires_at" in form.errors, form.errors
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("persona", ["secretariat_editor", "viewer", "lao_translator"])
def test_other_staff_neither_see_nor_issue_tokens(client, request, persona, partner_system):
    ApiToken.issue(user=partner_system, name="Sync")
    login(client, request.getfixturevalue(persona))

    assert client.get(LIST).status_code == 403
    assert client.post(ADD, {"user": partner_system.pk, "name": "Mine"}).status_code == 403
    assert ApiToken.objects.count() == 1
    assert "apitoken" not in client.get(reverse("admin:index")).content.decode()


def test_tokens_are_revoked_never_deleted(client, partner_manager, partner_system):
    token, _text = ApiToken.issue(user=partner_system, name="Sync")
    login(client, partner_manager)

    response = client.get(reverse("admin:accsm_portal_apitoken_delete", args=[token.pk]))

    assert response.status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


@pytest.mark.parametrize(("language", "revoke"), [("km", "ដកហូត"), ("lo", "ຖອນ"), ("vi", "Thu hồi")])
def test_the_token_pages_open_in_each_language(
    client, partner_manager, partner_system, language, revoke
):
    token, _text = ApiToken.issue(user=partner_system, name="Sync")
    login(client, partner_manager)

    listed = client.get(LIST.replace("/en/", f"/{language}/"))
    change = client.get(
        reverse("admin:accsm_portal_apitoken_change", args=[token.pk]).replace(
            "/en/", f"/{language}/"
        )
    )

    assert listed.status_code == change.status_code == 200
    assert revoke in listed.content.decode()


def test_a_partner_manager_sees_the_webhook_subscriptions_of_a_token(
    client, partner_manager, partner_system
):
    from accsm_portal.webhooks.models import WebhookSubscription

    token, _text = ApiToken.issue(user=partner_system, name="Sync")
    WebhookSubscription.objects.create(
        token=token,
        name="Secretariat mirror",
        target_url="https://mirror.asean.example/hooks",
        record_types=["meeting"],
        events=["published"],
        language="en",
    )
    login(client, partner_manager)

    page = client.get(reverse("admin:accsm_portal_apitoken_change", args=[token.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Secretariat mirror" in html
    assert "https://mirror.asean.example/hooks" in html
    # Seen, never changed: the subscription's own page is read-only for them.
    subscription = WebhookSubscription.objects.get()
    change = reverse("admin:webhooks_webhooksubscription_change", args=[subscription.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"name": "Renamed"}).status_code == 403
