"""Payments of orders through Stripe: one PaymentIntent per order, refunds capped at what was
charged, webhooks applied once and in one direction only.

The ``Payment`` row is the state machine: ``pending`` → ``failed`` (the buyer may try another
card) → ``succeeded``, or ``canceled``; a status only ever moves forward, so a webhook that
arrives late (``payment_failed`` after ``succeeded``) or twice changes nothing. Bookings move
through ``settlement.order_payment_succeeded`` and the booking service
``order_payment_failed``.
Stripe is reached only through ``marketplace.payments.stripe_gateway``. Amounts are integer cents.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.bookings.models import Booking, Order
from marketplace.core.errors import (
    BookingStateError,
    InvalidPaymentMethod,
    WebhookSignatureInvalid,
)
from marketplace.payments import stripe_gateway
from marketplace.payments.models import Payment, Refund, StripeEvent

logger = logging.getLogger(__name__)

# How far along each status is: a payment only moves to a higher rank.
STATUS_RANK = {
    Payment.Status.PENDING: 0,
    Payment.Status.FAILED: 1,
    Payment.Status.CANCELED: 2,
    Payment.Status.SUCCEEDED: 3,
}
EVENT_STATUS = {
    "payment_intent.succeeded": Payment.Status.SUCCEEDED,
    "payment_intent.payment_failed": Payment.Status.FAILED,
    "payment_intent.canceled": Payment.Status.CANCELED,
}
PAYABLE = (Order.Status.OPEN, Order.Status.AWAITING_PAYMENT)
PAYMENT_METHOD_ID = re.compile(r"^(pm|card)_[A-Za-z0-9_]{1,100}$")


def idempotency_key(*, order_id: int, operation: str, attempt: int | None = None) -> str:
    """The idempotency key of one call to Stripe for an order: ``order-<pk>-<operation>``,
    then ``-<attempt>`` when the operation belongs to one payment attempt. The one place that
    spells the keys of payments and refunds."""
    key = f"order-{order_id}-{operation}"
    return key if attempt is None else f"{key}-{attempt}"


def payment_for_order(*, order: Order) -> Payment:
    """The order's payment: its PaymentIntent for ``order.total_cents`` is created the first
    time and reused after, also after a declined card. An order has exactly one intent, made
    before its payment row exists, so its key has no attempt: ``order-<pk>-pi-create``.
    The order then awaits payment. An order that is paid, cancelled or expired cannot start
    one (BookingStateError, 409)."""
    payment = Payment.objects.filter(order=order).first()
    if payment is not None:
        return payment
    if order.status not in PAYABLE:
        raise BookingStateError(_("This order cannot be paid any more (%(status)s).")
                                % {"status": order.get_status_display()})
    if order.total_cents <= 0:
        raise BookingStateError(_("There is nothing to pay for this order."))
    intent = stripe_gateway.payment_intent_create(
        reference=order.reference, amount_cents=order.total_cents, currency=order.currency,
        metadata={"order_id": str(order.pk)},
        idempotency_key=idempotency_key(order_id=order.pk, operation="pi-create"))
    with transaction.atomic():
        payment, _created = Payment.objects.get_or_create(order=order, defaults={
            "intent_id": intent["id"], "amount_cents": order.total_cents,
            "currency": order.currency})
        Order.objects.filter(pk=order.pk, status=Order.Status.OPEN).update(
            status=Order.Status.AWAITING_PAYMENT)
    if order.status == Order.Status.OPEN:
        order.status = Order.Status.AWAITING_PAYMENT
    return payment


def payment_client_secret(*, payment: Payment) -> str:
    """The intent's client secret, for Stripe.js in the buyer's browser (never stored)."""
    return stripe_gateway.payment_intent_retrieve(payment.intent_id)["client_secret"]


def payment_confirm(*, order: Order, payment_method: str) -> str:
    """Confirm the order's intent with a payment method the browser created (``pm_…``, or the
    ``card_…`` of a card token from localstripe's Stripe.js). Returns the intent's status:
    ``succeeded``, ``processing`` or ``requires_action`` (Stripe.js then authenticates). The
    order moves when the webhook (or ``payment_sync``) reports the outcome.

    Each payment method the buyer submits starts a new attempt (``Payment.attempt`` + 1, under
    a lock on the payment row); the same method sent again (a double click, a retry after a
    timeout) is the same attempt. The attempt's update and confirm carry the keys
    ``order-<pk>-pi-update-<attempt>`` and ``order-<pk>-confirm-<attempt>``, so Stripe
    answers a repeated attempt with its first result and never charges it twice."""
    if not isinstance(payment_method, str) or not PAYMENT_METHOD_ID.match(payment_method):
        raise InvalidPaymentMethod(_("The card details could not be read. Please enter them "
                                     "again."))
    payment = _payment_attempt(order=order, payment_method=payment_method)
    intent = stripe_gateway.payment_intent_confirm(
        intent_id=payment.intent_id, payment_method=payment_method,
        update_idempotency_key=idempotency_key(order_id=order.pk, operation="pi-update",
                                               attempt=payment.attempt),
        confirm_idempotency_key=idempotency_key(order_id=order.pk, operation="confirm",
                                                attempt=payment.attempt))
    return intent["status"]


@transaction.atomic
def _payment_attempt(*, order: Order, payment_method: str) -> Payment:
    """The order's payment, locked, on the attempt of ``payment_method``: a new attempt
    unless it is the method of the current one."""
    payment = Payment.objects.select_for_update().filter(order=order).first()
    if payment is None or order.status not in PAYABLE:
        raise BookingStateError(_("This order is not waiting for a payment."))
    if payment.status in (Payment.Status.SUCCEEDED, Payment.Status.CANCELED):
        raise BookingStateError(_("This order has already been paid."))
    if payment.attempt == 0 or payment.attempt_payment_method != payment_method:
        payment.attempt += 1
        payment.attempt_payment_method = payment_method
        payment.save(update_fields=["attempt", "attempt_payment_method", "updated_at"])
    return payment


def payment_sync(*, order: Order) -> Payment | None:
    """Ask Stripe how the order's intent stands and apply it as a webhook would (for the
    return page, when the webhook has not arrived yet). None if the order has no payment."""
    payment = Payment.objects.filter(order=order).first()
    if payment is None:
        return None
    intent = stripe_gateway.payment_intent_retrieve(payment.intent_id)
    status = _intent_status(intent)
    if status is not None:
        with transaction.atomic():
            _payment_advance(intent=intent, status=status)
    payment.refresh_from_db()
    return payment


def _intent_status(intent) -> str | None:
    """Our status for an intent as Stripe reports it, or None while nothing is decided."""
    if intent["status"] == "succeeded":
        return Payment.Status.SUCCEEDED
    if intent["status"] == "canceled":
        return Payment.Status.CANCELED
    if intent["status"] == "requires_payment_method" and intent.get("last_payment_error"):
        return Payment.Status.FAILED
    return None


def _charge_id(intent) -> str:
    charge = intent.get("latest_charge") or ""
    return charge if isinstance(charge, str) else charge.get("id", "")


def _payment_advance(*, intent: dict[str, Any], status: str) -> Payment | None:
    """Move the intent's payment forward to ``status`` (never back) and the order with it.
    Runs inside the caller's transaction, with the payment row locked."""
    from marketplace.bookings.services.orders import order_payment_failed
    from marketplace.payments.services.settlement import order_payment_succeeded

    payment = (Payment.objects.select_for_update().select_related("order")
               .filter(intent_id=intent["id"]).first())
    if payment is None:
        logger.info("Stripe intent %s is not one of ours", intent["id"])
        return None
    if STATUS_RANK[status] <= STATUS_RANK[payment.status]:
        return payment  # a replay, or news older than what we know
    if status == Payment.Status.SUCCEEDED and (
            int(intent.get("amount") or 0) != payment.amount_cents
            or str(intent.get("currency", "")).upper() != payment.currency):
        logger.error("Stripe intent %s: %s %s paid, %s %s expected", intent["id"],
                     intent.get("amount"), intent.get("currency"), payment.amount_cents,
                     payment.currency)
        return payment
    payment.status = status
    payment.charge_id = _charge_id(intent)[:64] or payment.charge_id
    payment.save(update_fields=["status", "charge_id", "updated_at"])
    if status == Payment.Status.SUCCEEDED:
        order_payment_succeeded(order=payment.order)
    elif status == Payment.Status.FAILED:
        order_payment_failed(order=payment.order)
    return payment


def stripe_event_handle(*, payload: bytes, signature: str) -> StripeEvent:
    """Check, store and apply one webhook event. A bad signature or body raises
    WebhookSignatureInvalid (400) and stores nothing. An event is stored once by its id, in
    the same transaction that applies it: a replay returns the stored event and changes
    nothing; if applying fails, nothing is stored and Stripe sends it again later."""
    stripe_gateway.webhook_event_construct(payload=payload, signature=signature)
    try:
        data = json.loads(payload)
        event_id, event_type = data["id"], data["type"]
        created = datetime.fromtimestamp(int(data["created"]), tz=UTC)
        intent = data["data"]["object"]
    except (ValueError, KeyError, TypeError) as exc:
        raise WebhookSignatureInvalid(_("The webhook body is not a Stripe event.")) from exc
    if not isinstance(event_id, str) or not isinstance(intent, dict):
        raise WebhookSignatureInvalid(_("The webhook body is not a Stripe event."))
    with transaction.atomic():
        event, created_now = StripeEvent.objects.get_or_create(
            event_id=event_id[:64],
            defaults={"type": str(event_type)[:80], "created": created, "payload": data})
        if not created_now:
            return event
        status = EVENT_STATUS.get(event_type)
        if status is not None and isinstance(intent.get("id"), str):
            _payment_advance(intent=intent, status=status)
        event.processed_at = timezone.now()
        event.save(update_fields=["processed_at"])
    return event


def payment_refund(*, booking: Booking, amount_cents: int) -> Refund | None:
    """Give ``amount_cents`` of a booking back to the buyer's card, capped at what is left
    of the payment (charged minus refunded, for the whole order) and of the booking's price
    (localstripe does not cap refunds: we must). The capped amount is refunded on Stripe
    and recorded on the payment and the booking in one transaction that locks the payment
    row. Returns None when there is nothing to refund (0, nothing left, or never paid).
    The idempotency key ``order-<order>-booking-<booking>-refund-<n>`` (n: the number the
    refund row is about to get among the booking's refunds) makes a retry after a lost answer
    (the row was never written) get the same Stripe refund back instead of a second one. The
    amount is not in the key: a retry asking a different amount is refused by Stripe, never
    paid a second time."""
    if amount_cents < 0:
        raise ValueError("amount_cents must not be negative")
    if amount_cents == 0:
        return None
    with transaction.atomic():
        payment = (Payment.objects.select_for_update()
                   .filter(order_id=booking.order_id, status=Payment.Status.SUCCEEDED).first())
        if payment is None:
            return None
        fresh = Booking.objects.select_for_update().get(pk=booking.pk)
        amount = min(amount_cents, payment.amount_cents - payment.refunded_cents,
                     fresh.price_cents - fresh.refund_cents)
        if amount <= 0:
            return None
        attempt = Refund.objects.filter(booking=fresh).count() + 1
        stripe_refund = stripe_gateway.refund_create(
            intent_id=payment.intent_id, amount_cents=amount,
            idempotency_key=idempotency_key(order_id=fresh.order_id,
                                            operation=f"booking-{fresh.pk}-refund",
                                            attempt=attempt),
            metadata={"order": booking.order.reference, "booking": str(fresh.pk)})
        refund = Refund.objects.create(payment=payment, booking=fresh,
                                       stripe_id=stripe_refund["id"], amount_cents=amount)
        payment.refunded_cents += amount
        payment.save(update_fields=["refunded_cents", "updated_at"])
        fresh.refund_cents += amount
        fresh.save(update_fields=["refund_cents"])
    booking.refund_cents = fresh.refund_cents
    return refund
