"""Factories for orders, bookings, payments and payout accounts: rows saved straight through
the models, for tests of what comes after a sale (ledger, payouts, statements).

The booking services are tested through the services; these factories only set up the state
those services leave behind (a paid order with confirmed bookings, a cancelled booking…).
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from marketplace.bookings.models import Booking, BookingLine, Order
from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.schedules import Slot
from marketplace.payments.models import Payment, PayoutAccount

_serial = itertools.count(1)


def slot_factory(*, experience: ExperiencePage, starts_at: datetime,
                 duration: timedelta = timedelta(hours=2), capacity: int = 10) -> Slot:
    """A slot of ``experience`` starting at the aware ``starts_at``."""
    return Slot.objects.create(experience=experience, starts_at=starts_at,
                               ends_at=starts_at + duration, capacity=capacity)


def order_factory(*, status: str = Order.Status.PAID, paid_at: datetime | None = None,
                  **fields) -> Order:
    """An order of a guest buyer (paid by default)."""
    n = next(_serial)
    fields.setdefault("email", f"buyer{n}@example.com")
    fields.setdefault("name", f"Buyer {n}")
    return Order.objects.create(status=status, paid_at=paid_at, **fields)


def booking_factory(*, slot: Slot, order: Order | None = None,
                    status: str = Booking.Status.CONFIRMED, places: int = 2,
                    price_cents: int = 9000, contract=None, currency: str = "EUR",
                    **fields) -> Booking:
    """A booking of ``order`` (a new paid order if None) on ``slot``, with one priced line; the
    order's total grows by the booking's price and the slot's ``booked`` by its places when the
    booking takes places."""
    order = order or order_factory()
    experience = slot.experience
    provider = ProviderPage.objects.get(pk=experience.get_parent().pk)
    booking = Booking.objects.create(
        order=order, slot=slot, experience=experience, provider=provider, status=status,
        places=places, currency=currency, price_cents=price_cents, retail_cents=price_cents,
        contract=contract, policy_kind="standard", **fields)
    BookingLine.objects.create(booking=booking, label="Adult", quantity=places,
                               unit_price_cents=price_cents // places, total_cents=price_cents)
    order.total_cents += price_cents
    order.save(update_fields=["total_cents"])
    if status in Booking.TAKING:
        Slot.objects.filter(pk=slot.pk).update(booked=slot.booked + places)
    return booking


def payment_factory(*, order: Order, status: str = Payment.Status.SUCCEEDED) -> Payment:
    """The order's PaymentIntent, for its whole total."""
    n = next(_serial)
    return Payment.objects.create(order=order, intent_id=f"pi_test{n:020d}",
                                  amount_cents=order.total_cents, status=status,
                                  charge_id=f"ch_test{n:020d}")


def connect_account_factory(*, provider: ProviderPage,
                            stripe_account_id: str = "") -> PayoutAccount:
    """A Stripe Connect payout account for ``provider``."""
    account_id = stripe_account_id or f"acct_1Test{next(_serial):011d}"
    return PayoutAccount.objects.create(provider=provider, method=PayoutAccount.Method.CONNECT,
                                        stripe_account_id=account_id)


def sepa_account_factory(*, provider: ProviderPage, iban: str, bic: str,
                         account_holder: str = "") -> PayoutAccount:
    """A SEPA payout account for ``provider``."""
    return PayoutAccount.objects.create(provider=provider, method=PayoutAccount.Method.SEPA,
                                        iban=iban, bic=bic,
                                        account_holder=account_holder or provider.legal_name)
