"""Benchmark: many buyers race for the last places of one slot; nobody may be overbooked.

Run `python bench/booking_race.py --seats 10 --buyers 50 --rounds 20`. It reads DATABASE_URL
(PostgreSQL: give it a scratch database, `createdb -h 127.0.0.1 -U postgres NAME`); without
one it migrates a throw-away SQLite file. Each round takes a fresh slot of one experience with
``--seats`` places; ``--buyers`` threads, each with its own database connection, wait at a
barrier and then each tries to book one place (``order_place``) and pay
(``order_payment_succeeded``; the card payment itself is not part of the race). Printed, one
JSON line: rounds, overbooked_rounds (a slot with more confirmed places than it has, or
counters that disagree with the bookings), confirmed_per_round, refused_per_round (buyers
refused with "sold out"), errors (anything else), bookings_per_s (confirmed bookings per
second of racing) and attempts_per_s (buyers served, confirmed or refused, per second).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.django_setup import setup_django  # noqa: E402


@dataclass
class RaceResult:
    rounds: int = 0
    overbooked_rounds: int = 0
    confirmed_per_round: list[int] = field(default_factory=list)
    refused_per_round: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        confirmed = sum(self.confirmed_per_round)
        attempts = confirmed + sum(self.refused_per_round)
        return {"rounds": self.rounds, "overbooked_rounds": self.overbooked_rounds,
                "confirmed_per_round": self.confirmed_per_round,
                "refused_per_round": self.refused_per_round,
                "errors": self.errors[:10],
                "bookings_per_s": round(confirmed / self.seconds, 1) if self.seconds else 0,
                "attempts_per_s": round(attempts / self.seconds, 1) if self.seconds else 0}


def race_experience(*, seats: int):
    """A live experience with ``seats`` places per slot, built through the services (its
    slots are materialised when it is published); returns (experience, adult price id)."""
    from datetime import time as clock

    from marketplace.catalogue.models.pages import ExperiencePage
    from marketplace.catalogue.models.pricing import PriceOption
    from marketplace.catalogue.pricing import PriceLine
    from marketplace.catalogue.services.pages import (
        ExperienceDetails,
        ExperienceText,
        WeeklyRuleSpec,
        experience_page_create,
        supplier_page_create,
    )
    from marketplace.core.vat import it_partita_iva_check_digit

    existing = ExperiencePage.objects.live().filter(title="Race bench tasting").first()
    if existing is not None:  # a database used by an earlier run
        return existing, PriceOption.objects.get(page=existing).pk
    provider = supplier_page_create(
        legal_name="Race bench farm",
        vat_number="0123456789" + str(it_partita_iva_check_digit("0123456789")), country="IT",
        sector_slugs=["food-wine"], lat=40.35148, lon=18.17180, town="Lecce",
        email="race@example.com")
    experience = experience_page_create(
        provider=provider,
        text=ExperienceText(title="Race bench tasting", summary="One slot, many "
                                     "buyers.", meeting_point="Gate"),
        details=ExperienceDetails(
            sector_slug="food-wine", lat=40.35148, lon=18.17180, capacity=seats,
            group_max=max(seats, 1),
            prices=(PriceLine(kind="per_person", label="Adult", price_cents=3000, age_min=0,
                              age_max=120),),
            weekly_rules=(WeeklyRuleSpec(weekdays=tuple(range(7)),
                                                  start_times=(clock(10), clock(15))),)),
        photos=[], publish=True)
    adult = PriceOption.objects.get(page=experience).pk
    return experience, adult


def race(*, seats: int, buyers: int, rounds: int, experience=None, adult=None) -> RaceResult:
    """Run the race; each round on the next free slot of the experience."""
    from django.db import connection, connections
    from django.utils import timezone

    from marketplace.bookings.models import Booking
    from marketplace.bookings.selectors import BookingRequest
    from marketplace.bookings.services.orders import order_place
    from marketplace.catalogue.models.schedules import Slot
    from marketplace.core.errors import SoldOut
    from marketplace.payments.services.settlement import order_payment_succeeded

    if experience is None:
        experience, adult = race_experience(seats=seats)
    slots = list(Slot.objects.filter(experience=experience, held=0, booked=0,
                                     starts_at__gt=timezone.now() + timedelta(days=3))
                 .order_by("starts_at")[:rounds])
    if len(slots) < rounds:
        raise SystemExit(f"only {len(slots)} free slots for {rounds} rounds")
    Slot.objects.filter(pk__in=[s.pk for s in slots]).update(capacity=seats)
    result = RaceResult()
    lock = threading.Lock()
    for slot in slots:
        barrier = threading.Barrier(buyers)
        outcome = {"confirmed": 0, "refused": 0}

        def buyer(n: int, slot_id: int = slot.pk, outcome: dict = outcome,
                  barrier: threading.Barrier = barrier) -> None:
            try:
                barrier.wait()
                order = order_place(email=f"buyer{n}@example.com", name=f"Buyer {n}",
                                    requests=[BookingRequest(slot_id=slot_id,
                                                             quantities={adult: 1})])
                order_payment_succeeded(order=order)
                with lock:
                    outcome["confirmed"] += 1
            except SoldOut:
                with lock:
                    outcome["refused"] += 1
            except Exception as exc:  # reported, not hidden
                with lock:
                    result.errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=buyer, args=(n,)) for n in range(buyers)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.seconds += time.perf_counter() - started
        slot.refresh_from_db()
        confirmed = Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED)
        places = sum(confirmed.values_list("places", flat=True))
        if places > slot.capacity or slot.booked != places or slot.held != 0:
            result.overbooked_rounds += 1
        result.rounds += 1
        result.confirmed_per_round.append(confirmed.count())
        result.refused_per_round.append(outcome["refused"])
    connection.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seats", type=int, default=10)
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        setup_django(tmp_dir)
        from django.conf import settings

        # Confirmation emails stay in memory: stdout carries the JSON line only.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        result = race(seats=args.seats, buyers=args.buyers, rounds=args.rounds)
        print(json.dumps(result.as_dict()))


if __name__ == "__main__":
    main()
