"""Deliveries to a real local HTTP receiver: signed as Standard Webhooks says, retried with
backoff, given up after the retry window, in order, and never sent to a private address."""

import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from accsm_portal.celery import app
from accsm_portal.webhooks import transport
from accsm_portal.webhooks.models import WebhookDelivery, WebhookSubscription
from accsm_portal.webhooks.services import (
    delivery_redeliver,
    outbox_dispatch,
    retry_countdown,
    subscription_deliver,
    subscription_rotate_secret,
)
from tests.factories import MeetingFactory
from tests.webhooks.conftest import verify_standard_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """These tests drive the services themselves; a retry they schedule must not go to a
    broker that no worker reads in this test (the full-stack tests use the real worker)."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def deliver(subscription: WebhookSubscription) -> dict:
    outbox_dispatch()
    return subscription_deliver(subscription_id=subscription.pk)


def later(seconds: float) -> time_machine.travel:
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds), tick=True)


def test_a_delivery_is_signed_as_the_standard_webhooks_specification_says(subscribe, receiver):
    subscription = subscribe()
    meeting = MeetingFactory(title_en="21st ACCSM")

    deliver(subscription)

    [received] = receiver.wait_for(1)
    assert verify_standard_webhook(subscription.secret, received)
    assert received.headers["content-type"] == "application/json"
    delivery = WebhookDelivery.objects.get()
    assert received.headers["webhook-id"] == delivery.message_id
    assert abs(int(received.headers["webhook-timestamp"]) - timezone.now().timestamp()) < 30
    assert received.json["type"] == "meeting.created"
    assert received.json["data"]["id"] == str(meeting.uid)
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert [(a.status_code, a.response_excerpt) for a in delivery.attempts.all()] == [
        (200, "answer 200")
    ]


def test_a_signature_by_another_secret_does_not_verify(subscribe, receiver):
    subscription = subscribe()
    MeetingFactory()

    deliver(subscription)

    other = WebhookSubscription(token=subscription.token)
    assert not verify_standard_webhook(other.secret, receiver.wait_for(1)[0])


def test_failing_twice_then_succeeding_is_one_success_after_three_attempts(subscribe, receiver):
    receiver.statuses = [503, 500, 204]
    subscription = subscribe()
    MeetingFactory()

    first = deliver(subscription)
    assert first["retry_at"] is not None
    with later(5):
        subscription_deliver(subscription_id=subscription.pk)
        with later(10):
            subscription_deliver(subscription_id=subscription.pk)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert [a.status_code for a in delivery.attempts.all()] == [503, 500, 204]
    assert all(a.duration_ms >= 0 for a in delivery.attempts.all())
    received = receiver.wait_for(3)
    # One event, three tries: the same message id each time, so the partner keeps one.
    assert len({r.headers["webhook-id"] for r in received}) == 1


def test_a_retry_waits_for_its_backoff(subscribe, receiver):
    receiver.statuses = [500, 200]
    subscription = subscribe()
    MeetingFactory()

    deliver(subscription)
    again = subscription_deliver(subscription_id=subscription.pk)

    assert again["sent"] == 0
    assert len(receiver.requests) == 1


def test_after_the_retry_window_the_delivery_is_given_up_and_the_subscription_failing(
    subscribe, receiver, settings
):
    receiver.statuses = [500]
    subscription = subscribe()
    MeetingFactory()
    deliver(subscription)

    with later(settings.WEBHOOKS_RETRY_WINDOW_SECONDS + 1):
        subscription_deliver(subscription_id=subscription.pk)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempt_count == 2
    subscription.refresh_from_db()
    assert subscription.failing_since is not None


def test_one_subscription_receives_its_events_in_order(subscribe, receiver):
    receiver.statuses = [500, 200]
    subscription = subscribe()
    first = MeetingFactory(title_en="First")
    outbox_dispatch()
    MeetingFactory(title_en="Second")

    deliver(subscription)
    assert len(receiver.requests) == 1  # the second waits behind the first's retry
    with later(5):
        subscription_deliver(subscription_id=subscription.pk)

    titles = [r.json["data"]["title"] for r in receiver.wait_for(3)]
    assert titles == ["First", "First", "Second"]
    assert receiver.requests[0].json["data"]["id"] == str(first.uid)


def test_a_loopback_target_is_refused_unless_allowed(subscribe, receiver, settings):
    settings.WEBHOOKS_ALLOWED_NETWORKS = []
    subscription = subscribe()
    MeetingFactory()

    deliver(subscription)

    assert receiver.requests == []
    [attempt] = WebhookDelivery.objects.get().attempts.all()
    assert attempt.status_code is None
    assert attempt.error.startswith("refused: 127.0.0.1 resolves to a non-public address")


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",  # the cloud metadata address
        "http://10.0.0.8/hook",
        "http://192.168.1.20/hook",
        "http://[::1]:8080/hook",
        "http://[::ffff:10.0.0.1]/hook",
        "http://[fe80::1]/hook",
        "http://localhost/hook",
        "ftp://partner.example/hook",
    ],
)
def test_private_link_local_and_metadata_addresses_are_refused(url, settings):
    settings.WEBHOOKS_ALLOWED_NETWORKS = []

    with pytest.raises(transport.TargetRefused):
        transport.resolve_target(url)


def test_https_is_required_when_the_setting_says_so(subscribe, settings):
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    subscription = subscribe()

    with pytest.raises(ValidationError) as refused:
        subscription.full_clean()
    assert refused.value.message_dict["target_url"] == ["The address must start with https://."]
    with pytest.raises(transport.TargetRefused):
        transport.resolve_target(subscription.target_url)


def test_a_redirect_is_not_followed(subscribe, receiver):
    receiver.statuses = [302]
    receiver.location = "http://169.254.169.254/latest/meta-data/"
    subscription = subscribe()
    MeetingFactory()

    deliver(subscription)

    assert len(receiver.requests) == 1
    [attempt] = WebhookDelivery.objects.get().attempts.all()
    assert attempt.status_code == 302
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.PENDING


def test_a_slow_partner_is_cut_off_by_the_read_timeout(subscribe, receiver, settings):
    settings.WEBHOOKS_READ_TIMEOUT = 0.3
    receiver.delay = 2.0
    subscription = subscribe()
    MeetingFactory()

    deliver(subscription)

    [attempt] = WebhookDelivery.objects.get().attempts.all()
    assert attempt.status_code is None
    assert "timed out" in attempt.error
    assert attempt.duration_ms < 1500


def test_a_partner_trickling_its_answer_is_cut_off_at_the_attempt_deadline(
    subscribe, receiver, settings
):
    # given a partner that keeps sending header lines, each well within the read timeout
    settings.WEBHOOKS_READ_TIMEOUT = 1.0
    settings.WEBHOOKS_ATTEMPT_DEADLINE_SECONDS = 0.8
    receiver.trickle = 5.0
    subscription = subscribe()
    MeetingFactory()

    # when the portal delivers to it
    deliver(subscription)

    # then the attempt ends at its deadline, as a failure to retry
    [attempt] = WebhookDelivery.objects.get().attempts.all()
    assert attempt.status_code is None
    assert "deadline" in attempt.error
    assert 700 <= attempt.duration_ms < 2000
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.PENDING


def test_a_retry_far_ahead_is_left_to_the_sweep_not_to_a_broker_countdown(settings):
    # Redis gives a task unacknowledged for its visibility timeout to another worker: a
    # countdown task waiting hours would be sent again every hour.
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    now = timezone.now()

    soon = retry_countdown(now + datetime.timedelta(minutes=4))
    far = retry_countdown(now + datetime.timedelta(hours=3))

    assert 230 < soon <= 240
    assert far is None


def test_after_a_rotation_both_secrets_sign_until_the_old_one_expires(
    subscribe, receiver, settings
):
    subscription = subscribe()
    old = subscription.secret
    new = subscription_rotate_secret(subscription=subscription)
    MeetingFactory()

    deliver(subscription)

    received = receiver.wait_for(1)[0]
    assert new != old
    assert verify_standard_webhook(new, received)
    assert verify_standard_webhook(old, received)
    assert len(received.headers["webhook-signature"].split(" ")) == 2
    with later(settings.WEBHOOKS_SECRET_OVERLAP_SECONDS + 1):
        subscription.refresh_from_db()
        assert subscription.signing_secrets() == [new]


def test_a_redelivery_sends_the_same_message_again(subscribe, receiver):
    subscription = subscribe()
    MeetingFactory()
    deliver(subscription)

    delivery_redeliver(deliveries=[WebhookDelivery.objects.get()])
    subscription_deliver(subscription_id=subscription.pk)

    first, second = receiver.wait_for(2)
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert first.body == second.body
    assert WebhookDelivery.objects.filter(status="succeeded").count() == 2


def test_an_inactive_subscription_receives_nothing(subscribe, receiver):
    subscription = subscribe(is_active=False)
    MeetingFactory()

    deliver(subscription)

    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_healthz_reports_the_age_of_the_oldest_undelivered_change(client, subscribe, receiver):
    assert client.get("/healthz").json()["webhooks"] == {"oldest_undelivered_seconds": None}
    receiver.statuses = [500]
    subscription = subscribe()
    MeetingFactory()
    deliver(subscription)

    with later(120):
        age = client.get("/healthz").json()["webhooks"]["oldest_undelivered_seconds"]

    assert 120 <= age < 150
    assert json.loads(WebhookDelivery.objects.get().body)["type"] == "meeting.created"
