"""Writes to the tour operators' accounts: the charge of each booking an operator pays on
account, and the credit when money is given back on one.

Entries are signed integer EUR cents seen from what the operator owes (see ``AccountEntry``).
Paying an order on account is ``settlement.order_on_account_pay``'s: it charges the account
here and records the suppliers' sales in the ledger exactly as a card payment does.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.bookings.models import Booking, Order
from marketplace.core.errors import MarketplaceError
from marketplace.payments.models import AccountEntry

Kind = AccountEntry.Kind


class OnAccountNotAllowed(MarketplaceError):
    """The order cannot be paid on account: not an operator's, being paid by card, or a
    supplier's contract does not allow it (the message names them)."""

    status_code = 403


@transaction.atomic
def account_charges_record(*, order: Order, bookings: list[Booking],
                           now: datetime | None = None) -> list[AccountEntry]:
    """Charge the order's operator for ``bookings`` (of ``order``): one CHARGE (+price) per
    booking not charged yet. Returns the entries made (``[]`` when all were charged)."""
    now = now or timezone.now()
    charged = set(AccountEntry.objects.filter(order=order, kind=Kind.CHARGE)
                  .values_list("booking_id", flat=True))
    memo = _("Order %(reference)s") % {"reference": order.reference}
    return AccountEntry.objects.bulk_create(
        AccountEntry(operator_id=order.operator_id, order=order, booking=booking,
                     kind=Kind.CHARGE, amount_cents=booking.price_cents, currency=order.currency,
                     created_at=now, memo=memo)
        for booking in bookings if booking.pk not in charged)


@transaction.atomic
def account_credit_record(*, booking: Booking, amount_cents: int,
                          now: datetime | None = None) -> AccountEntry | None:
    """Give ``amount_cents`` of a booking paid on account back to its operator: a CREDIT
    (−amount) capped at what is left of the booking's charge and of its price, recorded on
    the booking's ``refund_cents`` as a card refund is. None when there is nothing to give
    back (0, nothing left, or the booking was never charged)."""
    if amount_cents < 0:
        raise ValueError("amount_cents must not be negative")
    fresh = Booking.objects.select_for_update().get(pk=booking.pk)
    left = (AccountEntry.objects.filter(booking=fresh)
            .aggregate(total=Sum("amount_cents"))["total"] or 0)
    amount = min(amount_cents, left, fresh.price_cents - fresh.refund_cents)
    if amount <= 0:
        return None
    charge = AccountEntry.objects.filter(booking=fresh, kind=Kind.CHARGE).get()
    credit = AccountEntry.objects.create(
        operator_id=charge.operator_id, order_id=fresh.order_id, booking=fresh,
        kind=Kind.CREDIT, amount_cents=-amount, currency=charge.currency,
        created_at=now or timezone.now(),
        memo=_("Refund on booking %(booking)s") % {"booking": fresh.pk})
    fresh.refund_cents += amount
    fresh.save(update_fields=["refund_cents"])
    booking.refund_cents = fresh.refund_cents
    return credit
