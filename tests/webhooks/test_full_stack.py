"""The whole path on the real stack: PostgreSQL, Redis, a real Celery worker, and a partner's
HTTP server on 127.0.0.1. Changes are committed by the test, as an editor's request would."""

import os
import signal
import time
import uuid

import pytest
from django.db import transaction

from accsm_portal.webhooks.models import WebhookDelivery
from accsm_portal.webhooks.tasks import webhooks_sweep_task
from meetings.services import meeting_set_publication
from tests.conftest import (
    delete_queue,
    delivery_queue,
    requires_full_stack,
    start_celery_worker,
    tasks_sent_to,
)
from tests.factories import DocumentFactory, MeetingFactory
from tests.webhooks.conftest import verify_standard_webhook
from tests.webhooks.test_outbox import edit_then_fail

pytestmark = [
    requires_full_stack,
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
]


def wait_until(check, timeout: float = 30.0, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError("the condition was not met in time")


def test_a_published_meeting_reaches_the_partner_signed(celery_worker_process, subscribe, receiver):
    subscription = subscribe()
    meeting = MeetingFactory(publication_state="draft")
    meeting_set_publication(meeting=meeting, state="published")

    [received] = receiver.wait_for(1)

    assert verify_standard_webhook(subscription.secret, received)
    assert received.json["type"] in {"meeting.created", "meeting.published"}
    assert received.json["data"]["id"] == str(meeting.uid)
    delivery = wait_until(lambda: WebhookDelivery.objects.filter(status="succeeded").first())
    assert received.headers["webhook-id"] == delivery.message_id


def test_failing_twice_then_succeeding_is_delivered_once_after_three_attempts(
    celery_worker_process, subscribe, receiver
):
    receiver.statuses = [500, 502, 200]
    subscribe()
    MeetingFactory()

    receiver.wait_for(3)

    delivery = wait_until(lambda: WebhookDelivery.objects.filter(status="succeeded").first())
    assert [a.status_code for a in delivery.attempts.all()] == [500, 502, 200]
    time.sleep(1)  # time enough for a wrong fourth try
    assert len(receiver.requests) == 3
    assert WebhookDelivery.objects.count() == 1


def test_a_rolled_back_save_and_a_draft_send_nothing(celery_worker_process, subscribe, receiver):
    subscribe()
    meeting = MeetingFactory(title_en="Published")
    receiver.wait_for(1)

    with pytest.raises(RuntimeError):
        edit_then_fail(meeting, "Rolled back")
    MeetingFactory(publication_state="draft", title_en="Draft")
    MeetingFactory(title_en="Marker")

    received = receiver.wait_for(2)
    time.sleep(1)
    assert [r.json["data"]["title"] for r in received] == ["Published", "Marker"]


def test_a_private_address_is_refused_by_the_worker(celery_worker_process, subscribe, receiver):
    subscribe(target_url="http://169.254.169.254/latest/meta-data/")
    MeetingFactory()

    delivery = wait_until(lambda: WebhookDelivery.objects.filter(attempt_count__gte=1).first())

    [attempt, *_later] = delivery.attempts.all()
    assert attempt.status_code is None
    assert attempt.error.startswith("refused: 169.254.169.254 resolves to a non-public address")


@pytest.fixture
def private_worker():
    """A worker of this test's own, on its own queue, that the test may kill."""
    queue = f"accsm-test-kill-{uuid.uuid4().hex[:8]}"
    workers = []

    def start():
        workers.append(start_celery_worker(queue, log_name=f"celery-{len(workers)}.log"))
        return workers[-1]

    with tasks_sent_to(queue):
        yield start
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait(timeout=10)
    delete_queue(queue)
    delete_queue(delivery_queue(queue))


def test_a_worker_killed_mid_delivery_loses_nothing(private_worker, subscribe, receiver):
    # given a partner that is slow to answer the first time
    receiver.delay = 5.0
    receiver.delay_only_first = True
    first = private_worker()
    subscribe()
    meeting = MeetingFactory()

    # when the worker dies while the partner is answering
    receiver.wait_for(1)
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=10)
    assert WebhookDelivery.objects.get().status == "pending"

    # then a new worker and the beat's sweep deliver it (once its sender's lock expired)
    private_worker()

    def delivered():
        webhooks_sweep_task.delay()
        return WebhookDelivery.objects.filter(status="succeeded").first()

    delivery = wait_until(delivered, timeout=60, every=2)
    assert delivery.attempts.count() == 1
    again = receiver.requests[-1]
    assert again.json["data"]["id"] == str(meeting.uid)
    # The partner recognises the retry by its message id.
    assert again.headers["webhook-id"] == receiver.requests[0].headers["webhook-id"]


def test_a_slow_partner_does_not_hold_back_another_partners_delivery(
    celery_worker_process, partner_token, receiver, second_receiver
):
    # given a slow partner (0.4 s an answer) with a backlog, and a fast one, subscribed first
    # and second, so the dispatch queues the slow partner's sender first
    from accsm_portal.webhooks.models import Event, WebhookSubscription

    slow, fast = receiver, second_receiver
    slow.delay = 0.4
    for partner, types in ((slow, ["meeting"]), (fast, ["document"])):
        WebhookSubscription.objects.create(
            token=partner_token,
            name=f"Partner for {types[0]}",
            target_url=partner.url,
            record_types=types,
            events=list(Event.values),
            language="en",
        )

    # when eight meetings and a document are published in one transaction (one dispatch)
    with transaction.atomic():
        for number in range(8):
            MeetingFactory(title_en=f"Meeting {number}")
        DocumentFactory()

    # then the fast partner gets its event while the slow one still has most of its backlog:
    # the slow sender sends its share (WEBHOOKS_DELIVERIES_PER_TASK, 2 for the test worker)
    # and queues itself again behind the fast partner's sender
    [document] = fast.wait_for(1, timeout=60)
    slow.wait_for(8, timeout=60)
    before_fast = [r for r in slow.requests if r.at < document.at]
    assert len(before_fast) <= 4, len(before_fast)
    assert document.at < slow.requests[-1].at
    assert [r.json["data"]["title"] for r in slow.requests] == [f"Meeting {n}" for n in range(8)]
