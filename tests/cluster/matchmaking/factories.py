"""Factories of the matchmaking tests: a registered company (saved rows)."""

from __future__ import annotations

import itertools
import secrets
from datetime import date

from cluster.events.models import Event, Registration
from cluster.members.models import Member

_serial = itertools.count(1)


def registration_factory(event: Event, *, name: str = "", email: str = "") -> Registration:
    n = next(_serial)
    member = Member.objects.create(
        name=name or f"Company {n}", kind=Member.Kind.SUPPLIER, country="IT",
        vat_number=f"{n:011d}", status=Member.Status.ACTIVE, applied_on=date(2026, 1, 5),
        email=email or f"company{n}@example.com")
    return Registration.objects.create(event=event, member=member,
                                       token=secrets.token_urlsafe(32))
