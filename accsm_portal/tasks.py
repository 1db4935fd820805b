"""Portal-wide Celery tasks."""

import socket

from celery import shared_task
from django.db import connection


# Both limits are set: the global soft limit (14 min) must not exceed this task's hard limit,
# or Celery refuses to send it.
@shared_task(acks_late=True, soft_time_limit=25, time_limit=30)
def health_ping_task() -> dict:
    """Proves a worker is consuming the queue and can reach the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"worker": socket.gethostname(), "database": connection.vendor}
