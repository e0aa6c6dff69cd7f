"""Members built through the services, as the product builds them; the marketplace's own
fixtures (supplier pages) for the sync."""

import itertools

import pytest

from cluster.members.services import MemberApplication, member_activate, member_apply
from tests.marketplace.conftest import (  # noqa: F401
    italian_vat,
    make_experience,
    make_images,
    make_provider,
    managers,
)

_serial = itertools.count(1)
BARI = (41.12066, 16.86982)


def application(**overrides) -> MemberApplication:
    n = next(_serial)
    fields = dict(name=f"Frantoio Prova {n}", kind="supplier", country="IT",
                  vat_number=italian_vat(700_000 + n), town="Bari", lat=BARI[0], lon=BARI[1],
                  sectors=("food-wine",), languages=("it", "en"),
                  offers="Olio extravergine per i ristoranti", needs="Trasporto refrigerato")
    fields.update(overrides)
    return MemberApplication(**fields)


@pytest.fixture
def make_member(db):
    """A member that applied and (unless ``active=False``) was activated."""

    def make(*, active: bool = True, users=(), **overrides):
        member = member_apply(application=application(**overrides), users=users)
        return member_activate(member=member) if active else member

    return make
