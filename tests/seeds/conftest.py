"""The seed fixtures, loaded once per test module and rolled back at its end."""

import pytest
from django.db import transaction

from accsm_portal.core.services import seed_load
from accsm_portal.management.commands.seed import seed_fixture_paths


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Load every fixture in fixtures/ once for the module; tests also take `db`."""
    with django_db_blocker.unblock(), transaction.atomic():
        counts = seed_load(paths=seed_fixture_paths())
        yield counts
        transaction.set_rollback(True)
