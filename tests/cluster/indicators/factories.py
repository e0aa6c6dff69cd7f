"""Rows of the cluster for the indicators' tests, made with the ORM (plain functions, saved
rows): the services that write them belong to the members', agreements' and events' domains."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from cluster.agreements.models import Agreement, AgreementParty
from cluster.events.models import Event, Registration
from cluster.members.models import Member
from marketplace.core.dates import LOCAL_TZ

_serial = itertools.count(1)

JOINED = date(2025, 1, 10)


def member_factory(*, name: str = "", kind: str = Member.Kind.SUPPLIER,
                   status: str = Member.Status.ACTIVE, joined_on: date | None = JOINED,
                   **fields) -> Member:
    n = next(_serial)
    return Member.objects.create(
        name=name or f"Company {n:03d}", kind=kind, country=fields.pop("country", "IT"),
        vat_number=fields.pop("vat_number", f"{n:011d}"), status=status,
        applied_on=fields.pop("applied_on", date(2025, 1, 2)), joined_on=joined_on, **fields)


def agreement_factory(*, members, status: str = Agreement.Status.SIGNED,
                      signed_on: date | None = date(2025, 3, 1),
                      kind: str = Agreement.Kind.MEMORANDUM) -> Agreement:
    starts_on = signed_on or date(2025, 3, 1)
    agreement = Agreement.objects.create(kind=kind, title=f"Agreement {next(_serial)}",
                                         starts_on=starts_on, signed_on=signed_on,
                                         status=status)
    for member in members:
        AgreementParty.objects.create(agreement=agreement, member=member)
    return agreement


def local_moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ)


def event_factory(*, kind: str = Event.Kind.WORKSHOP, day: date = date(2025, 4, 15),
                  status: str = Event.Status.HELD) -> Event:
    starts_at = local_moment(day)
    return Event.objects.create(kind=kind, title=f"Event {next(_serial)}", starts_at=starts_at,
                                ends_at=starts_at + timedelta(hours=3), status=status)


def registration_factory(*, event: Event, member: Member, attended: bool = True,
                         status: str = Registration.Status.REGISTERED) -> Registration:
    attended_at = event.starts_at + timedelta(minutes=5) if attended else None
    return Registration.objects.create(event=event, member=member, status=status,
                                       token=f"token-{next(_serial)}", attended_at=attended_at)


def attended(*, event: Event, members) -> None:
    for member in members:
        registration_factory(event=event, member=member)
