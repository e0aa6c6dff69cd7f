"""Members and posts built through the services, as the product builds them."""

import itertools

import pytest
from django.contrib.auth import get_user_model

from cluster.cooperation.services import post_create
from tests.cluster.members.conftest import make_member  # noqa: F401
from tests.marketplace.conftest import managers  # noqa: F401

_serial = itertools.count(1)


@pytest.fixture
def make_user(db):
    def make(name: str = ""):
        n = next(_serial)
        name = name or f"user{n}"
        return get_user_model().objects.create_user(f"{name}-{n}", f"{name}-{n}@example.com",
                                                    "pw-123456")

    return make


@pytest.fixture
def company(make_member, make_user):  # noqa: F811
    """An active member with one user and its own email: ``(member, user)``."""

    def make(name: str = "", **overrides):
        user = make_user()
        member = make_member(users=[user], email=f"office{next(_serial)}@example.com",
                             **({"name": name} if name else {}), **overrides)
        return member, user

    return make


@pytest.fixture
def make_post():
    def make(member, user, **overrides):
        fields = dict(kind="offer", title="Olio per ristoranti",
                      body="Forniamo olio extravergine ai ristoranti del cluster.",
                      sectors=("food-wine",), area="IT-75")
        fields.update(overrides)
        return post_create(member=member, by=user, **fields)

    return make


@pytest.fixture
def manager(make_user, managers):  # noqa: F811
    user = make_user("manager")
    user.groups.add(managers)
    return user
