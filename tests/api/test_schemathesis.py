"""Schemathesis over the whole OpenAPI schema: every operation with generated input, against the
WSGI app in-process, on published records with drafts and restricted documents beside them.

Each response must not be a server error and must match the schema (status, content type,
headers, body): schemathesis' full set of checks. Runs are bounded (a few examples per
operation, no deadline) so CI can afford them; the totals go to
test-artifacts/schemathesis.txt and the terminal summary.
"""

from collections import Counter

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck

from tests.conftest import report_figure

pytestmark = pytest.mark.django_db

# Examples per operation: enough for every parameter to get odd values (negative pages,
# unknown orderings, broken cursors, non-ASCII text), few enough for CI on two shared cores.
MAX_EXAMPLES = 8
SCHEMA_PATH = "/api/v1/schema/?format=json"

# Every check schemathesis has, except two that judge how strict input validation is rather
# than whether the API breaks or answers outside its schema: an unknown record's uid in a
# reference filter is a 400 (positive_data_acceptance calls any schema-valid value "valid"),
# and an empty filter value counts as absent (negative_data_rejection wants a 400 for it).
EXCLUDED_CHECKS = [
    schemathesis.checks.positive_data_acceptance,
    schemathesis.checks.negative_data_rejection,
]

TOTALS: Counter = Counter()
SEEN: set[str] = set()


# The schema the API serves, loaded through the app itself (it reads no records). Loaded at
# import rather than through schemathesis.pytest.from_fixture, whose lazy loader does not run
# under pytest 9.
schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go through the real WSGI handler, whose request_started/finished signals close
    old database connections: on PostgreSQL that would close the test's own connection, in the
    middle of its transaction. Django's test client unhooks them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _write_summary():
    """The running totals, after each operation (the last write holds the whole run)."""
    yield
    if not TOTALS["operations"]:
        return
    line = (
        f"schemathesis: {TOTALS['operations']} operations, {TOTALS['cases']} cases, "
        f"{TOTALS['server_errors']} server errors, {TOTALS['schema_violations']} schema violations"
    )
    report_figure("schemathesis", line)


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_schema(case, world):
    TOTALS["cases"] += 1
    if case.operation.label not in SEEN:
        SEEN.add(case.operation.label)
        TOTALS["operations"] += 1
    response = case.call()
    if response.status_code >= 500:
        TOTALS["server_errors"] += 1
    try:
        case.validate_response(response, excluded_checks=EXCLUDED_CHECKS)
    except Exception:
        if response.status_code < 500:
            TOTALS["schema_violations"] += 1
        raise
