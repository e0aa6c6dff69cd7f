"""The costing of an itinerary: each stop's net cost for the party, the markup, the gross."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from itineraries.models import Itinerary, Stop
from itineraries.selectors.plan import DayPlan, itinerary_plan
from marketplace.bookings.selectors import BookingRequest, booking_quotes
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.core.choices import PricingKind
from marketplace.core.errors import MarketplaceError
from marketplace.core.money import percent_of_cents


@dataclass(frozen=True)
class StopCost:
    stop_id: int
    net_cents: int
    reason: str = ""  # why a stop could not be priced (no contract, not bookable...)


@dataclass(frozen=True)
class Costing:
    """Net cost, markup and gross of the itinerary, per stop and day, in cents of its
    currency; ``gross_per_person_cents`` is rounded up to the cent so the total is covered."""

    stops: dict[int, StopCost]
    net_by_day: dict[int, int]
    net_cents: int
    markup_cents: int
    gross_cents: int
    gross_per_person_cents: int


def party_quantities(itinerary: Itinerary, options: list[PriceOption]) -> dict[int, int]:
    """Counts per price option for the party, as a buyer fills the booking form: each person
    in the per-person band that holds their age (adults 18); else the group tier that holds
    the party's size (its size); else the rooms of a lodging (per night)."""
    ages = [18] * itinerary.adults + [int(a) for a in itinerary.child_ages]
    by_kind: dict[str, list[PriceOption]] = defaultdict(list)
    for option in options:
        by_kind[option.kind].append(option)
    quantities: dict[int, int] = {}
    if by_kind[PricingKind.PER_PERSON]:
        for age in ages:
            band = next((o for o in by_kind[PricingKind.PER_PERSON]
                         if (o.age_min or 0) <= age <= (o.age_max if o.age_max is not None
                                                        else 120)), None)
            if band is not None:
                quantities[band.pk] = quantities.get(band.pk, 0) + 1
    elif by_kind[PricingKind.PER_GROUP]:
        size = len(ages)
        tier = next((o for o in by_kind[PricingKind.PER_GROUP]
                     if (o.group_size_min or 1) <= size <= (o.group_size_max or size)), None)
        if tier is not None:
            quantities[tier.pk] = size
    elif by_kind[PricingKind.PER_NIGHT]:
        quantities[by_kind[PricingKind.PER_NIGHT][0].pk] = itinerary.rooms
    return quantities


def itinerary_costing(itinerary: Itinerary, *, plan: list[DayPlan] | None = None) -> Costing:
    """Each booked stop priced for the party as the operator would pay it (its contract's
    net rate or commission, by ``booking_quotes``), free items at their cost, then the
    markup on the whole. ``plan``: the itinerary's ``itinerary_plan``, when the caller has it.
    Three queries without an operator, six with one, whatever the number of stops (and the
    plan's three without ``plan``)."""
    stops: dict[int, StopCost] = {}
    plan = plan if plan is not None else itinerary_plan(itinerary)
    net_by_day = {day.number: 0 for day in plan}
    quotes = _slot_costs(itinerary, [stop for day in plan for stop in day.stops
                                     if stop.slot_id is not None])
    for day in plan:
        for stop in day.stops:
            cost = quotes[stop.pk] if stop.pk in quotes else StopCost(stop.pk,
                                                                      stop.cost_cents or 0)
            stops[stop.pk] = cost
            net_by_day[day.number] += cost.net_cents
    net = sum(net_by_day.values())
    markup = percent_of_cents(amount_cents=net, pct=Decimal(itinerary.markup_pct))
    gross = net + markup
    people = max(1, itinerary.party_size)
    return Costing(stops=stops, net_by_day=net_by_day, net_cents=net,
                   markup_cents=markup, gross_cents=gross,
                   gross_per_person_cents=-(-gross // people))


def _slot_costs(itinerary: Itinerary, booked: list[Stop]) -> dict[int, StopCost]:
    """The stops with a slot priced for the party, all at once: their experiences' price
    options in one query, then ``booking_quotes``."""
    options: dict[int, list[PriceOption]] = defaultdict(list)
    experience_ids = {stop.experience_id for stop in booked if stop.experience_id}
    if experience_ids:
        for option in PriceOption.objects.filter(page_id__in=experience_ids):
            options[option.page_id].append(option)
    requests = [BookingRequest(slot_id=stop.slot_id,
                               quantities=party_quantities(itinerary,
                                                           options[stop.experience_id]))
                for stop in booked]
    quotes = booking_quotes(requests=requests, operator=itinerary.operator)
    return {stop.pk: (StopCost(stop.pk, 0, str(quote.message))
                      if isinstance(quote, MarketplaceError)
                      else StopCost(stop.pk, quote.price_cents))
            for stop, quote in zip(booked, quotes, strict=True)}
