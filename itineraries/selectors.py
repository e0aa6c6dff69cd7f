"""Reads of an itinerary: its plan (days, stops, legs), its costing and its conflicts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from itineraries.models import Itinerary, Leg, Stop
from marketplace.bookings.selectors import booking_quote
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.slots import slots_with_places_left
from marketplace.core.choices import PricingKind
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.errors import MarketplaceError
from marketplace.core.money import percent_of_cents

DRIVING_LIMIT_MIN = 6 * 60  # a day's driving (road legs, waits excluded), as coaches plan it
MIN_CHANGE_MIN = 10  # the least time between a stop's end and the next leg's departure


# SECTION: the plan


@dataclass
class DayPlan:
    number: int
    date: object
    stops: list[Stop] = field(default_factory=list)
    legs_after: dict[int, list[Leg]] = field(default_factory=dict)  # stop id -> legs leaving it


def itinerary_plan(itinerary: Itinerary) -> list[DayPlan]:
    """The days in order, each with its stops in order and the legs that leave each stop,
    in three queries whatever the number of stops."""
    days = {day.number: DayPlan(number=day.number,
                                date=itinerary.start_date + timedelta(days=day.number - 1))
            for day in itinerary.days.all()}
    stops = (Stop.objects.filter(day__itinerary=itinerary).select_related("day", "slot")
             .order_by("day__number", "position", "pk"))
    for stop in stops:
        days[stop.day.number].stops.append(stop)
    by_stop: dict[int, list[Leg]] = defaultdict(list)
    for leg in Leg.objects.filter(itinerary=itinerary).order_by("from_stop_id", "position"):
        by_stop[leg.from_stop_id].append(leg)
    for plan in days.values():
        plan.legs_after = {s.pk: by_stop.get(s.pk, []) for s in plan.stops}
    return [days[n] for n in sorted(days)]


# SECTION: costing


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
    net rate or commission, through ``booking_quote``), free items at their cost, then the
    markup on the whole. ``plan``: the itinerary's ``itinerary_plan``, when the caller has it."""
    stops: dict[int, StopCost] = {}
    plan = plan if plan is not None else itinerary_plan(itinerary)
    net_by_day = {day.number: 0 for day in plan}
    for day in plan:
        for stop in day.stops:
            cost = _stop_cost(itinerary, stop)
            stops[stop.pk] = cost
            net_by_day[day.number] += cost.net_cents
    net = sum(net_by_day.values())
    markup = percent_of_cents(amount_cents=net, pct=Decimal(itinerary.markup_pct))
    gross = net + markup
    people = max(1, itinerary.party_size)
    return Costing(stops=stops, net_by_day=net_by_day, net_cents=net,
                   markup_cents=markup, gross_cents=gross,
                   gross_per_person_cents=-(-gross // people))


def _stop_cost(itinerary: Itinerary, stop: Stop) -> StopCost:
    if stop.slot_id is None:
        return StopCost(stop.pk, stop.cost_cents or 0)
    options = list(PriceOption.objects.filter(page_id=stop.experience_id))
    try:
        quote = booking_quote(slot_id=stop.slot_id,
                              quantities=party_quantities(itinerary, options),
                              operator=itinerary.operator)
    except MarketplaceError as exc:
        return StopCost(stop.pk, 0, str(exc.message))
    return StopCost(stop.pk, quote.price_cents)


# SECTION: conflicts


@dataclass(frozen=True)
class Conflict:
    """Something of the itinerary that does not work, said in words; ``stop_id`` is the stop
    it concerns (None: the whole day), ``day`` the day's number."""

    day: int
    stop_id: int | None
    code: str
    message: str


def itinerary_conflicts(itinerary: Itinerary, *, now=None,
                        plan: list[DayPlan] | None = None) -> list[Conflict]:
    """Slot full for the party, overlapping stops, too little time to travel to the next
    stop, cut-off passed, a ferry that does not sail in time, more than a day's driving, a
    night without a lodging."""
    now = now or timezone.now()
    plan = plan if plan is not None else itinerary_plan(itinerary)
    conflicts: list[Conflict] = []
    slot_ids = [s.slot_id for d in plan for s in d.stops if s.slot_id]
    places = dict(slots_with_places_left(Slot.objects.filter(pk__in=slot_ids), now=now)
                  .values_list("pk", "places_left"))
    ordered = [(d.number, s) for d in plan for s in d.stops]
    legs_after = {k: v for d in plan for k, v in d.legs_after.items()}
    for number, stop in ordered:
        if stop.slot_id:
            left = places.get(stop.slot_id, 0)
            if left < itinerary.party_size:
                conflicts.append(Conflict(number, stop.pk, "full", _(
                    "%(title)s has %(left)d places left on this date; the party is %(n)d.")
                    % {"title": stop.title, "left": left, "n": itinerary.party_size}))
            cutoff = stop.experience.cutoff_hours if stop.experience_id else 0
            if stop.starts_at - timedelta(hours=cutoff) <= now:
                conflicts.append(Conflict(number, stop.pk, "cutoff", _(
                    "%(title)s can no longer be booked for this date (booking closes "
                    "%(hours)d hours before).") % {"title": stop.title, "hours": cutoff}))
    for (number, a), (_n, b) in zip(ordered, ordered[1:], strict=False):
        if a.kind == Stop.Kind.LODGING or b.kind == Stop.Kind.NOTE:
            continue
        if b.starts_at < a.ends_at and a.day_id == b.day_id:
            conflicts.append(Conflict(number, b.pk, "overlap", _(
                "%(b)s starts at %(start)s, before %(a)s ends at %(end)s.") % {
                "a": a.title, "b": b.title, "start": _clock(b.starts_at),
                "end": _clock(a.ends_at)}))
            continue
        legs = legs_after.get(a.pk, [])
        if a.is_located and b.is_located and (a.lat, a.lon) != (b.lat, b.lon):
            if not legs:
                conflicts.append(Conflict(number, b.pk, "no-route", _(
                    "No way to reach %(b)s from %(a)s in time: no ferry sails before "
                    "it starts.") % {"a": a.title, "b": b.title}))
                continue
            arrive = max(leg.depart_at + timedelta(minutes=leg.total_min) for leg in legs)
            if arrive > b.starts_at:
                ferries = [leg for leg in legs if leg.kind == Leg.Kind.FERRY]
                detail = (_(" (the ferry sails at %(at)s)") % {"at": _clock(ferries[0].sails_at)}
                          if ferries and ferries[0].sails_at else "")
                conflicts.append(Conflict(number, b.pk, "travel", _(
                    "Too little time to travel from %(a)s to %(b)s: arriving at %(arrive)s, "
                    "it starts at %(start)s%(detail)s.") % {
                    "a": a.title, "b": b.title, "arrive": _clock(arrive),
                    "start": _clock(b.starts_at), "detail": detail}))
    for day in plan:
        driving = sum(leg.duration_min for legs in day.legs_after.values() for leg in legs
                      if leg.kind == Leg.Kind.ROAD)
        if driving > DRIVING_LIMIT_MIN:
            conflicts.append(Conflict(day.number, None, "driving", _(
                "Day %(n)d has %(h)s hours of driving, more than %(limit)d.") % {
                "n": day.number, "h": f"{driving / 60:.1f}",
                "limit": DRIVING_LIMIT_MIN // 60}))
        if day.number < itinerary.day_count and day.stops and not any(
                s.kind == Stop.Kind.LODGING for s in day.stops) and not _sails_overnight(day):
            conflicts.append(Conflict(day.number, None, "no-lodging", _(
                "The night after day %(n)d has no lodging.") % {"n": day.number}))
    return conflicts


def _sails_overnight(day: DayPlan) -> bool:
    return any(leg.kind == Leg.Kind.FERRY and leg.overnight
               for legs in day.legs_after.values() for leg in legs)


def _clock(moment) -> str:
    return timezone.localtime(moment, LOCAL_TZ).strftime("%H:%M")
