"""The cluster's demo records, built through the services, so that the managers' home shows
the programme's five targets met from real rows:

- members: every demo supplier page and operator (``members_sync``, one member per company)
  and the programme's partner institutions (they apply, then are admitted);
- eight signed agreements (memoranda and joint products) between three suppliers each;
- four workshops, three digital-lab sessions and four B2B events held over the past months,
  each with its companies registered beforehand and checked in at the door;
- one B2B event to come, with its companies registered.

Deterministic (members are taken in id order) and idempotent: a second run finds the
agreements and events by their titles and creates nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cluster.agreements.models import Agreement
from cluster.agreements.services import agreement_create
from cluster.events.models import Event
from cluster.events.services import (
    attendance_check_in,
    event_create,
    event_mark_held,
    registration_create,
)
from cluster.members.models import Member
from cluster.members.services import (
    MemberApplication,
    member_activate,
    member_apply,
    members_sync,
)
from home.partners import PARTNERS
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.vat import it_partita_iva_check_digit

Report = Callable[[str], None]

AGREEMENTS = 8
PARTIES_PER_AGREEMENT = 3
COMPANIES_PER_EVENT = 12


@dataclass(frozen=True)
class DemoEvent:
    kind: str
    title: str
    months_ago: int  # 0: next month (to come)
    place: str
    lat: float
    lon: float


EVENTS = (
    DemoEvent("workshop", "Workshop: pricing experiences for groups", 9, "Lecce",
              40.35148, 18.17180),
    DemoEvent("workshop", "Workshop: selling to tour operators", 7, "Tirana", 41.32744,
              19.81866),
    DemoEvent("workshop", "Workshop: seasons and capacity", 5, "Campobasso", 41.56003,
              14.66753),
    DemoEvent("workshop", "Workshop: cross-border products", 3, "Kotor", 42.42067, 18.77123),
    DemoEvent("lab", "Digital lab: photos that sell", 8, "Bari", 41.12066, 16.86982),
    DemoEvent("lab", "Digital lab: your listing in English", 6, "Shkodër", 42.06828,
              19.51258),
    DemoEvent("lab", "Digital lab: online payments and payouts", 4, "Termoli", 41.99994,
              14.99389),
    DemoEvent("b2b", "B2B day: Puglia meets Albania", 10, "Bari", 41.12066, 16.86982),
    DemoEvent("b2b", "B2B day: Molise and Montenegro", 6, "Podgorica", 42.44111, 19.26361),
    DemoEvent("b2b", "B2B day: the Adriatic for tour operators", 4, "Durrës", 41.32306,
              19.44139),
    DemoEvent("b2b", "B2B day: crafts and food", 2, "Lecce", 40.35148, 18.17180),
    DemoEvent("b2b", "B2B day: spring season", -1, "Tirana", 41.32744, 19.81866),
)


def _institution_vat(country: str, n: int) -> str:
    if country == "IT":
        base = f"{90000 + n:010d}"
        return base + str(it_partita_iva_check_digit(base))
    if country == "AL":
        return f"K{90000000 + n:08d}A"
    return f"{90000000 + n:08d}"


def _institutions(report: Report) -> int:
    created = 0
    for n, partner in enumerate(PARTNERS, start=1):
        if Member.objects.filter(name=partner.name).exists():
            continue
        joined = timezone.localdate() - timedelta(days=330)
        with transaction.atomic():
            application = MemberApplication(
                name=partner.name, kind=Member.Kind.INSTITUTION, country=partner.country_iso2,
                vat_number=_institution_vat(partner.country_iso2, n), website=partner.url,
                about=str(partner.role))
            member = member_apply(application=application, applied_on=joined - timedelta(days=30))
            member_activate(member=member, on=joined)
        created += 1
    return created


def _suppliers() -> list[Member]:
    return list(Member.objects.filter(kind=Member.Kind.SUPPLIER, status=Member.Status.ACTIVE)
                .order_by("pk"))


def _agreements(suppliers: list[Member]) -> int:
    created = 0
    today = timezone.localdate()
    for n in range(AGREEMENTS):
        kind = Agreement.Kind.JOINT_PRODUCT if n % 2 else Agreement.Kind.MEMORANDUM
        title = (f"Joint product no. {n // 2 + 1}" if n % 2 else
                 f"Memorandum of cooperation no. {n // 2 + 1}")
        if Agreement.objects.filter(title=title).exists():
            continue
        parties = suppliers[n * PARTIES_PER_AGREEMENT:(n + 1) * PARTIES_PER_AGREEMENT]
        if len(parties) < 2:  # a small demo catalogue (the tests'): as many as it allows
            break
        signed = today - timedelta(days=300 - 35 * n)
        agreement_create(kind=kind, title=title, parties=parties, starts_on=signed,
                         signed_on=signed,
                         summary="Demo: three companies of the cluster agree to work together.")
        created += 1
    return created


def _moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), LOCAL_TZ)


def _events(members: list[Member]) -> int:
    created = 0
    today = timezone.localdate()
    for index, spec in enumerate(EVENTS):
        if Event.objects.filter(title=spec.title).exists():
            continue
        day = today - timedelta(days=30 * spec.months_ago + 3)
        starts_at, ends_at = _moment(day, 9), _moment(day, 17)
        with transaction.atomic():
            event = event_create(kind=spec.kind, title=spec.title, starts_at=starts_at,
                                 ends_at=ends_at, place_name=spec.place, lat=spec.lat,
                                 lon=spec.lon, capacity=40,
                                 description="Demo: an event of the cluster's programme.")
            pool = [m for m in members if spec.kind != "b2b" or m.kind == Member.Kind.SUPPLIER]
            # Each event a different dozen of companies (fewer in a small demo catalogue).
            first = (index * COMPANIES_PER_EVENT) % max(1, len(pool) - COMPANIES_PER_EVENT)
            booked_at = starts_at - timedelta(days=14)
            for member in pool[first:first + COMPANIES_PER_EVENT]:
                registration = registration_create(event=event, member=member,
                                                   attendees="Demo attendee", now=booked_at)
                if spec.months_ago > 0:
                    attendance_check_in(token=registration.token,
                                        now=starts_at + timedelta(minutes=10))
            if spec.months_ago > 0:
                event_mark_held(event=event, now=ends_at)
        created += 1
    return created


def load_demo_cluster(report: Report) -> int:
    """The cluster's members, agreements and events (see the module); returns how many
    members, agreements and events it created or changed."""
    made = members_sync()
    made += _institutions(report)
    members = list(Member.objects.filter(status=Member.Status.ACTIVE).exclude(
        kind=Member.Kind.INSTITUTION).order_by("pk"))
    made += _agreements(_suppliers())
    made += _events(members)
    if made:
        report(f"Cluster: {made} members, agreements and events created or updated; the five "
               "targets are on the managers' home in the admin (/admin/).")
    else:
        report("Cluster: the members, agreements and events are already there.")
    return made
