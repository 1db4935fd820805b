"""Fixtures shared by the whole suite: the real services when configured, and named personas."""

import os

import pytest
from django.conf import settings


def full_stack_configured() -> bool:
    """True when the suite runs against real PostgreSQL and Redis (the second CI pass)."""
    return bool(os.environ.get("DATABASE_URL")) and bool(settings.REDIS_URL)


requires_full_stack = pytest.mark.skipif(
    not full_stack_configured(),
    reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL; CI runs these in its full-stack pass",
)
