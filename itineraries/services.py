"""Writes for itineraries: create one with its days, add, move and remove stops, and keep
the travel legs between consecutive stops computed (``geo.route`` at the real departure)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo import LatLng, NoRoute, OutsideAreas, route
from itineraries.models import MAX_DAYS, MAX_PARTY, Itinerary, ItineraryDay, Leg, Stop
from marketplace.catalogue.models.schedules import Slot
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.errors import MarketplaceError


class InvalidItinerary(MarketplaceError):
    """The itinerary, or the change asked of it, cannot be made (a 400 with the reason)."""


@transaction.atomic
def itinerary_create(*, operator, title: str, start_date: date, day_count: int,
                     adults: int = 2, child_ages: list[int] | tuple[int, ...] = (),
                     rooms: int = 1, markup_pct: Decimal = Decimal("0"),
                     client_reference: str = "", created_by=None) -> Itinerary:
    """A draft itinerary of ``day_count`` days from ``start_date`` for the party (adults and
    each child's age), owned by ``operator`` (None: the cluster's curated trip)."""
    title = title.strip()
    errors = []
    if not title:
        errors.append(_("Give the itinerary a title."))
    if not 1 <= day_count <= MAX_DAYS:
        errors.append(_("An itinerary has from 1 to %(max)d days.") % {"max": MAX_DAYS})
    ages = [int(age) for age in child_ages]
    if any(not 0 <= age <= 17 for age in ages):
        errors.append(_("A child's age is from 0 to 17."))
    if not 1 <= adults + len(ages) <= MAX_PARTY or adults < 0:
        errors.append(_("The party has from 1 to %(max)d people.") % {"max": MAX_PARTY})
    if rooms < 1:
        errors.append(_("At least one room."))
    if not Decimal("0") <= Decimal(markup_pct) <= Decimal("300"):
        errors.append(_("The markup is from 0 to 300 %."))
    if errors:
        raise InvalidItinerary(" ".join(errors))
    itinerary = Itinerary.objects.create(
        operator=operator, title=title, start_date=start_date, day_count=day_count,
        adults=adults, child_ages=ages, rooms=rooms, markup_pct=Decimal(markup_pct),
        client_reference=client_reference.strip(), created_by=created_by)
    ItineraryDay.objects.bulk_create(
        ItineraryDay(itinerary=itinerary, number=n) for n in range(1, day_count + 1))
    return itinerary


def itinerary_day_date(itinerary: Itinerary, number: int) -> date:
    """The local date of day ``number`` (1 = the start date)."""
    return itinerary.start_date + timedelta(days=number - 1)


def _day(itinerary: Itinerary, number: int) -> ItineraryDay:
    day = itinerary.days.filter(number=number).first()
    if day is None:
        raise InvalidItinerary(_("This itinerary has no day %(n)d.") % {"n": number})
    return day


def _editable(itinerary: Itinerary) -> None:
    if itinerary.status in (Itinerary.Status.BOOKED, Itinerary.Status.CANCELLED):
        raise InvalidItinerary(_("A booked or cancelled itinerary cannot be changed."))


@transaction.atomic
def stop_add_slot(*, itinerary: Itinerary, day_number: int, slot_id: int) -> Stop:
    """Add an experience's slot (or a lodging's night) to a day: the slot must start on that
    day's date and belong to a live experience; its place, time and title come with it."""
    _editable(itinerary)
    day = _day(itinerary, day_number)
    slot = (Slot.objects.select_related("experience").filter(pk=slot_id,
                                                              experience__live=True).first())
    if slot is None:
        raise InvalidItinerary(_("This date is no longer offered."))
    if timezone.localtime(slot.starts_at, LOCAL_TZ).date() != itinerary_day_date(itinerary,
                                                                                day_number):
        raise InvalidItinerary(_("This slot is not on day %(n)d.") % {"n": day_number})
    experience = slot.experience
    stop = Stop.objects.create(
        day=day, position=_next_position(day),
        kind=Stop.Kind.LODGING if experience.is_lodging else Stop.Kind.EXPERIENCE,
        slot=slot, experience=experience, title=experience.title, starts_at=slot.starts_at,
        ends_at=slot.ends_at, lat=experience.lat, lon=experience.lon,
        place_name=experience.meeting_point or "")
    _positions_by_time(day)
    itinerary_legs_recompute(itinerary)
    return stop


@transaction.atomic
def stop_add_item(*, itinerary: Itinerary, day_number: int, kind: str, title: str,
                  starts_at: datetime, duration_min: int, cost_cents: int | None = None,
                  lat: float | None = None, lon: float | None = None,
                  place_name: str = "", note: str = "") -> Stop:
    """Add a free item (transfer, meal, note) with its own time, optional place and cost."""
    _editable(itinerary)
    if kind not in (Stop.Kind.TRANSFER, Stop.Kind.MEAL, Stop.Kind.NOTE):
        raise InvalidItinerary(_("A free item is a transfer, a meal or a note."))
    if timezone.is_naive(starts_at):
        raise InvalidItinerary(_("Give the time with its time zone."))
    day = _day(itinerary, day_number)
    if timezone.localtime(starts_at, LOCAL_TZ).date() != itinerary_day_date(itinerary,
                                                                            day_number):
        raise InvalidItinerary(_("This time is not on day %(n)d.") % {"n": day_number})
    if not title.strip():
        raise InvalidItinerary(_("Give the item a title."))
    if duration_min < 0 or (cost_cents is not None and cost_cents < 0):
        raise InvalidItinerary(_("Duration and cost cannot be negative."))
    if (lat is None) != (lon is None):
        raise InvalidItinerary(_("Give both latitude and longitude, or neither."))
    stop = Stop.objects.create(
        day=day, position=_next_position(day), kind=kind, title=title.strip(),
        starts_at=starts_at, ends_at=starts_at + timedelta(minutes=duration_min),
        cost_cents=cost_cents, lat=lat, lon=lon, place_name=place_name, note=note)
    itinerary_legs_recompute(itinerary)
    return stop


@transaction.atomic
def stop_move(*, stop: Stop, position: int) -> Stop:
    """Move ``stop`` to ``position`` (0 = first) within its day; the others close up."""
    itinerary = stop.day.itinerary
    _editable(itinerary)
    stops = [s for s in stop.day.stops.order_by("position", "pk") if s.pk != stop.pk]
    stops.insert(max(0, min(position, len(stops))), stop)
    _renumber(stops)
    itinerary_legs_recompute(itinerary)
    return stop


@transaction.atomic
def stop_remove(*, stop: Stop) -> None:
    itinerary = stop.day.itinerary
    _editable(itinerary)
    day = stop.day
    stop.delete()
    _renumber(list(day.stops.order_by("position", "pk")))
    itinerary_legs_recompute(itinerary)


def _next_position(day: ItineraryDay) -> int:
    return day.stops.count()


def _positions_by_time(day: ItineraryDay) -> None:
    """A day's stops in time order (a slot added later than a free item goes after it)."""
    _renumber(sorted(day.stops.all(), key=lambda s: (s.starts_at, s.position, s.pk)))


def _renumber(stops: list[Stop]) -> None:
    """Positions 0, 1, 2... in the order given."""
    for index, item in enumerate(stops):
        item.position = index
    Stop.objects.bulk_update(stops, ["position"])


@transaction.atomic
def itinerary_legs_recompute(itinerary: Itinerary) -> list[Leg]:
    """Keep the itinerary's legs true: from each located stop to the next one (across days),
    leaving when the first ends, by ``geo.route``. Only pairs that changed are routed again (a
    new neighbour, a new time or place); the legs of pairs no longer consecutive go. A pair
    with no route (outside the areas, or no ferry sails in time) gets no leg; the conflicts
    say so. Returns the legs, in order."""
    stops = [s for s in Stop.objects.filter(day__itinerary=itinerary)
             .order_by("day__number", "position", "pk") if s.is_located]
    existing: dict[tuple[int, int], list[Leg]] = {}
    for leg in Leg.objects.filter(itinerary=itinerary).order_by("position"):
        existing.setdefault((leg.from_stop_id, leg.to_stop_id), []).append(leg)
    kept: list[Leg] = []
    new: list[Leg] = []
    for a, b in zip(stops, stops[1:], strict=False):
        if (a.lat, a.lon) == (b.lat, b.lon):
            continue
        legs = existing.pop((a.pk, b.pk), None)
        if legs and _legs_fit(legs, a, b):
            kept += legs
            continue
        if legs:
            existing[(a.pk, b.pk)] = legs  # stale: deleted below
        new += _pair_legs(itinerary, a, b)
    stale = [leg.pk for legs in existing.values() for leg in legs]
    if stale:
        Leg.objects.filter(pk__in=stale).delete()
    Leg.objects.bulk_create(new)
    return sorted(kept + new, key=lambda leg: (leg.depart_at, leg.position))


def _legs_fit(legs: list[Leg], a: Stop, b: Stop) -> bool:
    """Stored legs still describe the way from ``a`` to ``b``: same departure and ends."""
    first, last = legs[0], legs[-1]
    return (first.depart_at == a.ends_at and (first.start_lat, first.start_lon) == (a.lat, a.lon)
            and (last.end_lat, last.end_lon) == (b.lat, b.lon))


def _pair_legs(itinerary: Itinerary, a: Stop, b: Stop) -> list[Leg]:
    try:
        found = route(LatLng(a.lat, a.lon), LatLng(b.lat, b.lon), a.ends_at)
    except (NoRoute, OutsideAreas):
        return []
    return [Leg(
        itinerary=itinerary, from_stop=a, to_stop=b, position=index, kind=leg.kind,
        start_name=leg.start_name[:200], end_name=leg.end_name[:200],
        start_lat=leg.start.lat, start_lon=leg.start.lon, end_lat=leg.end.lat,
        end_lon=leg.end.lon, depart_at=leg.depart_at, wait_min=leg.wait_min,
        duration_min=leg.duration_min, distance_km=leg.distance_km,
        route_id=getattr(leg, "route_id", ""), sails_at=getattr(leg, "sails_at", None),
        overnight=getattr(leg, "overnight", False),
        crossing_id=getattr(leg, "crossing_id", "")) for index, leg in enumerate(found.legs)]
