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
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..errors import BookingNotAllowed, BookingStateError, InvalidQuantities, SoldOut
from ..models import (
    Booking,
    BookingLine,
    ExperiencePage,
    Order,
    PriceOption,
    PricingKind,
    ProviderPage,
    Resource,
    Slot,
)
from ..money import to_eur_cents
from ..policies import CancellationPolicy

MAX_PLACES_PER_LEG = 100
MAX_LEGS_PER_ORDER = 30


@dataclass(frozen=True)
class LegRequest:
    """One leg a buyer asks for: a slot and a count per price option (adults, children, a
    boat for a group of N, rooms). ``quantities`` maps PriceOption ids (of the experience or
    of one of its translations) to counts."""

    slot_id: int
    quantities: dict[int, int] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class _PricedLine:
    label: str
    quantity: int
    unit_price_cents: int
    total_cents: int


@dataclass(frozen=True)
class _PricedLeg:
    places: int
    lines: list[_PricedLine]
    price_cents: int
    retail_cents: int
    contract: object | None


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _eur(amount_cents: int, currency: str) -> int:
    return to_eur_cents(amount_cents=amount_cents, currency=currency,
                        rates_per_eur=settings.EXCHANGE_RATES_PER_EUR)


def _options(slot: Slot, quantities: dict[int, int]) -> list[tuple[PriceOption, int]]:
    """The price options asked for with their counts, checked: known ids of this experience
    (or a translation of it), whole non-negative counts, at least one place."""
    try:
        counts = {int(pk): int(n) for pk, n in quantities.items()}
    except (TypeError, ValueError) as exc:
        raise InvalidQuantities(_("Quantities must be whole numbers.")) from exc
    if any(n < 0 for n in counts.values()):
        raise InvalidQuantities(_("A quantity cannot be negative."))
    counts = {pk: n for pk, n in counts.items() if n}
    if not counts:
        raise InvalidQuantities(_("Choose at least one place."))
    options = {o.pk: o for o in PriceOption.objects.filter(
        pk__in=counts, page__translation_key=slot.experience.translation_key)}
    unknown = set(counts) - set(options)
    if unknown:
        raise InvalidQuantities(_("These prices do not belong to this experience: %(ids)s.")
                                % {"ids": ", ".join(str(pk) for pk in sorted(unknown))})
    return [(options[pk], n) for pk, n in sorted(counts.items())]


def _unit_prices(experience: ExperiencePage, chosen, contract) -> dict[int, tuple[int, int]]:
    """(buyer's unit price, retail unit price) in EUR cents per option id."""
    prices = {}
    for option, _n in chosen:
        retail = _eur(option.price_cents, experience.currency)
        if contract is None:
            prices[option.pk] = (retail, retail)
        else:
            from . import contracts

            unit = contracts.operator_unit_price_cents(contract=contract, experience=experience,
                                                       option=option)
            prices[option.pk] = (_eur(unit, experience.currency), retail)
    return prices


def _price_leg(*, slot: Slot, quantities: dict[int, int], operator, on) -> _PricedLeg:
    """Places and price of one leg: per person (count per age band), per group (the group
    size on one tier: the tier's price once) or per night (rooms)."""
    experience = slot.experience
    chosen = _options(slot, quantities)
    kinds = {option.kind for option, _n in chosen}
    if len(kinds) > 1:
        raise InvalidQuantities(_("These prices cannot be combined."))
    kind = kinds.pop()
    contract = None
    if operator is not None:
        from . import contracts

        provider = ProviderPage.objects.get(pk=experience.get_parent().pk)
        contract = contracts.contract_active(operator=operator, provider=provider, on=on)
        if contract is None:
            raise BookingNotAllowed(
                _("%(operator)s has no contract with %(provider)s valid on %(day)s.")
                % {"operator": operator.name, "provider": provider.title, "day": on})
    units = _unit_prices(experience, chosen, contract)
    lines = []
    if kind == PricingKind.PER_GROUP:
        if len(chosen) != 1:
            raise InvalidQuantities(_("Choose one group price for the whole group."))
        option, size = chosen[0]
        if not (option.group_size_min or 1) <= size <= (option.group_size_max or size):
            raise InvalidQuantities(
                _("“%(label)s” is for groups of %(lo)s to %(hi)s people.")
                % {"label": option.label, "lo": option.group_size_min,
                   "hi": option.group_size_max})
        unit, retail = units[option.pk]
        lines.append(_PricedLine(option.label, size, unit, unit))
        places, retail_total = size, retail
    else:
        retail_total = 0
        for option, n in chosen:
            unit, retail = units[option.pk]
            lines.append(_PricedLine(option.label, n, unit, unit * n))
            retail_total += retail * n
        places = sum(n for _o, n in chosen)
    if places > MAX_PLACES_PER_LEG:
        raise InvalidQuantities(_("At most %(n)d places per booking.") % {"n": MAX_PLACES_PER_LEG})
    if not experience.is_lodging:
        if places < experience.group_min:
            raise InvalidQuantities(ngettext(
                "This experience needs at least %(n)d participant.",
                "This experience needs at least %(n)d participants.",
                experience.group_min) % {"n": experience.group_min})
        if places > experience.group_max:
            raise InvalidQuantities(ngettext(
                "This experience takes at most %(n)d participant.",
                "This experience takes at most %(n)d participants.",
                experience.group_max) % {"n": experience.group_max})
    price = sum(line.total_cents for line in lines)
    if price <= 0:
        raise InvalidQuantities(_("Add at least one paying participant."))
    return _PricedLeg(places=places, lines=lines, price_cents=price,
                      retail_cents=retail_total, contract=contract)


def _check_bookable(slot: Slot, now: datetime) -> None:
    experience = slot.experience
    if not experience.live:
        raise BookingNotAllowed(_("This experience is not on sale."))
    closes = slot.starts_at - timedelta(hours=experience.cutoff_hours)
    if now >= closes:
        raise BookingNotAllowed(ngettext(
            "Bookings for this date closed %(n)d hour before the start.",
            "Bookings for this date closed %(n)d hours before the start.",
            experience.cutoff_hours) % {"n": experience.cutoff_hours})


@dataclass(frozen=True)
class LegQuote:
    """What a leg would cost now: places, price and lines in EUR cents (nothing held)."""

    slot: Slot
    places: int
    price_cents: int
    lines: list[_PricedLine]


def leg_quote(*, slot_id: int, quantities: dict[int, int], operator=None,
              now: datetime | None = None) -> LegQuote:
    """Price a leg as ``order_place`` would, without holding anything (a trip being put
    together); raises the same errors (not bookable, bad quantities, no contract). Places
    are only checked when the order is placed."""
    now = _now(now)
    slot = Slot.objects.select_related("experience").filter(pk=slot_id).first()
    if slot is None:
        raise BookingNotAllowed(_("This date is no longer offered."))
    _check_bookable(slot, now)
    priced = _price_leg(slot=slot, quantities=quantities, operator=operator,
                        on=timezone.localtime(slot.starts_at).date())
    return LegQuote(slot=slot, places=priced.places, price_cents=priced.price_cents,
                    lines=priced.lines)


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


def _resource_places_used(resource: Resource, slot: Slot, now: datetime) -> int:
    """Places taken on ``resource`` by the slots that overlap ``slot`` (lapsed holds on them
    are not counted, even before the periodic task releases them)."""
    overlapping = Slot.objects.filter(resource=resource, starts_at__lt=slot.ends_at,
                                      ends_at__gt=slot.starts_at)
    taken = overlapping.aggregate(n=Sum(F("held") + F("booked")))["n"] or 0
    lapsed = _expired_holds(overlapping.values("pk"), now).aggregate(n=Sum("places"))["n"] or 0
    return taken - lapsed


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
    fresh = {s.pk: s for s in Slot.objects.filter(pk__in=list(slots))}
    resource_ids = sorted({s.resource_id for s in fresh.values() if s.resource_id})
    resources = {r.pk: r for r in Resource.objects.select_for_update()
                 .filter(pk__in=resource_ids).order_by("pk")}
    for slot_id, places in wanted.items():
        slot = fresh[slot_id]
        left = slot.capacity - slot.held - slot.booked
        if slot.resource_id:
            resource = resources[slot.resource_id]
            left = min(left, resource.capacity - _resource_places_used(resource, slot, now))
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
def order_place(*, email: str, name: str, legs: list[LegRequest], phone: str = "",
                language: str = "it", user=None, operator=None,
                now: datetime | None = None) -> Order:
    """Create an order and hold every leg (all or nothing) for ``BOOKING_HOLD_MINUTES``.
    An operator's order is priced by its contract with each supplier."""
    now = _now(now)
    if not legs:
        raise InvalidQuantities(_("Choose at least one experience."))
    if len(legs) > MAX_LEGS_PER_ORDER:
        raise InvalidQuantities(_("At most %(n)d bookings per order.")
                                % {"n": MAX_LEGS_PER_ORDER})
    if operator is not None and not operator.is_approved:
        raise BookingNotAllowed(_("The tour operator account is not approved yet."))
    if not email or not name:
        raise InvalidQuantities(_("Give a name and an email address."))
    slots = _lock_slots([leg.slot_id for leg in legs])
    priced = []
    wanted: dict[int, int] = defaultdict(int)
    for leg in legs:
        slot = slots[leg.slot_id]
        _check_bookable(slot, now)
        leg_price = _price_leg(slot=slot, quantities=leg.quantities, operator=operator,
                               on=timezone.localtime(slot.starts_at).date())
        priced.append((leg, slot, leg_price))
        wanted[slot.pk] += leg_price.places
    _take_places(slots, wanted, now)
    order = Order.objects.create(email=email, name=name, phone=phone, language=language,
                                 user=user if user and user.is_authenticated else None,
                                 operator=operator, currency="EUR",
                                 total_cents=sum(p.price_cents for _l, _s, p in priced))
    expires = now + timedelta(minutes=settings.BOOKING_HOLD_MINUTES)
    for leg, slot, leg_price in priced:
        experience = slot.experience
        policy = CancellationPolicy.of(experience)
        booking = Booking.objects.create(
            order=order, slot=slot, experience=experience,
            provider_id=experience.get_parent().pk, status=Booking.Status.HELD,
            places=leg_price.places, currency="EUR", price_cents=leg_price.price_cents,
            retail_cents=leg_price.retail_cents, contract=leg_price.contract,
            policy_kind=policy.kind, policy_hours_before=policy.hours_before,
            policy_refund_pct=policy.refund_pct, hold_expires_at=expires, note=leg.note[:2000])
        BookingLine.objects.bulk_create([
            BookingLine(booking=booking, label=line.label, quantity=line.quantity,
                        unit_price_cents=line.unit_price_cents, total_cents=line.total_cents)
            for line in leg_price.lines])
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


def order_payment_succeeded(*, order: Order, now: datetime | None = None) -> Order:
    """The order's payment went through: instant legs are confirmed, on-request legs wait
    for the supplier (``respond_by``); the ledger records each sale. A leg whose hold lapsed
    and whose places were sold meanwhile is cancelled and refunded in full. Calling it again
    changes nothing."""
    from . import ledger, notifications

    now = _now(now)
    refunds = []
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status == Order.Status.PAID:
            return order
        bookings = list(order.bookings.select_related("slot", "experience")
                        .filter(status__in=[Booking.Status.HELD, Booking.Status.EXPIRED]))
        for booking in bookings:
            if booking.status == Booking.Status.EXPIRED and not _retake(booking, now):
                booking.status = Booking.Status.CANCELLED
                booking.cancelled_at, booking.cancelled_by = now, Booking.CancelledBy.SYSTEM
                booking.cancel_reason = _("The places were sold before the payment arrived.")
                booking.save()
                ledger.ledger_sale_record(booking=booking)
                refunds.append(booking)
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
            ledger.ledger_sale_record(booking=booking)
        order.status, order.paid_at = Order.Status.PAID, now
        order.save(update_fields=["status", "paid_at"])
    for booking in refunds:
        _refund(booking, booking.price_cents)
    return order


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
    from . import notifications

    now = _now(now)
    with transaction.atomic():
        booking = _locked_request(booking, now=now, deadline_applies=True)
        _held_to_booked(booking)
        booking.status, booking.confirmed_at = Booking.Status.CONFIRMED, now
        booking.save(update_fields=["status", "confirmed_at"])
        transaction.on_commit(_notify(notifications.booking_confirmed_notify, booking))
    return booking


def booking_decline(*, booking: Booking, reason: str = "", now: datetime | None = None,
                    by_deadline: bool = False) -> Booking:
    """The supplier declines a request (or its deadline passed): the places go back and the
    buyer gets everything back."""
    from . import notifications

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
    _refund(booking, booking.price_cents)
    return booking


def booking_refund_cents(*, booking: Booking, now: datetime | None = None) -> int:
    """What the buyer gets back if they cancel ``booking`` at ``now``: the policy it was sold
    under, as a whole number of cents rounded down (never more than the price)."""
    now = _now(now)
    if booking.status in (Booking.Status.REQUESTED, Booking.Status.ACCEPTED):
        return booking.price_cents  # not confirmed yet: everything back
    if booking.status != Booking.Status.CONFIRMED:
        return 0
    policy = CancellationPolicy(kind=booking.policy_kind,
                                hours_before=booking.policy_hours_before,
                                refund_pct=booking.policy_refund_pct)
    hours = (booking.slot.starts_at - now).total_seconds() / 3600
    return booking.price_cents * policy.refund_pct_at(hours_before_start=hours) // 100


def booking_cancel(*, booking: Booking, by: str, reason: str = "",
                   now: datetime | None = None) -> int:
    """Cancel a booking: by the buyer, with the refund its policy gives now; by the supplier
    (weather, illness) or the platform, with everything back. Returns the refund in cents."""
    from . import notifications

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
    if paid:
        _refund(booking, refund)
    return refund


def _refund(booking: Booking, amount_cents: int) -> None:
    """Give money back through the payment provider, then record it in the ledger (only what
    was actually refunded: the payment service caps it at what was charged)."""
    from . import ledger, payments

    if amount_cents <= 0:
        return
    refund = payments.payment_refund(booking=booking, amount_cents=amount_cents)
    if refund is not None:
        ledger.ledger_refund_record(booking=booking, amount_cents=refund.amount_cents)


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


def requests_expire(*, now: datetime | None = None) -> int:
    """Decline the requests whose supplier did not answer in time (periodic task)."""
    now = _now(now)
    late = list(Booking.objects.filter(status=Booking.Status.REQUESTED, respond_by__lte=now))
    for booking in late:
        try:
            booking_decline(booking=booking, now=now, by_deadline=True,
                            reason=_("The supplier did not answer in time."))
        except BookingStateError:
            continue  # answered meanwhile
    return len(late)


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


def slot_seats_left_now(*, slot: Slot, now: datetime | None = None) -> int:
    """Places left on ``slot``, lapsed holds not counted even before they are released."""
    now = _now(now)
    lapsed = _expired_holds([slot.pk], now).aggregate(n=Sum("places"))["n"] or 0
    return max(0, slot.capacity - slot.held - slot.booked + lapsed)


__all__ = [
    "LegQuote",
    "LegRequest",
    "leg_quote",
    "booking_accept",
    "booking_cancel",
    "booking_decline",
    "booking_no_show",
    "booking_refund_cents",
    "bookings_complete",
    "holds_expire",
    "order_payment_failed",
    "order_payment_succeeded",
    "order_place",
    "requests_expire",
    "slot_seats_left_now",
]
