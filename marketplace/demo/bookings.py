"""Demo bookings, made through the booking services: in each country some paid bookings of
the last weeks (completed, so their suppliers are owed money: statements, balances and a
payout run have something to show) and some coming up (today's manifest, the dashboard).
Demo buyers pay outside Stripe: the ledger records their sales all the same."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from marketplace.bookings.models import Booking, Order
from marketplace.bookings.selectors import BookingRequest
from marketplace.bookings.services.orders import booking_accept, bookings_complete, order_place
from marketplace.catalogue.models.pages import ExperiencePage
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.slots import slot_owner_ids
from marketplace.catalogue.services.slots import slots_materialise
from marketplace.core.choices import PricingKind
from marketplace.payments.services.settlement import order_payment_succeeded

Report = Callable[[str], None]

DEMO_BUYER_DOMAIN = "buyers.example.com"
PER_COUNTRY = {"IT": 6, "AL": 3, "ME": 3}
PAST_DAYS = 28
BUYERS = ["Anna Becker", "Tom Walsh", "Claire Martin", "Luca Bianchi", "Sofia Novak",
          "James Reid", "Marta Kowalska", "Pierre Dubois", "Elena Russo", "Jonas Berg"]


def _quantities(experience: ExperiencePage) -> dict[int, int] | None:
    """Two adults (or the smallest group the experience takes) on its first paid price."""
    people = max(2, experience.group_min)
    for option in PriceOption.objects.filter(page=experience).order_by("sort_order", "pk"):
        if option.price_cents <= 0:
            continue
        if option.kind == PricingKind.PER_GROUP:
            if (option.group_size_min or 1) <= people <= (option.group_size_max or people):
                return {option.pk: people}
            continue
        if option.kind == PricingKind.PER_PERSON and option.age_max is not None and (
                option.age_max < 18):
            continue
        return {option.pk: people}
    return None


def _book(*, slot: Slot, experience: ExperiencePage, quantities: dict[int, int], buyer: str,
          now) -> Booking:
    email = f"{buyer.split()[0].lower()}.{slot.pk}@{DEMO_BUYER_DOMAIN}"
    order = order_place(email=email, name=buyer, phone="+49 30 1234567", language="en",
                        requests=[BookingRequest(slot_id=slot.pk, quantities=quantities)], now=now)
    order_payment_succeeded(order=order, now=now + timedelta(minutes=4))
    booking = order.bookings.get()
    if booking.status == Booking.Status.REQUESTED:
        booking_accept(booking=booking, now=now + timedelta(hours=3))
    return booking


def _candidates(country: str) -> list[ExperiencePage]:
    return list(ExperiencePage.objects.live().filter(
        pk__in=slot_owner_ids(), country=country, is_lodging=False).order_by("pk"))


def load_demo_bookings(report: Report) -> int:
    """Past and upcoming paid bookings per country; returns how many it created (none when
    the demo buyers have booked already)."""
    if Order.objects.filter(email__endswith="@" + DEMO_BUYER_DOMAIN).exists():
        report("Bookings: the demo bookings are already there.")
        return 0
    today = timezone.localdate()
    now = timezone.now()
    made = {"past": 0, "upcoming": 0}
    buyers = iter(BUYERS * 10)
    # Demo emails would flood the console: the demo buyers do not exist.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for country, wanted in PER_COUNTRY.items():
            done = 0
            for experience in _candidates(country):
                if done >= wanted:
                    break
                quantities = _quantities(experience)
                if quantities is None:
                    continue
                with transaction.atomic():
                    slots_materialise(experience=experience,
                                      today=today - timedelta(days=PAST_DAYS),
                                      horizon_days=PAST_DAYS)
                past = (Slot.objects.filter(experience=experience, ends_at__lt=now,
                                            starts_at__gte=now - timedelta(days=PAST_DAYS - 6))
                        .order_by("starts_at")[done * 2: done * 2 + 1])
                upcoming = Slot.objects.filter(
                    experience=experience,
                    starts_at__gte=now + timedelta(hours=experience.cutoff_hours + 1),
                ).order_by("starts_at")[:1]
                if not past or not upcoming:
                    continue
                _book(slot=past[0], experience=experience, quantities=quantities,
                      buyer=next(buyers), now=past[0].starts_at - timedelta(days=6))
                _book(slot=upcoming[0], experience=experience, quantities=quantities,
                      buyer=next(buyers), now=now - timedelta(minutes=10))
                made["past"] += 1
                made["upcoming"] += 1
                done += 1
        bookings_complete(now=now)
    report(f"Bookings: {made['past']} paid and completed in the last {PAST_DAYS} days, "
           f"{made['upcoming']} coming up (demo buyers @{DEMO_BUYER_DOMAIN}).")
    return made["past"] + made["upcoming"]
