"""Orders and bookings: holds that take places under a lock, payment, answers to requests,
cancellation with the policy's refund, expiry.

Capacity is checked and taken inside one transaction that locks the slot rows (and the rows
of any shared resource) of an order, always in the same order (slots by id, then resources by
id), so two buyers of the last place queue up and only one gets it. PostgreSQL locks with
``SELECT … FOR UPDATE``; SQLite takes its write lock when the transaction begins (settings:
``transaction_mode = IMMEDIATE``).

A ``Slot`` counts ``held`` places (bookings held, requested or accepted) and ``booked`` places
(confirmed, completed, no-show). Prices are stored in EUR cents: an experience priced in lek
is converted at the configured rate when it is booked (settlement is in EUR).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.bookings.models import Booking, BookingLine, Order
from marketplace.bookings.selectors import booking_refund_cents
from marketplace.bookings.selectors.quotes import (
    BookingRequest,
    booking_priced,
    slot_bookable_check,
)
from marketplace.bookings.services import notifications
from marketplace.catalogue.models.schedules import Resource, Slot
from marketplace.catalogue.policies import CancellationPolicy
from marketplace.catalogue.selectors.slots import slot_places_left_by_id
from marketplace.core.errors import (
    BookingNotAllowed,
    BookingStateError,
    InvalidQuantities,
    SoldOut,
)

MAX_BOOKINGS_PER_ORDER = 30


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _expired_holds(slot_ids, now: datetime):
    return Booking.objects.filter(slot_id__in=slot_ids, status=Booking.Status.HELD,
                                  hold_expires_at__lte=now)


def _release_expired(slot_ids, now: datetime) -> int:
    """Expire the lapsed holds on these (locked) slots and give their places back."""
    released = 0
    by_slot = defaultdict(int)
    expired = list(_expired_holds(slot_ids, now).values_list("pk", "slot_id", "places"))
    for _pk, slot_id, places in expired:
        by_slot[slot_id] += places
    if expired:
        Booking.objects.filter(pk__in=[pk for pk, _s, _p in expired]).update(
            status=Booking.Status.EXPIRED)
        for slot_id, places in by_slot.items():
            Slot.objects.filter(pk=slot_id).update(held=F("held") - places)
        released = len(expired)
    return released


def _lock_slots(slot_ids: list[int]) -> dict[int, Slot]:
    """Lock the slot rows (sorted by id, so concurrent orders never deadlock) and return them
    with their experiences."""
    slots = {s.pk: s for s in Slot.objects.select_for_update(of=("self",))
             .select_related("experience").filter(pk__in=sorted(set(slot_ids))).order_by("pk")}
    missing = set(slot_ids) - set(slots)
    if missing:
        raise BookingNotAllowed(_("This date is no longer offered."))
    return slots


def _take_places(slots: dict[int, Slot], wanted: dict[int, int], now: datetime) -> None:
    """Check and take ``wanted`` places per slot id, on locked slots; resources are locked
    here too (by id). Raises SoldOut naming what is short."""
    _release_expired(list(slots), now)
    resource_ids = sorted({s.resource_id for s in slots.values() if s.resource_id})
    list(Resource.objects.select_for_update().filter(pk__in=resource_ids).order_by("pk"))
    places_left = slot_places_left_by_id(slots=list(slots.values()), now=now)
    for slot_id, places in wanted.items():
        slot, left = slots[slot_id], places_left.get(slot_id, 0)
        if left < places:
            title = slots[slot_id].experience.title
            if left <= 0:
                raise SoldOut(_("“%(title)s” is sold out on %(when)s.")
                              % {"title": title, "when": _local(slot.starts_at)})
            raise SoldOut(ngettext("Only %(n)d place left for “%(title)s” on %(when)s.",
                                   "Only %(n)d places left for “%(title)s” on %(when)s.", left)
                          % {"n": left, "title": title, "when": _local(slot.starts_at)})
    for slot_id, places in wanted.items():
        Slot.objects.filter(pk=slot_id).update(held=F("held") + places)


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


@transaction.atomic
def order_place(*, email: str, name: str, requests: list[BookingRequest], phone: str = "",
                language: str = "it", user=None, operator=None,
                now: datetime | None = None) -> Order:
    """Create an order and hold every booking (all or nothing) for ``BOOKING_HOLD_MINUTES``.
    An operator's order is priced by its contract with each supplier."""
    now = _now(now)
    if not requests:
        raise InvalidQuantities(_("Choose at least one experience."))
    if len(requests) > MAX_BOOKINGS_PER_ORDER:
        raise InvalidQuantities(_("At most %(n)d bookings per order.")
                                % {"n": MAX_BOOKINGS_PER_ORDER})
    if operator is not None and not operator.is_approved:
        raise BookingNotAllowed(_("The tour operator account is not approved yet."))
    if not email or not name:
        raise InvalidQuantities(_("Give a name and an email address."))
    slots = _lock_slots([asked.slot_id for asked in requests])
    priced = []
    wanted: dict[int, int] = defaultdict(int)
    for asked in requests:
        slot = slots[asked.slot_id]
        slot_bookable_check(slot, now)
        booking_price = booking_priced(slot=slot, quantities=asked.quantities,
                                       operator=operator,
                                       on=timezone.localtime(slot.starts_at).date())
        priced.append((asked, slot, booking_price))
        wanted[slot.pk] += booking_price.places
    _take_places(slots, wanted, now)
    order = Order.objects.create(email=email, name=name, phone=phone, language=language,
                                 user=user if user and user.is_authenticated else None,
                                 operator=operator, currency="EUR",
                                 total_cents=sum(p.price_cents for _l, _s, p in priced))
    expires = now + timedelta(minutes=settings.BOOKING_HOLD_MINUTES)
    for asked, slot, booking_price in priced:
        experience = slot.experience
        policy = CancellationPolicy.of(experience)
        booking = Booking.objects.create(
            order=order, slot=slot, experience=experience,
            provider_id=experience.get_parent().pk, status=Booking.Status.HELD,
            places=booking_price.places, currency="EUR", price_cents=booking_price.price_cents,
            retail_cents=booking_price.retail_cents, contract=booking_price.contract,
            policy_kind=policy.kind, policy_hours_before=policy.hours_before,
            policy_refund_pct=policy.refund_pct, hold_expires_at=expires, note=asked.note[:2000])
        BookingLine.objects.bulk_create([
            BookingLine(booking=booking, label=line.label, quantity=line.quantity,
                        unit_price_cents=line.unit_price_cents, total_cents=line.total_cents)
            for line in booking_price.lines])
    return order


def _respond_by(booking: Booking, now: datetime) -> datetime:
    """The supplier's deadline: BOOKING_REQUEST_HOURS from now, but never after the cut-off."""
    cutoff = booking.slot.starts_at - timedelta(hours=booking.experience.cutoff_hours)
    return max(now, min(now + timedelta(hours=settings.BOOKING_REQUEST_HOURS), cutoff))


def _retake(booking: Booking, now: datetime) -> bool:
    """A hold that lapsed before the payment arrived: take its places again if they are
    still free."""
    slots = _lock_slots([booking.slot_id])
    try:
        _take_places(slots, {booking.slot_id: booking.places}, now)
    except SoldOut:
        return False
    return True


@dataclass(frozen=True)
class PaidOrder:
    """What paying an order did to its bookings: ``sold`` were sold (confirmed or waiting for
    the supplier), ``lost`` lapsed and were sold to someone else meanwhile (cancelled: the
    payment side refunds them in full). Both empty when the order was already paid."""

    order: Order
    sold: list[Booking] = field(default_factory=list)
    lost: list[Booking] = field(default_factory=list)


def order_paid_apply(*, order: Order, now: datetime | None = None) -> PaidOrder:
    """The order's payment went through: instant bookings are confirmed, on-request ones wait
    for the supplier (``respond_by``). A booking whose hold lapsed and whose places were sold
    meanwhile is cancelled. Runs inside the caller's transaction; the money (ledger, refunds)
    is ``payments.services.settlement.order_payment_succeeded``'s. Calling it again changes
    nothing."""
    now = _now(now)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status == Order.Status.PAID:
        return PaidOrder(order=order)
    sold, lost = [], []
    bookings = list(order.bookings.select_related("slot", "experience")
                    .filter(status__in=[Booking.Status.HELD, Booking.Status.EXPIRED]))
    for booking in bookings:
        if booking.status == Booking.Status.EXPIRED and not _retake(booking, now):
            booking.status = Booking.Status.CANCELLED
            booking.cancelled_at, booking.cancelled_by = now, Booking.CancelledBy.SYSTEM
            booking.cancel_reason = _("The places were sold before the payment arrived.")
            booking.save()
            lost.append(booking)
            continue
        if booking.experience.booking_mode == "request":
            booking.status = Booking.Status.REQUESTED
            booking.respond_by = _respond_by(booking, now)
            transaction.on_commit(_notify(notifications.booking_requested_notify, booking))
        else:
            _held_to_booked(booking)
            booking.status, booking.confirmed_at = Booking.Status.CONFIRMED, now
            transaction.on_commit(_notify(notifications.booking_confirmed_notify, booking))
        booking.hold_expires_at = None
        booking.save()
        sold.append(booking)
    order.status, order.paid_at = Order.Status.PAID, now
    order.save(update_fields=["status", "paid_at"])
    return PaidOrder(order=order, sold=sold, lost=lost)


def _notify(function, booking: Booking, **kwargs):
    return lambda: function(booking=booking, **kwargs)


def _held_to_booked(booking: Booking) -> None:
    Slot.objects.filter(pk=booking.slot_id).update(held=F("held") - booking.places,
                                                   booked=F("booked") + booking.places)


def order_payment_failed(*, order: Order, now: datetime | None = None) -> Order:
    """The card was refused. While its holds last the order waits for another card; holds
    that have lapsed meanwhile give their places back now, and an order left with no hold
    expires (the buyer starts again)."""
    now = _now(now)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status not in (Order.Status.OPEN, Order.Status.AWAITING_PAYMENT):
            return order
        lapsed = sorted(set(order.bookings.filter(
            status=Booking.Status.HELD, hold_expires_at__lte=now).values_list("slot_id",
                                                                              flat=True)))
        if lapsed:
            _lock_slots(lapsed)
            _release_expired(lapsed, now)
        if not order.bookings.filter(status=Booking.Status.HELD).exists():
            order.status = Order.Status.EXPIRED
            order.save(update_fields=["status"])
    return order


def _locked_booking(booking: Booking) -> Booking:
    """The booking re-read with its slot row locked (slot first: the order ``order_place``
    locks in)."""
    Slot.objects.select_for_update().filter(pk=booking.slot_id).first()
    return Booking.objects.select_for_update(of=("self",)).select_related(
        "slot", "experience", "order").get(pk=booking.pk)


def _locked_request(booking: Booking, *, now: datetime, deadline_applies: bool) -> Booking:
    """The request re-read under lock, still waiting for an answer (and, when
    ``deadline_applies``, before its deadline); else BookingStateError."""
    booking = _locked_booking(booking)
    if booking.status != Booking.Status.REQUESTED:
        raise BookingStateError(_("This request has already been answered (%(status)s).")
                                % {"status": booking.get_status_display()})
    if deadline_applies and booking.respond_by and now > booking.respond_by:
        raise BookingStateError(_("The time to answer this request has passed."))
    return booking


def booking_accept(*, booking: Booking, now: datetime | None = None) -> Booking:
    """The supplier accepts a request before its deadline: the booking is confirmed."""
    now = _now(now)
    with transaction.atomic():
        booking = _locked_request(booking, now=now, deadline_applies=True)
        _held_to_booked(booking)
        booking.status, booking.confirmed_at = Booking.Status.CONFIRMED, now
        booking.save(update_fields=["status", "confirmed_at"])
        transaction.on_commit(_notify(notifications.booking_confirmed_notify, booking))
    return booking


def booking_decline_apply(*, booking: Booking, reason: str = "",
                          now: datetime | None = None, by_deadline: bool = False) -> Booking:
    """The supplier declines a request (or its deadline passed): the places go back. Giving
    the buyer everything back is ``payments.services.settlement.booking_decline``'s."""
    now = _now(now)
    with transaction.atomic():
        booking = _locked_request(booking, now=now, deadline_applies=not by_deadline)
        Slot.objects.filter(pk=booking.slot_id).update(held=F("held") - booking.places)
        booking.status = Booking.Status.DECLINED
        booking.cancelled_at, booking.cancel_reason = now, reason[:200]
        booking.cancelled_by = (Booking.CancelledBy.SYSTEM if by_deadline
                                else Booking.CancelledBy.SUPPLIER)
        booking.save(update_fields=["status", "cancelled_at", "cancel_reason", "cancelled_by"])
        transaction.on_commit(_notify(notifications.booking_declined_notify, booking))
    return booking


def booking_cancel_apply(*, booking: Booking, by: str, reason: str = "",
                         now: datetime | None = None) -> int:
    """Cancel a booking: by the buyer, with the refund its policy gives now; by the supplier
    (weather, illness) or the platform, with everything back. Returns the refund due in cents
    (0 for a hold never paid); paying it back is
    ``payments.services.settlement.booking_cancel``'s."""
    now = _now(now)
    if by not in Booking.CancelledBy.values:
        raise BookingStateError(_("Unknown canceller “%(by)s”.") % {"by": by})
    with transaction.atomic():
        booking = _locked_booking(booking)
        cancellable = (Booking.Status.HELD, Booking.Status.REQUESTED, Booking.Status.ACCEPTED,
                       Booking.Status.CONFIRMED)
        if booking.status not in cancellable:
            raise BookingStateError(_("This booking cannot be cancelled (%(status)s).")
                                    % {"status": booking.get_status_display()})
        if by == Booking.CancelledBy.BUYER and booking.slot.starts_at <= now:
            raise BookingStateError(_("The experience has started: it can no longer be "
                                      "cancelled."))
        paid = booking.status != Booking.Status.HELD
        if by == Booking.CancelledBy.BUYER:
            refund = booking_refund_cents(booking=booking, now=now)
        else:
            refund = booking.price_cents if paid else 0
        if booking.status == Booking.Status.CONFIRMED:
            Slot.objects.filter(pk=booking.slot_id).update(booked=F("booked") - booking.places)
        else:
            Slot.objects.filter(pk=booking.slot_id).update(held=F("held") - booking.places)
        booking.status, booking.cancelled_at, booking.cancelled_by = (
            Booking.Status.CANCELLED, now, by)
        booking.cancel_reason = reason[:200]
        booking.hold_expires_at = None
        booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason",
                                    "hold_expires_at"])
        if paid:
            transaction.on_commit(_notify(notifications.booking_cancelled_notify, booking,
                                          refund_cents=refund))
    return refund if paid else 0


def holds_expire(*, now: datetime | None = None) -> int:
    """Release every lapsed hold (periodic task); an order left with nothing but lapsed
    holds expires too. Returns the number of holds released."""
    now = _now(now)
    slot_ids = sorted(set(Booking.objects.filter(
        status=Booking.Status.HELD, hold_expires_at__lte=now).values_list("slot_id", flat=True)))
    released = 0
    for start in range(0, len(slot_ids), 200):
        with transaction.atomic():
            chunk = list(Slot.objects.select_for_update().filter(
                pk__in=slot_ids[start:start + 200]).order_by("pk").values_list("pk", flat=True))
            released += _release_expired(chunk, now)
    Order.objects.filter(status__in=[Order.Status.OPEN, Order.Status.AWAITING_PAYMENT]).exclude(
        bookings__status__in=[Booking.Status.HELD, *Booking.TAKING,
                              Booking.Status.REQUESTED]).update(status=Order.Status.EXPIRED)
    return released


def bookings_complete(*, now: datetime | None = None) -> int:
    """Mark confirmed bookings whose slot has ended as completed (periodic task)."""
    now = _now(now)
    return Booking.objects.filter(status=Booking.Status.CONFIRMED,
                                  slot__ends_at__lte=now).update(
        status=Booking.Status.COMPLETED)


def booking_no_show(*, booking: Booking) -> Booking:
    """The supplier reports that nobody came (after the start; no refund)."""
    if booking.status not in (Booking.Status.CONFIRMED, Booking.Status.COMPLETED):
        raise BookingStateError(_("Only a confirmed booking can be a no-show."))
    if booking.slot.starts_at > timezone.now():
        raise BookingStateError(_("The experience has not started yet."))
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.NO_SHOW)
    booking.status = Booking.Status.NO_SHOW
    return booking


__all__ = [
    "booking_accept",
    "booking_cancel_apply",
    "booking_decline_apply",
    "booking_no_show",
    "bookings_complete",
    "holds_expire",
    "PaidOrder",
    "order_payment_failed",
    "order_paid_apply",
    "order_place",
]
