"""Tasks are sent only after their transaction commits, and a real worker runs them."""

import pytest
from celery.signals import task_success
from django.db import connection, transaction

from accsm_portal.tasks import health_ping_task
from tests.conftest import requires_full_stack


class Rollback(Exception):
    """Raised inside a transaction to roll it back."""


def in_rolled_back_transaction(enqueue) -> None:
    """Call `enqueue` inside a transaction that then rolls back."""
    with transaction.atomic():
        enqueue()
        raise Rollback


@pytest.fixture
def finished_pings() -> list[dict]:
    """Results of every health_ping_task that finished in this process during the test."""
    results: list[dict] = []

    def record(sender, result, **kwargs):
        results.append(result)

    task_success.connect(record, sender=health_ping_task, weak=False)
    yield results
    task_success.disconnect(record, sender=health_ping_task)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_tasks")
def test_a_task_enqueued_in_a_rolled_back_transaction_never_runs(finished_pings):
    with pytest.raises(Rollback):
        in_rolled_back_transaction(health_ping_task.delay_on_commit)

    assert finished_pings == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_tasks")
def test_a_task_enqueued_in_a_transaction_runs_only_after_commit(finished_pings):
    with transaction.atomic():
        health_ping_task.delay_on_commit()
        assert finished_pings == []

    assert finished_pings == [
        {"worker": finished_pings[0]["worker"], "database": connection.vendor}
    ]


@requires_full_stack
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_on_the_test_database(celery_worker_process):
    answer = health_ping_task.delay().get(timeout=30)

    assert answer["database"] == "postgresql"
    assert answer["worker"]


@requires_full_stack
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_receives_a_task_only_after_commit(celery_worker_process):
    sent = []
    with pytest.raises(Rollback):
        in_rolled_back_transaction(
            lambda: transaction.on_commit(lambda: sent.append(health_ping_task.delay()))
        )
    assert sent == []

    with transaction.atomic():
        transaction.on_commit(lambda: sent.append(health_ping_task.delay()))
        assert sent == []

    assert len(sent) == 1
    assert sent[0].get(timeout=30)["database"] == "postgresql"


@requires_full_stack
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deep_health_check_reports_the_worker_ok(client, celery_worker_process):
    response = client.get("/healthz?deep=1")

    report = response.json()
    assert response.status_code == 200, report
    assert report["status"] == "ok"
    assert report["checks"]["broker"] == {
        "ok": True,
        "mode": "broker",
        "ms": report["checks"]["broker"]["ms"],
    }
    assert report["checks"]["worker"]["ok"] is True
    assert report["checks"]["worker"]["answer"]["database"] == "postgresql"
