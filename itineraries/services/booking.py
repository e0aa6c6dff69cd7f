"""Booking an itinerary as a whole: one order of the marketplace with a booking per experience
stop and per night of lodging, held all or nothing, paid by card at the checkout or on the
operator's account.

The marketplace does the holding (``order_place``: places taken under locks) and the paying
(``order_on_account_pay``); this module turns the plan into booking requests, says which stops
cannot be booked and what could replace them, and links the order to the itinerary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from itineraries.models import Itinerary, Stop
from itineraries.selectors.costing import party_quantities
from itineraries.selectors.plan import itinerary_plan
from itineraries.selectors.substitutes import Substitute, stop_substitutes
from itineraries.services.itineraries import InvalidItinerary
from marketplace.bookings.models import Order
from marketplace.bookings.selectors import BookingRequest, booking_quote
from marketplace.bookings.services.orders import order_place
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.selectors.slots import slot_places_left_by_id
from marketplace.core.errors import MarketplaceError, OperatorPermissionDenied
from marketplace.operators.models import OperatorMember
from marketplace.payments.services.settlement import order_on_account_pay

PAYMENT_MODES = ("card", "account")
BOOKABLE = (Itinerary.Status.DRAFT, Itinerary.Status.PROPOSED, Itinerary.Status.ACCEPTED)
# An order that will never be paid: its itinerary may be booked again.
ORDER_LAPSED = (Order.Status.EXPIRED, Order.Status.CANCELLED)
BOOKED_KINDS = (Stop.Kind.EXPERIENCE, Stop.Kind.LODGING)


@dataclass(frozen=True)
class StopFailure:
    """A stop that cannot be booked, why, and up to five slots that could replace it."""

    stop: Stop
    reason: str
    substitutes: list[Substitute] = field(default_factory=list)


@dataclass(frozen=True)
class ItineraryBooking:
    """What booking an itinerary did: ``order`` (held and awaiting the card, or paid on
    account) when every stop could be booked; else no order, nothing held, and ``failures``
    lists each stop that cannot be, in the plan's order."""

    itinerary: Itinerary
    order: Order | None
    failures: list[StopFailure] = field(default_factory=list)

    @property
    def booked(self) -> bool:
        return self.order is not None


def itinerary_book(*, itinerary: Itinerary, user, payment: str,
                   now: datetime | None = None) -> ItineraryBooking:
    """Book every experience stop and night of lodging of an operator's itinerary in one
    order, priced by the operator's contracts, for the party (``party_quantities``; rooms for
    a night), all or nothing. ``user`` must be a member of the itinerary's operator; the
    order's buyer is the operator (its email gets the vouchers), placed by ``user``.

    ``payment="card"``: the bookings are held and the order awaits the card at the checkout.
    ``payment="account"``: the order is paid on the operator's account at once
    (``order_on_account_pay``, which the operator's contract with every supplier involved must
    allow). Either way the itinerary is ``booked`` with its ``order``.

    If a stop cannot be held (full for the party, past its cut-off, no longer offered, no
    contract), nothing is written and the result's ``failures`` name each such stop with its
    reason and substitutes. Raises InvalidItinerary for an itinerary that cannot be booked
    (not an operator's, no stop to book, already booked, cancelled) or an unknown payment,
    OperatorPermissionDenied for a user who does not act for its operator."""
    now = now or timezone.now()
    if payment not in PAYMENT_MODES:
        raise InvalidItinerary(_("Pay by card or on account."), field="payment")
    with transaction.atomic():
        itinerary = (Itinerary.objects.select_for_update(of=("self",))
                     .select_related("operator", "order").get(pk=itinerary.pk))
        _bookable_check(itinerary, user)
        stops = [stop for day in itinerary_plan(itinerary) for stop in day.stops
                 if stop.kind in BOOKED_KINDS]
        if not stops:
            raise InvalidItinerary(_("This itinerary has no experience or lodging to book."))
        requests, failures = _requests(itinerary, stops, now)
        if failures:
            return ItineraryBooking(itinerary=itinerary, order=None,
                                    failures=_with_substitutes(itinerary, failures, now))
        operator = itinerary.operator
        try:
            with transaction.atomic():
                order = order_place(
                    email=operator.email, name=operator.name, phone=operator.phone,
                    language=operator.language, user=user, operator=operator,
                    requests=requests, now=now)
        except MarketplaceError:
            # Taken by someone else between the check and the locks: say which stops.
            failures = _requests(itinerary, stops, now)[1]
            if not failures:
                raise
            return ItineraryBooking(itinerary=itinerary, order=None,
                                    failures=_with_substitutes(itinerary, failures, now))
        if payment == "account":
            order = order_on_account_pay(order=order, now=now)
        itinerary.order, itinerary.status = order, Itinerary.Status.BOOKED
        itinerary.save(update_fields=["order", "status", "updated_at"])
    return ItineraryBooking(itinerary=itinerary, order=order)


def _bookable_check(itinerary: Itinerary, user) -> None:
    if itinerary.operator_id is None:
        raise InvalidItinerary(_("Only a tour operator's itinerary can be booked as a whole."))
    if (user is None or not user.is_authenticated or not OperatorMember.objects.filter(
            operator_id=itinerary.operator_id, user=user).exists()):
        raise OperatorPermissionDenied(_("Only members of %(operator)s can book this itinerary.")
                                       % {"operator": itinerary.operator.name})
    if itinerary.status == Itinerary.Status.BOOKED:
        if itinerary.order is None or itinerary.order.status not in ORDER_LAPSED:
            raise InvalidItinerary(
                _("This itinerary is already booked (order %(reference)s).")
                % {"reference": itinerary.order.reference if itinerary.order else "—"})
    elif itinerary.status not in BOOKABLE:
        raise InvalidItinerary(_("A %(status)s itinerary cannot be booked.")
                               % {"status": itinerary.get_status_display().lower()})


def _requests(itinerary: Itinerary, stops: list[Stop],
              now: datetime) -> tuple[list[BookingRequest], list[tuple[Stop, str]]]:
    """The booking request of each stop, priced as ``order_place`` will price it
    (``booking_quote``), and the stops that cannot be booked with the reason: not offered,
    not bookable, no contract, or fewer places left than the party needs."""
    options: dict[int, list[PriceOption]] = {}
    for option in PriceOption.objects.filter(
            page_id__in={stop.slot.experience_id for stop in stops if stop.slot_id}):
        options.setdefault(option.page_id, []).append(option)
    requests, failures, quotes = [], [], []
    note = _itinerary_note(itinerary)
    for stop in stops:
        if stop.slot_id is None:
            failures.append((stop, _("This date is no longer offered.")))
            continue
        quantities = party_quantities(itinerary, options.get(stop.slot.experience_id, []))
        try:
            quote = booking_quote(slot_id=stop.slot_id, quantities=quantities,
                                  operator=itinerary.operator, now=now)
        except MarketplaceError as exc:
            failures.append((stop, str(exc.message)))
            continue
        quotes.append((stop, quote))
        requests.append(BookingRequest(slot_id=stop.slot_id, quantities=quantities, note=note))
    left = slot_places_left_by_id(slots=[quote.slot for _stop, quote in quotes], now=now)
    wanted: dict[int, int] = {}
    for _stop, quote in quotes:
        wanted[quote.slot.pk] = wanted.get(quote.slot.pk, 0) + quote.places
    for stop, quote in quotes:
        places = left.get(quote.slot.pk, 0)
        if places < wanted[quote.slot.pk]:
            failures.append((stop, _full_reason(places, wanted[quote.slot.pk])))
    order = {stop.pk: n for n, stop in enumerate(stops)}
    return requests, sorted(failures, key=lambda failure: order[failure[0].pk])


def _full_reason(left: int, wanted: int) -> str:
    if left <= 0:
        return _("Sold out.")
    return ngettext("Only %(n)d place left; the party needs %(wanted)d.",
                    "Only %(n)d places left; the party needs %(wanted)d.", left) % {
        "n": left, "wanted": wanted}


def _with_substitutes(itinerary: Itinerary, failures: list[tuple[Stop, str]],
                      now: datetime) -> list[StopFailure]:
    return [StopFailure(stop=stop, reason=reason,
                        substitutes=stop_substitutes(itinerary=itinerary, stop=stop, now=now))
            for stop, reason in failures]


def _itinerary_note(itinerary: Itinerary) -> str:
    """What each supplier reads about the booking: the itinerary and the party."""
    party = ngettext("%(n)d adult", "%(n)d adults", itinerary.adults) % {"n": itinerary.adults}
    if itinerary.child_ages:
        party += ", " + _("children aged %(ages)s") % {
            "ages": ", ".join(str(age) for age in itinerary.child_ages)}
    reference = f" ({itinerary.client_reference})" if itinerary.client_reference else ""
    return _("Itinerary “%(title)s”%(reference)s: %(party)s.") % {
        "title": itinerary.title, "reference": reference, "party": party}
