"""A B2B event with registered companies, meeting slots and tables (saved rows)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cluster.events.models import Event, Registration
from cluster.matchmaking.models import MeetingSlot, MeetingTable

from .factories import registration_factory


@pytest.fixture
def b2b_event(db) -> Event:
    starts_at = datetime(2027, 3, 10, 8, 0, tzinfo=UTC)
    event = Event.objects.create(kind=Event.Kind.B2B, title="B2B Bari", starts_at=starts_at,
                                 ends_at=starts_at + timedelta(hours=6), place_name="Bari")
    for i in range(3):
        slot_start = starts_at + timedelta(minutes=30 * i)
        MeetingSlot.objects.create(event=event, starts_at=slot_start,
                                   ends_at=slot_start + timedelta(minutes=25))
    for name in ("A", "B"):
        MeetingTable.objects.create(event=event, name=name)
    return event


@pytest.fixture
def companies(b2b_event) -> list[Registration]:
    return [registration_factory(b2b_event, name=f"Masseria {c}") for c in "PQRS"]
