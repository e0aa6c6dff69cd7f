"""The travel legs between consecutive stops, computed by ``geo.route`` at the real
departure and stored."""

from __future__ import annotations

from django.db import transaction

from geo import LatLng, NoRoute, OutsideAreas, route
from itineraries.models import Itinerary, Leg, Stop
from itineraries.selectors.plan import itinerary_stops


@transaction.atomic
def itinerary_legs_recompute(itinerary: Itinerary, *,
                             stops: list[Stop] | None = None) -> list[Leg]:
    """Keep the itinerary's legs true: from each located stop to the next one (across days),
    leaving when the first ends, by ``geo.route``. Only pairs that changed are routed again (a
    new neighbour, a new time or place); the legs of pairs no longer consecutive go. A pair
    with no route (outside the areas, or no ferry sails in time) gets no leg; the conflicts
    say so. ``stops``: all the itinerary's stops as saved, in order (day, position), when the
    caller has just read them (``itinerary_stops``). Returns the legs, in order."""
    if stops is None:
        stops = itinerary_stops(itinerary)
    stops = [s for s in stops if s.is_located]
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
        start_name=_named(leg.start_name, a)[:200], end_name=_named(leg.end_name, b)[:200],
        start_lat=leg.start.lat, start_lon=leg.start.lon, end_lat=leg.end.lat,
        end_lon=leg.end.lon, depart_at=leg.depart_at, wait_min=leg.wait_min,
        duration_min=leg.duration_min, distance_km=leg.distance_km,
        route_id=getattr(leg, "route_id", ""), sails_at=getattr(leg, "sails_at", None),
        overnight=getattr(leg, "overnight", False),
        crossing_id=getattr(leg, "crossing_id", "")) for index, leg in enumerate(found.legs)]



def _named(name: str, stop: Stop) -> str:
    """geo calls a route's two ends "origin" and "destination": name them by the stop."""
    if name in ("origin", "destination"):
        return stop.place_name or stop.title
    return name
