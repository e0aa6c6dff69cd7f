"""The tenant world, for one test (``world``, without the admin screens' objects) or read-only
for a whole module (``shared_world``: built once per module and process, rolled back at its
end)."""

import pytest
from django.db import transaction

from .world import build_world


@pytest.fixture
def world(db):
    return build_world(admin_objects=False)


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            built = build_world()
            yield built
            transaction.set_rollback(True)
