"""One-day bundles of two to four experiences of two suppliers: which dates they fit on.

A bundle's date is bookable when every part has a slot that day with room for the party, the
slots follow each other with the travel between the parts (and a short buffer), and the
scarcest part decides how many places the bundle has. Places left come only from
``slots_with_places_left``; the rows are read once, then the fitting runs on plain objects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import permutations

from django.utils import timezone

from geo import LatLng, OutsideAreas, travel_time_matrix_min
from marketplace.catalogue.models.pages import ExperiencePage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.slots import slots_with_places_left
from marketplace.core.dates import LOCAL_TZ

BUFFER_MIN = 15  # between the end of one part and the departure to the next
TYPICAL_PARTY = 2  # a couple: the group a bundle is sized for, unless a part wants more
HORIZON_DAYS = 60

EXPERIENCE_FIELDS = ("pk", "title", "path", "sector_id", "lat", "lon", "languages",
                     "group_min", "group_max", "duration_min", "season_start_month",
                     "season_end_month")


@dataclass(frozen=True, slots=True)
class BundlePart:
    """One experience as the bundles see it (from one row of ``ExperiencePage``)."""

    experience_id: int
    title: str
    provider_path: str
    sector_id: int | None
    lat: float | None
    lon: float | None
    languages: frozenset[str]
    group_min: int
    group_max: int
    duration_min: int
    months: frozenset[int]

    @classmethod
    def from_row(cls, row: dict) -> BundlePart:
        start, end = row["season_start_month"], row["season_end_month"]
        months = (range(start, end + 1) if start <= end
                  else [*range(start, 13), *range(1, end + 1)])
        return cls(experience_id=row["pk"], title=row["title"],
                   provider_path=row["path"][:-ExperiencePage.steplen],
                   sector_id=row["sector_id"], lat=row["lat"], lon=row["lon"],
                   languages=language_codes(row["languages"]), group_min=row["group_min"],
                   group_max=row["group_max"], duration_min=row["duration_min"],
                   months=frozenset(months))


@dataclass(frozen=True, slots=True)
class SlotRow:
    slot_id: int
    experience_id: int
    starts_at: datetime
    ends_at: datetime
    places_left: int


@dataclass(frozen=True, slots=True)
class BundleStop:
    """One part of a bundle on a date: its slot and the places left on it."""

    experience_id: int
    title: str
    slot_id: int
    starts_at: datetime
    ends_at: datetime
    places_left: int


@dataclass(frozen=True, slots=True)
class BundleDate:
    """A bookable date of a bundle: its stops in time order; ``places`` is the scarcest
    part's places left (the most the bundle can sell that day)."""

    day: date
    stops: tuple[BundleStop, ...]

    @property
    def places(self) -> int:
        return min(stop.places_left for stop in self.stops)

    @property
    def slot_ids(self) -> tuple[int, ...]:
        return tuple(stop.slot_id for stop in self.stops)


@dataclass(frozen=True, slots=True)
class Bundle:
    """Two to four experiences of the supplier and its partner, sized for ``party`` people,
    with their bookable dates in the horizon (earliest first)."""

    parts: tuple[BundlePart, ...]
    party: int
    dates: tuple[BundleDate, ...]

    @property
    def experience_ids(self) -> tuple[int, ...]:
        return tuple(part.experience_id for part in self.parts)


def language_codes(text: str) -> frozenset[str]:
    return frozenset(code.strip().lower() for code in (text or "").split(",") if code.strip())


def bundle_party(parts: Sequence[BundlePart]) -> int | None:
    """The group the parts are sized for together: a couple, or the largest minimum; None
    when no group size suits every part."""
    party = max(TYPICAL_PARTY, *(part.group_min for part in parts))
    if party > min(part.group_max for part in parts):
        party = max(part.group_min for part in parts)
    return party if party <= min(part.group_max for part in parts) else None


# SECTION: reading the rows a computation needs


def experience_parts(queryset) -> list[BundlePart]:
    """The live, non-lodging experiences of ``queryset`` as parts (one query)."""
    rows = queryset.live().filter(is_lodging=False).order_by("pk").values(*EXPERIENCE_FIELDS)
    return [BundlePart.from_row(row) for row in rows]


def slot_rows(*, experience_ids: Iterable[int], first_day: date, last_day: date
              ) -> dict[int, dict[date, list[SlotRow]]]:
    """The slots of these experiences starting from ``first_day`` to ``last_day`` (local,
    inclusive) and not yet started, with their places left, by experience then local date
    (one query)."""
    start = datetime.combine(first_day, datetime.min.time(), LOCAL_TZ)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), LOCAL_TZ)
    slots = Slot.objects.filter(experience_id__in=list(experience_ids),
                                starts_at__gte=max(start, timezone.now()), starts_at__lt=end)
    rows = slots_with_places_left(slots.order_by("starts_at")).values_list(
        "pk", "experience_id", "starts_at", "ends_at", "places_left")
    found: dict[int, dict[date, list[SlotRow]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        slot = SlotRow(*row)
        found[slot.experience_id][timezone.localtime(slot.starts_at, LOCAL_TZ).date()].append(
            slot)
    return found


def part_travel_min(parts: Sequence[BundlePart]) -> Callable[[int, int], float]:
    """Minutes from one part's meeting point to another's (timeless road, ferry and border
    times of ``geo``), as a function of two experience ids. Parts without a point, or beyond
    the areas, are reached in no time: the bundle then trusts the suppliers."""
    located = [part for part in parts if part.lat is not None and part.lon is not None]
    index = {part.experience_id: i for i, part in enumerate(located)}
    try:
        matrix = (travel_time_matrix_min([LatLng(p.lat, p.lon) for p in located])
                  if located else None)
    except OutsideAreas:
        matrix = None

    def travel(a: int, b: int) -> float:
        if matrix is None or a not in index or b not in index:
            return 0.0
        return float(matrix[index[a], index[b]])

    return travel


# SECTION: fitting the parts in one day


def bundle_dates(*, parts: Sequence[BundlePart], party: int,
                 slots: dict[int, dict[date, list[SlotRow]]],
                 travel: Callable[[int, int], float]) -> list[BundleDate]:
    """The dates on which the parts fit (earliest first), each with the best stops: in any
    order, each slot with room for ``party``, each starting after the previous one ends plus
    the travel and ``BUFFER_MIN``; among the fits, the one whose scarcest part has the most
    places, then the earliest start."""
    days = set.intersection(*(set(slots.get(p.experience_id, {})) for p in parts))
    found = []
    for day in sorted(days):
        best = _best_fit(parts, {p.experience_id: slots[p.experience_id][day] for p in parts},
                         party, travel)
        if best is not None:
            found.append(BundleDate(day=day, stops=best))
    return found


def _best_fit(parts, slots_of, party, travel) -> tuple[BundleStop, ...] | None:
    best, best_key = None, None
    for order in permutations(parts):
        fit = _fit(order, slots_of, party, travel)
        if fit is None:
            continue
        key = (-min(s.places_left for s in fit), fit[0].starts_at)
        if best_key is None or key < best_key:
            best, best_key = fit, key
    return best


def _fit(order, slots_of, party, travel, ready_at=None) -> tuple[BundleStop, ...] | None:
    """The stops for ``order`` from ``ready_at`` on whose scarcest part has the most places
    (depth first: two to four parts of a few slots each)."""
    part, rest = order[0], order[1:]
    best, best_places = None, -1
    for slot in slots_of[part.experience_id]:
        if slot.places_left < party or (ready_at is not None and slot.starts_at < ready_at):
            continue
        stop = BundleStop(experience_id=part.experience_id, title=part.title,
                          slot_id=slot.slot_id, starts_at=slot.starts_at, ends_at=slot.ends_at,
                          places_left=slot.places_left)
        if rest:
            gap = timedelta(minutes=travel(part.experience_id, rest[0].experience_id)
                            + BUFFER_MIN)
            tail = _fit(rest, slots_of, party, travel, slot.ends_at + gap)
            if tail is None:
                continue
            stops = (stop, *tail)
        else:
            stops = (stop,)
        places = min(s.places_left for s in stops)
        if places > best_places:
            best, best_places = stops, places
    return best


def bundle_on_day(*, experience_ids: Sequence[int], day: date,
                  locale_id: int) -> tuple[Bundle | None, list[BundlePart]]:
    """The bundle of these experiences (live, of the locale ``locale_id``) on ``day`` with
    fresh places left: a ``Bundle`` with that one date when it fits, else None; and the parts
    found (fewer than asked when some are not live or not of the locale)."""
    parts = experience_parts(ExperiencePage.objects.filter(pk__in=list(experience_ids),
                                                           locale_id=locale_id))
    party = bundle_party(parts) if parts else None
    if party is None or len(parts) != len(set(experience_ids)):
        return None, parts
    slots = slot_rows(experience_ids=[p.experience_id for p in parts], first_day=day,
                      last_day=day)
    dates = bundle_dates(parts=parts, party=party, slots=slots, travel=part_travel_min(parts))
    return (Bundle(parts=tuple(parts), party=party, dates=tuple(dates)) if dates else None), parts
