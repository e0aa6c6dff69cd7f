"""What a booking's moves do to the money: the sale recorded when an order is paid (by card,
or on a tour operator's account), and the refund when a booking is declined, cancelled or lost
to a lapsed hold (to the card, or credited to the operator's account).

The bookings domain moves bookings and places (``bookings.services.orders``: the ``*_apply``
functions); this module calls them and then moves the money through the payment provider and
the ledger, so that bookings never depend on payments. Views, admin screens, tasks and demo
data call these functions, never the ``*_apply`` ones alone. Amounts are integer cents.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.bookings.models import Booking, Order
from marketplace.bookings.selectors import requests_late
from marketplace.bookings.services.orders import (
    booking_cancel_apply,
    booking_decline_apply,
    order_paid_apply,
)
from marketplace.core.errors import BookingStateError
from marketplace.payments.models import Payment
from marketplace.payments.selectors import order_paid_on_account, suppliers_not_on_account
from marketplace.payments.services.accounts import (
    OnAccountNotAllowed,
    account_charges_record,
    account_credit_record,
)
from marketplace.payments.services.ledger import ledger_refund_record, ledger_sale_record
from marketplace.payments.services.payments import PAYABLE, payment_refund


def order_payment_succeeded(*, order: Order, now: datetime | None = None) -> Order:
    """The order's payment went through: its bookings are sold (``order_paid_apply``) and the
    ledger records each sale in the same transaction; a booking lost to a lapsed hold is then
    refunded in full. Calling it again changes nothing."""
    with transaction.atomic():
        paid = order_paid_apply(order=order, now=now)
        for booking in [*paid.sold, *paid.lost]:
            ledger_sale_record(booking=booking)
    for booking in paid.lost:
        refund_give_back(booking=booking, amount_cents=booking.price_cents)
    return paid.order


def order_on_account_pay(*, order: Order, now: datetime | None = None) -> Order:
    """Pay a tour operator's order on its account, without a card: allowed only when the
    operator's contract with every supplier of the order allows it (``OnAccountNotAllowed``
    names the others). The operator is charged each booking (``AccountEntry``), then the
    order is paid as by card (``order_payment_succeeded``: bookings confirmed or requested,
    the suppliers' sales in the ledger); a booking lost to a lapsed hold is credited back.
    All in one transaction: a refusal changes nothing."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.operator_id is None:
            raise OnAccountNotAllowed(_("Only a tour operator's order can be paid on account."))
        if order.status not in PAYABLE:
            raise BookingStateError(_("This order cannot be paid any more (%(status)s).")
                                    % {"status": order.get_status_display()})
        if Payment.objects.filter(order=order).exists():
            raise OnAccountNotAllowed(_("This order is being paid by card."))
        bookings = list(order.bookings.select_related("contract", "provider").filter(
            status__in=[Booking.Status.HELD, Booking.Status.EXPIRED]).order_by("pk"))
        refused = suppliers_not_on_account(bookings=bookings)
        if refused:
            raise OnAccountNotAllowed(
                _("%(operator)s may not pay on account with %(suppliers)s: their contract "
                  "does not allow it. Pay by card, or ask the cluster to change the contract.")
                % {"operator": order.operator.name, "suppliers": ", ".join(refused)})
        account_charges_record(order=order, bookings=bookings, now=now)
        order = order_payment_succeeded(order=order, now=now)
    return order


def booking_decline(*, booking: Booking, reason: str = "", now: datetime | None = None,
                    by_deadline: bool = False) -> Booking:
    """The supplier declines a request (or its deadline passed): the places go back and the
    buyer gets everything back."""
    booking = booking_decline_apply(booking=booking, reason=reason, now=now,
                                    by_deadline=by_deadline)
    refund_give_back(booking=booking, amount_cents=booking.price_cents)
    return booking


def booking_cancel(*, booking: Booking, by: str, reason: str = "",
                   now: datetime | None = None) -> int:
    """Cancel a booking: by the buyer, with the refund its policy gives now; by the supplier
    (weather, illness) or the platform, with everything back. Returns the refund in cents."""
    refund = booking_cancel_apply(booking=booking, by=by, reason=reason, now=now)
    refund_give_back(booking=booking, amount_cents=refund)
    return refund


def requests_expire(*, now: datetime | None = None) -> int:
    """Decline the requests whose supplier did not answer in time, with a full refund
    (periodic task). Returns how many were late."""
    now = now or timezone.now()
    late = requests_late(now=now)
    for booking in late:
        try:
            booking_decline(booking=booking, now=now, by_deadline=True,
                            reason=_("The supplier did not answer in time."))
        except BookingStateError:
            continue  # answered meanwhile
    return len(late)


def refund_give_back(*, booking: Booking, amount_cents: int) -> None:
    """Give money back through the payment provider, or as a credit on the operator's account
    for an order paid on account, then record it in the ledger (only what was actually given
    back: both cap it at what was charged). Nothing for 0."""
    if amount_cents <= 0:
        return
    if order_paid_on_account(order_id=booking.order_id):
        credit = account_credit_record(booking=booking, amount_cents=amount_cents)
        if credit is not None:
            ledger_refund_record(booking=booking, amount_cents=-credit.amount_cents)
        return
    refund = payment_refund(booking=booking, amount_cents=amount_cents)
    if refund is not None:
        ledger_refund_record(booking=booking, amount_cents=refund.amount_cents)
