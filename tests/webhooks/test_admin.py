"""The secretariat manages subscriptions in the admin: the secret is shown once, failing
subscriptions and every attempt are visible, deliveries can be sent again; no other role
sees any of it."""

import pytest

from accsm_portal.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.accounts import login

pytestmark = pytest.mark.django_db

ADD_URL = "/en/admin/webhooks/webhooksubscription/add/"


def test_the_secret_is_shown_once_when_the_subscription_is_made(
    client, secretariat_editor, partner_token
):
    login(client, secretariat_editor)

    response = client.post(
        ADD_URL,
        {
            "name": "ASEAN Secretariat mirror",
            "token": partner_token.pk,
            "target_url": "https://mirror.asean.example/hooks",
            "record_types": ["meeting", "activity"],
            "events": ["published", "updated", "unpublished", "deleted"],
            "language": "km",
            "is_active": "on",
        },
        follow=True,
    )

    subscription = WebhookSubscription.objects.get()
    assert subscription.secret.startswith("whsec_")
    assert subscription.secret in response.content.decode()
    change = client.get(f"/en/admin/webhooks/webhooksubscription/{subscription.pk}/change/")
    assert change.status_code == 200
    assert subscription.secret not in change.content.decode()


def test_an_unknown_event_is_refused_with_a_translated_message(
    client, secretariat_editor, partner_token
):
    login(client, secretariat_editor)

    response = client.post(
        ADD_URL.replace("/en/", "/vi/"),
        {
            "name": "Mirror",
            "token": partner_token.pk,
            "target_url": "https://mirror.example/hooks",
            "record_types": ["meeting"],
            "events": ["exploded"],
            "language": "en",
        },
    )

    assert response.status_code == 200
    assert not WebhookSubscription.objects.exists()


def test_a_delivery_can_be_sent_again_from_the_admin(client, secretariat_editor, subscribe):
    delivery = WebhookDelivery.objects.create(
        subscription=subscribe(), event_type="meeting.updated", body="{}", status="failed"
    )
    login(client, secretariat_editor)

    client.post(
        "/en/admin/webhooks/webhookdelivery/",
        {"action": "redeliver", "_selected_action": [delivery.pk]},
    )

    copies = WebhookDelivery.objects.exclude(pk=delivery.pk)
    assert [(c.uid, c.status) for c in copies] == [(delivery.uid, "pending")]


@pytest.mark.parametrize("persona", ["viewer", "lao_translator", "cambodian_focal_point"])
def test_no_other_staff_role_sees_webhooks(client, persona, request, subscribe):
    subscribe()
    login(client, request.getfixturevalue(persona))

    for url in ("/en/admin/webhooks/webhooksubscription/", "/en/admin/webhooks/webhookdelivery/"):
        assert client.get(url).status_code == 403
