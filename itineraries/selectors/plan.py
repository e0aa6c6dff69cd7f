"""The plan of an itinerary: its days in order, with their stops and the legs between."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from itineraries.models import Itinerary, Leg, Stop


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


def itinerary_stops(itinerary: Itinerary) -> list[Stop]:
    """All the stops of the itinerary in order: by day, then position. One query."""
    return list(Stop.objects.filter(day__itinerary=itinerary)
                .order_by("day__number", "position", "pk"))
