"""Holds, capacity, payment, answers to requests, cancellation and expiry (services.bookings)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.bookings.models import Booking, Order
from marketplace.bookings.selectors import BookingRequest
from marketplace.bookings.services.orders import (
    booking_accept,
    booking_refund_cents,
    bookings_complete,
    holds_expire,
    order_place,
)
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import Resource, Slot
from marketplace.catalogue.pricing import PriceLine
from marketplace.catalogue.selectors.slots import slot_places_left_by_id
from marketplace.core.errors import (
    BookingNotAllowed,
    BookingStateError,
    InvalidQuantities,
    SoldOut,
)
from marketplace.payments.models import LedgerEntry
from marketplace.payments.services.settlement import (
    booking_cancel,
    booking_decline,
    order_payment_succeeded,
    requests_expire,
)

pytestmark = pytest.mark.django_db


def _slot(experience, days_ahead: int = 5) -> Slot:
    start = timezone.now() + timedelta(days=days_ahead)
    return Slot.objects.filter(experience=experience, starts_at__gte=start).order_by(
        "starts_at").first()


def _options(experience) -> dict[str, int]:
    return dict(PriceOption.objects.filter(page=experience).values_list("label", "pk"))


def _place(slot, quantities, **kwargs):
    return order_place(email="anna@example.com", name="Anna Rossi",
                       requests=[BookingRequest(slot_id=slot.pk, quantities=quantities)], **kwargs)


@pytest.fixture
def tasting(make_experience):
    return make_experience(photos=0, capacity=6)


def test_a_hold_takes_places_and_prices_each_age_band(tasting):
    slot = _slot(tasting)
    options = _options(tasting)
    order = _place(slot, {options["Adult"]: 2, options["Child"]: 1, options["Infant"]: 1})
    booking = order.bookings.get()
    assert booking.status == Booking.Status.HELD
    assert booking.places == 4
    assert booking.price_cents == order.total_cents == 2 * 4500 + 2000
    assert sorted(booking.lines.values_list("label", "quantity", "total_cents")) == [
        ("Adult", 2, 9000), ("Child", 1, 2000), ("Infant", 1, 0)]
    assert booking.hold_expires_at == pytest.approx(
        timezone.now() + timedelta(minutes=15), abs=timedelta(seconds=30))
    slot.refresh_from_db()
    assert (slot.held, slot.booked) == (4, 0)
    assert booking.provider_id == tasting.get_parent().pk


def test_the_last_places_are_sold_once(tasting):
    slot = _slot(tasting)
    adult = _options(tasting)["Adult"]
    _place(slot, {adult: 5})
    with pytest.raises(SoldOut, match="Only 1 place left"):
        _place(slot, {adult: 2})
    _place(slot, {adult: 1})
    with pytest.raises(SoldOut, match="sold out"):
        _place(slot, {adult: 1})
    assert Order.objects.count() == 2  # nothing half-written by the refused buyers


def test_an_order_of_several_legs_is_all_or_nothing(tasting, make_experience):
    boat = make_experience(photos=0, capacity=2)
    first, second = _slot(tasting), _slot(boat)
    with pytest.raises(SoldOut):
        order_place(email="a@example.com", name="A", requests=[
            BookingRequest(first.pk, {_options(tasting)["Adult"]: 2}),
            BookingRequest(second.pk, {_options(boat)["Adult"]: 3})])
    first.refresh_from_db()
    assert first.held == 0 and not Order.objects.exists()


def test_a_shared_resource_caps_experiences_together(make_provider, make_experience):
    provider = make_provider()
    boat = Resource.objects.create(provider=provider, name="Boat", capacity=4)
    a = make_experience(provider=provider, photos=0, capacity=4)
    b = make_experience(provider=provider, photos=0, capacity=4)
    slot_a, slot_b = _slot(a), Slot.objects.get(experience=b, starts_at=_slot(a).starts_at)
    Slot.objects.filter(pk__in=[slot_a.pk, slot_b.pk]).update(resource=boat)
    _place(slot_a, {_options(a)["Adult"]: 3})
    with pytest.raises(SoldOut, match="Only 1 place"):
        _place(slot_b, {_options(b)["Adult"]: 2})


@pytest.mark.parametrize(("quantities", "message"), [
    ({}, "at least one place"),
    ({"Adult": -1}, "negative"),
    ({"Infant": 2}, "paying participant"),
    ({"Adult": 11}, "at most 10 participants"),
])
def test_bad_quantities_are_refused_with_a_message(tasting, quantities, message):
    options = _options(tasting)
    with pytest.raises(InvalidQuantities, match=message):
        _place(_slot(tasting), {options[label]: n for label, n in quantities.items()})


def test_price_options_of_another_experience_are_refused(tasting, make_experience):
    other = make_experience(photos=0)
    with pytest.raises(InvalidQuantities, match="do not belong"):
        _place(_slot(tasting), {_options(other)["Adult"]: 1})


def test_booking_after_the_cut_off_is_refused(tasting):
    soon = Slot.objects.filter(experience=tasting, starts_at__gt=timezone.now()).order_by(
        "starts_at").first()
    with pytest.raises(BookingNotAllowed, match="closed 24 hours"):
        _place(soon, {_options(tasting)["Adult"]: 1}, now=soon.starts_at - timedelta(hours=2))


def test_a_group_price_is_paid_once_for_the_group(make_experience):
    boat = make_experience(photos=0, prices=(PriceLine(
        kind="per_group", label="Boat", price_cents=40000, group_size_min=1,
        group_size_max=8),))
    order = _place(_slot(boat), {_options(boat)["Boat"]: 6})
    booking = order.bookings.get()
    assert (booking.places, booking.price_cents) == (6, 40000)
    with pytest.raises(InvalidQuantities, match="groups of 1 to 8"):
        _place(_slot(boat, 6), {_options(boat)["Boat"]: 9})


def test_lapsed_holds_are_ignored_when_read_and_released_by_the_task(tasting):
    slot = _slot(tasting)
    adult = _options(tasting)["Adult"]
    order = _place(slot, {adult: 6})
    later = timezone.now() + timedelta(minutes=16)
    slot.refresh_from_db()
    assert slot_places_left_by_id(slots=[slot]) == {slot.pk: 0}
    assert slot_places_left_by_id(slots=[slot], now=later) == {slot.pk: 6}
    # another buyer gets the places at once, before the task runs
    _place(slot, {adult: 6}, now=later)
    assert order.bookings.get().status == Booking.Status.EXPIRED
    assert holds_expire(now=later + timedelta(minutes=16)) == 1
    slot.refresh_from_db()
    assert slot.held == 0
    order.refresh_from_db()
    assert order.status == Order.Status.EXPIRED


def test_payment_confirms_instant_bookings_once(tasting):
    slot = _slot(tasting)
    order = _place(slot, {_options(tasting)["Adult"]: 2})
    order_payment_succeeded(order=order)
    order_payment_succeeded(order=order)  # a replay changes nothing
    booking = order.bookings.get()
    assert booking.status == Booking.Status.CONFIRMED
    slot.refresh_from_db()
    assert (slot.held, slot.booked) == (0, 2)
    assert LedgerEntry.objects.filter(booking=booking, kind="sale").count() == 1


def test_on_request_bookings_wait_for_the_supplier(make_experience):
    boat = make_experience(photos=0, booking_mode="request")
    slot = _slot(boat)
    order = _place(slot, {_options(boat)["Adult"]: 2})
    order_payment_succeeded(order=order)
    booking = order.bookings.get()
    assert booking.status == Booking.Status.REQUESTED
    assert booking.respond_by <= timezone.now() + timedelta(hours=48, seconds=5)
    booking_accept(booking=booking)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    with pytest.raises(BookingStateError, match="already been answered"):
        booking_decline(booking=booking)
    slot.refresh_from_db()
    assert (slot.held, slot.booked) == (0, 2)


def test_unanswered_requests_are_declined_after_the_deadline(make_experience):
    boat = make_experience(photos=0, booking_mode="request")
    slot = _slot(boat)
    order = _place(slot, {_options(boat)["Adult"]: 2})
    order_payment_succeeded(order=order)
    booking = order.bookings.get()
    assert requests_expire(now=booking.respond_by - timedelta(minutes=1)) == 0
    with pytest.raises(BookingStateError, match="time to answer"):
        booking_accept(booking=booking, now=booking.respond_by + timedelta(minutes=1))
    assert requests_expire(now=booking.respond_by + timedelta(minutes=1)) == 1
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DECLINED
    assert booking.cancelled_by == Booking.CancelledBy.SYSTEM
    slot.refresh_from_db()
    assert slot.held == 0


@pytest.mark.parametrize(("cancellation", "hours_before", "expected_pct"), [
    ({}, 48, 100),  # standard: free until 24 h before
    ({}, 23, 0),
    ({"cancellation": "custom", "cancellation_hours": 72, "cancellation_refund_pct": 50}, 80, 50),
    ({"cancellation": "custom", "cancellation_hours": 72, "cancellation_refund_pct": 50}, 71, 0),
    ({"cancellation": "non_refundable"}, 500, 0),
])
def test_the_refund_follows_the_policy_and_its_timing(make_experience, cancellation,
                                                      hours_before, expected_pct):
    page = make_experience(photos=0, **cancellation)
    slot = _slot(page, days_ahead=30)
    order = _place(slot, {_options(page)["Adult"]: 3})
    booking = order.bookings.get()
    booking.status = Booking.Status.CONFIRMED
    assert booking_refund_cents(booking=booking,
                                now=slot.starts_at - timedelta(hours=hours_before)) == (
        13500 * expected_pct // 100)


def test_the_supplier_cancelling_refunds_everything(tasting, pay_order):
    slot = _slot(tasting)
    order = _place(slot, {_options(tasting)["Adult"]: 2})
    pay_order(order)
    booking = order.bookings.get()
    refund = booking_cancel(booking=booking, by="supplier", reason="Storm warning",
                            now=slot.starts_at - timedelta(hours=2))
    assert refund == 9000
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.refund_cents == 9000
    slot.refresh_from_db()
    assert slot.booked == 0
    assert sum(LedgerEntry.objects.filter(booking=booking).values_list(
        "amount_cents", flat=True)) == 0
    with pytest.raises(BookingStateError):
        booking_cancel(booking=booking, by="buyer")


def test_a_buyer_cancelling_in_time_gets_the_policy_refund(make_experience, pay_order):
    page = make_experience(photos=0, cancellation="custom", cancellation_hours=72,
                           cancellation_refund_pct=50)
    slot = _slot(page, days_ahead=10)
    order = _place(slot, {_options(page)["Adult"]: 2})
    payment = pay_order(order)
    booking = order.bookings.get()
    assert booking_cancel(booking=booking, by="buyer",
                          now=slot.starts_at - timedelta(hours=100)) == 4500
    payment.refresh_from_db()
    assert payment.refunded_cents == 4500
    entries = dict(LedgerEntry.objects.filter(booking=booking).values_list("kind",
                                                                             "amount_cents"))
    assert entries["sale"] == 9000 and entries["refund"] == -4500


def test_a_buyer_cannot_cancel_after_the_start(tasting):
    slot = _slot(tasting)
    order = _place(slot, {_options(tasting)["Adult"]: 1})
    order_payment_succeeded(order=order)
    with pytest.raises(BookingStateError, match="started"):
        booking_cancel(booking=order.bookings.get(), by="buyer",
                       now=slot.starts_at + timedelta(minutes=5))


def test_completed_after_the_end(tasting):
    slot = _slot(tasting)
    order = _place(slot, {_options(tasting)["Adult"]: 1})
    order_payment_succeeded(order=order)
    assert bookings_complete(now=slot.ends_at - timedelta(minutes=1)) == 0
    assert bookings_complete(now=slot.ends_at) == 1


def test_a_refused_card_keeps_the_holds_while_they_last(tasting):
    from marketplace.bookings.services.orders import order_payment_failed

    slot = _slot(tasting)
    order = _place(slot, {_options(tasting)["Adult"]: 2})
    order_payment_failed(order=order)
    order.refresh_from_db()
    assert order.bookings.get().status == Booking.Status.HELD  # another card may follow
    order_payment_failed(order=order, now=timezone.now() + timedelta(minutes=16))
    order.refresh_from_db()
    assert order.status == Order.Status.EXPIRED
    assert order.bookings.get().status == Booking.Status.EXPIRED
    slot.refresh_from_db()
    assert slot.held == 0
