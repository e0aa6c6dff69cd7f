"""Writes of an itinerary's stops: add an experience's slot or a free item, move, remove;
each recomputes the legs."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itineraries.models import Itinerary, ItineraryDay, Stop
from itineraries.selectors.plan import itinerary_stops
from itineraries.services.itineraries import (
    InvalidItinerary,
    day_get,
    editable_check,
    itinerary_day_date,
)
from itineraries.services.legs import itinerary_legs_recompute
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.slots import slot_places_left_by_id
from marketplace.core.dates import LOCAL_TZ


@transaction.atomic
def stop_add_slot(*, itinerary: Itinerary, day_number: int, slot_id: int) -> Stop:
    """Add an experience's slot (or a lodging's night) to a day: the slot must start on that
    day's date and belong to a live experience; its place, time and title come with it."""
    editable_check(itinerary)
    day = day_get(itinerary, day_number)
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
    editable_check(itinerary)
    if kind not in (Stop.Kind.TRANSFER, Stop.Kind.MEAL, Stop.Kind.NOTE):
        raise InvalidItinerary(_("A free item is a transfer, a meal or a note."))
    if timezone.is_naive(starts_at):
        raise InvalidItinerary(_("Give the time with its time zone."))
    day = day_get(itinerary, day_number)
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
    _positions_by_time(day)
    itinerary_legs_recompute(itinerary)
    return stop


@transaction.atomic
def stop_move(*, stop: Stop, position: int, day_number: int | None = None) -> Stop:
    """Move ``stop`` to ``position`` (0 = first) of its day, or to day ``day_number``; the
    others close up. To another day, an experience takes its slot at the same local time on
    that day's date (else the one nearest to it with room for the party; none: refused), a
    free item keeps its time of day, and the stop goes in that day's time order."""
    itinerary = stop.day.itinerary
    editable_check(itinerary)
    if day_number is not None and day_number != stop.day.number:
        source = stop.day
        target = day_get(itinerary, day_number)
        _stop_to_day(itinerary, stop, target)  # on another day it takes its place by time
        _renumber([s for s in source.stops.order_by("position", "pk") if s.pk != stop.pk])
        _positions_by_time(target)
        itinerary_legs_recompute(itinerary)
        return stop
    stops = itinerary_stops(itinerary)  # read once: the day's order, then the legs
    day = [s for s in stops if s.day_id == stop.day_id and s.pk != stop.pk]
    moved = next((s for s in stops if s.pk == stop.pk), stop)
    day.insert(max(0, min(position, len(day))), moved)
    _renumber(day)
    stop.position = moved.position
    itinerary_legs_recompute(itinerary, stops=_day_replaced(stops, stop.day_id, day))
    return stop


def _stop_to_day(itinerary: Itinerary, stop: Stop, target: ItineraryDay) -> None:
    delta = timedelta(days=target.number - stop.day.number)
    if stop.slot_id is None:
        stop.starts_at += delta
        stop.ends_at += delta
    else:
        wanted = stop.starts_at + delta
        candidates = list(Slot.objects.filter(
            experience_id=stop.experience_id,
            starts_at__date=itinerary_day_date(itinerary, target.number)))
        places = slot_places_left_by_id(slots=candidates)
        fitting = [slot for slot in candidates
                   if places.get(slot.pk, 0) >= itinerary.party_size]
        if not fitting:
            raise InvalidItinerary(_(
                "%(title)s has no date with room for %(n)d on day %(day)d.")
                % {"title": stop.title, "n": itinerary.party_size, "day": target.number})
        slot = min(fitting, key=lambda slot: abs(slot.starts_at - wanted))
        stop.slot, stop.starts_at, stop.ends_at = slot, slot.starts_at, slot.ends_at
    stop.day = target
    stop.save(update_fields=["day", "slot", "starts_at", "ends_at"])


@transaction.atomic
def stop_remove(*, stop: Stop) -> None:
    itinerary = stop.day.itinerary
    editable_check(itinerary)
    day_id = stop.day_id
    stop.delete()
    stops = itinerary_stops(itinerary)  # read once: the day's order, then the legs
    _renumber([s for s in stops if s.day_id == day_id])
    itinerary_legs_recompute(itinerary, stops=stops)


def _day_replaced(stops: list[Stop], day_id: int, day: list[Stop]) -> list[Stop]:
    """The itinerary's ``stops`` (in order, a day's stops together) with the stops of day
    ``day_id`` replaced by ``day``, in its order."""
    first = next((i for i, s in enumerate(stops) if s.day_id == day_id), len(stops))
    others = [s for s in stops if s.day_id != day_id]
    return others[:first] + day + others[first:]


@transaction.atomic
def stop_replace(*, stop: Stop, slot_id: int) -> Stop:
    """Put another slot (a substitute) in place of ``stop``, on the same day."""
    itinerary = stop.day.itinerary
    new = stop_add_slot(itinerary=itinerary, day_number=stop.day.number, slot_id=slot_id)
    stop_remove(stop=stop)
    return new


def _next_position(day: ItineraryDay) -> int:
    return day.stops.count()


def _positions_by_time(day: ItineraryDay) -> None:
    """A day's stops in time order (a slot added later than a free item goes after it)."""
    _renumber(sorted(day.stops.all(), key=lambda s: (s.starts_at, s.position, s.pk)))


def _renumber(stops: list[Stop]) -> None:
    """Positions 0, 1, 2... in the order given (only the stops whose position changes are
    written)."""
    changed = [item for index, item in enumerate(stops) if item.position != index]
    for index, item in enumerate(stops):
        item.position = index
    Stop.objects.bulk_update(changed, ["position"])
