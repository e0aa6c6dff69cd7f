"""Members and events for the events' tests."""

import itertools
from datetime import date, timedelta

import pytest
from django.utils import timezone

from cluster.events import services
from cluster.events.models import Event
from cluster.members.models import Member

_serial = itertools.count(1)


def member_make(*, status=Member.Status.ACTIVE, name="") -> Member:
    n = next(_serial)
    return Member.objects.create(name=name or f"Company {n}", kind=Member.Kind.SUPPLIER,
                                 country="AL", vat_number=f"L{n:08d}A", status=status,
                                 applied_on=date(2025, 1, 1))


def event_make(*, capacity=None, starts_in=timedelta(days=7)) -> Event:
    starts_at = timezone.now() + starts_in
    return services.event_create(kind=Event.Kind.WORKSHOP, title="Digital marketing for SMEs",
                                 starts_at=starts_at, ends_at=starts_at + timedelta(hours=3),
                                 place_name="Camera di commercio, Bari", capacity=capacity)


@pytest.fixture
def member():
    return member_make(name="Agroturizëm Theth")


@pytest.fixture
def event():
    return event_make()
