"""Ferries of `ferries.csv` as scheduled, directed routes with seasons and departure times.

The CSV gives a typical duration, a season and weekly departures, not timetables. We derive a
timetable in Europe/Rome local time (Italy, Albania and Montenegro share CET/CEST):

* f >= 7 departures a week: round(f / 7) a day, evenly spread over 24 h from the first hour;
  f < 7: one departure at the first hour on f weekdays evenly spread from the first weekday.
* The first hour and weekday of each direction are in `SCHEDULE_HINTS`, taken from the `notes`
  column where it gives them, else assumed (marked "assumed").
* Missing durations are estimated from the mean speed of the routes of the same type; the one
  missing frequency (Manfredonia) is assumed daily like the other Gargano ports.
* `season_months` is parsed to months of service; `unconfirmed` routes are left out by default.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from geo.distance import haversine_km
from geo.types import LatLng

TIMETABLE_TZ = ZoneInfo("Europe/Rome")
ALL_MONTHS = frozenset(range(1, 13))
SUMMER_MONTHS = frozenset(range(6, 10))  # June-September when a summer route gives no months
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_RANGE = re.compile(_MONTH + r"\s*-\s*(?:early |mid |late )?" + _MONTH)
SLEEP_CORE = (time(1, 0), time(5, 0))  # on board over this local span = an overnight crossing
DEFAULT_FREQUENCY_PER_WEEK = 7.0


@dataclass(frozen=True, slots=True)
class ScheduleHint:
    """First departure of a direction: local time of day and weekday (0 = Monday)."""

    first_departure: time
    first_weekday: int = 0
    frequency_per_week: float | None = None  # only where the CSV has none


SCHEDULE_HINTS: dict[tuple[str, str], ScheduleHint] = {
    ("Bari", "Durrës"): ScheduleHint(time(22, 0)),  # "mostly overnight"; assumed 22:00
    ("Durrës", "Bari"): ScheduleHint(time(22, 0)),  # assumed
    ("Brindisi", "Vlorë"): ScheduleHint(time(23, 59)),  # notes: dep. 23:59
    ("Vlorë", "Brindisi"): ScheduleHint(time(23, 59)),  # assumed symmetric
    ("Brindisi", "Durrës"): ScheduleHint(time(22, 0)),  # assumed (unconfirmed route)
    ("Durrës", "Brindisi"): ScheduleHint(time(22, 0)),  # assumed
    ("Bari", "Bar"): ScheduleHint(time(10, 0), first_weekday=1),  # notes: Tuesday; hour assumed
    ("Bar", "Bari"): ScheduleHint(time(10, 0), first_weekday=2),  # notes: Wednesday
    ("Ancona", "Bar"): ScheduleHint(time(18, 0)),  # assumed evening sailing
    ("Bar", "Ancona"): ScheduleHint(time(18, 0)),  # assumed
    ("Ancona", "Durrës"): ScheduleHint(time(16, 0)),  # assumed
    ("Durrës", "Ancona"): ScheduleHint(time(16, 0)),  # assumed
    ("Termoli", "Isole Tremiti"): ScheduleHint(time(9, 0)),  # notes: ~09:00
    ("Isole Tremiti", "Termoli"): ScheduleHint(time(16, 0)),  # notes: "in the afternoon"
    ("Manfredonia", "Isole Tremiti"): ScheduleHint(time(9, 0), frequency_per_week=7.0),
    ("Isole Tremiti", "Manfredonia"): ScheduleHint(time(16, 0), frequency_per_week=7.0),
    # notes: continuous shuttle leaving when full or after ~15 min, around the clock
    ("Kamenari", "Lepetane"): ScheduleHint(time(0, 0), frequency_per_week=7 * 96),
    ("Lepetane", "Kamenari"): ScheduleHint(time(0, 0), frequency_per_week=7 * 96),
    ("Koman", "Fierzë"): ScheduleHint(time(9, 0)),  # notes: departs Koman ~09:00
    ("Fierzë", "Koman"): ScheduleHint(time(6, 0)),  # notes: Fierzë ~06:00
}
DEFAULT_HINT_OUT = ScheduleHint(time(9, 0))  # other island runs: out in the morning (assumed)
DEFAULT_HINT_BACK = ScheduleHint(time(16, 0))  # and back in the afternoon (assumed)
# Vehicles are asked to be at the port well before an international sailing (about 2 h);
# island and lake boats board in minutes; the Kamenari shuttle boards on arrival.
CHECK_IN_MIN = {"international": 120.0, "island": 20.0, "lake": 30.0}


@dataclass(frozen=True, slots=True)
class FerryRoute:
    """One direction of a ferry line, with its derived weekly timetable (local time)."""

    route_id: str
    from_port: str
    to_port: str
    from_country_iso2: str
    to_country_iso2: str
    from_point: LatLng
    to_point: LatLng
    duration_min: float
    duration_estimated: bool
    season: str
    months: frozenset[int]
    frequency_per_week: float
    first_departure: time
    first_weekday: int
    check_in_min: float
    has_cabins: bool
    route_type: str

    def sails_on(self, day: date) -> bool:
        """True if the route has departures on this local date (season and weekday)."""
        if day.month not in self.months:
            return False
        per_week = round(self.frequency_per_week)
        if per_week >= 7:
            return True
        return (day.weekday() - self.first_weekday) % 7 in _weekday_offsets(per_week)

    def departures(self, start: datetime, end: datetime) -> list[datetime]:
        """Departures (aware, Europe/Rome) in [start, end]; both bounds aware datetimes."""
        first_day = start.astimezone(TIMETABLE_TZ).date() - timedelta(days=1)
        last_day = end.astimezone(TIMETABLE_TZ).date()
        found = []
        for offset in range((last_day - first_day).days + 1):
            day = first_day + timedelta(days=offset)
            if self.sails_on(day):
                found += [d for d in self._day_departures(day) if start <= d <= end]
        return sorted(found)

    def _day_departures(self, day: date) -> list[datetime]:
        per_day = max(1, round(self.frequency_per_week / 7))
        first = datetime.combine(day, self.first_departure)
        step = timedelta(minutes=24 * 60 / per_day)
        # steps in local wall-clock time: timetables keep their hours across DST changes
        return [(first + k * step).replace(tzinfo=TIMETABLE_TZ) for k in range(per_day)]

    def is_overnight(self, departure: datetime) -> bool:
        """True if a sailing leaving at `departure` is on board over 01:00-05:00 local time."""
        dep = departure.astimezone(TIMETABLE_TZ).replace(tzinfo=None)
        arr = dep + timedelta(minutes=self.duration_min)
        for night in (dep.date(), dep.date() + timedelta(days=1)):
            if (
                dep <= datetime.combine(night, SLEEP_CORE[0])
                and datetime.combine(night, SLEEP_CORE[1]) <= arr
            ):
                return True
        return False


def _weekday_offsets(per_week: int) -> frozenset[int]:
    return frozenset(k * 7 // per_week for k in range(per_week))


def parse_months(season: str, season_months: str) -> frozenset[int]:
    """Months of service (1-12) from the CSV `season` and free-text `season_months` columns.

    "year-round" is every month; otherwise the first "Jul-Aug" style range, else the months
    from the first month named to September, else June-September.
    """
    if season == "year-round":
        return ALL_MONTHS
    text = season_months.lower()
    if match := _RANGE.search(text):
        first, last = MONTHS.index(match[1]) + 1, MONTHS.index(match[2]) + 1
        return frozenset((first - 1 + k) % 12 + 1 for k in range((last - first) % 12 + 1))
    if match := re.search(_MONTH, text):
        return frozenset(range(MONTHS.index(match[1]) + 1, max(SUMMER_MONTHS) + 1))
    return SUMMER_MONTHS


def load_ferry_routes(path: Path, *, include_unconfirmed: bool = False) -> tuple[FerryRoute, ...]:
    """Both directions of every ferry line of `ferries.csv`; durations in minutes.

    Lines whose season is `unconfirmed` are left out unless `include_unconfirmed` is True.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            r for r in csv.DictReader(handle) if include_unconfirmed or r["season"] != "unconfirmed"
        ]
    speeds = _mean_speeds_kmh(rows)
    routes = []
    for row in rows:
        forward = _route(row, speeds)
        routes += [forward, _reverse(forward)]
    return tuple(routes)


def _port(label: str) -> str:
    """ "Bari (IT)" -> "Bari"."""
    return re.sub(r"\s*\([A-Z]{2}\)\s*$", "", label).strip()


def _country(label: str) -> str:
    """ "Bari (IT)" -> "IT"."""
    return label.rsplit("(", 1)[1].rstrip(") ")


def _ends(row: dict[str, str]) -> tuple[LatLng, LatLng]:
    return (
        LatLng(float(row["from_lat"]), float(row["from_lon"])),
        LatLng(float(row["to_lat"]), float(row["to_lon"])),
    )


def _type_key(route_type: str) -> str:
    return next((k for k in CHECK_IN_MIN if k in route_type), route_type)


def _mean_speeds_kmh(rows: list[dict[str, str]]) -> dict[str, float]:
    """Mean great-circle speed in km/h of the routes of each type that state a duration."""
    samples: dict[str, list[float]] = {}
    for row in rows:
        if row["duration_h"]:
            a, b = _ends(row)
            samples.setdefault(_type_key(row["route_type"]), []).append(
                haversine_km(a, b) / float(row["duration_h"])
            )
    return {key: sum(v) / len(v) for key, v in samples.items()}


def _route(row: dict[str, str], speeds_kmh: dict[str, float]) -> FerryRoute:
    origin, destination = _port(row["from_port"]), _port(row["to_port"])
    a, b = _ends(row)
    key = _type_key(row["route_type"])
    if row["duration_h"]:
        duration_min, estimated = float(row["duration_h"]) * 60.0, False
    else:
        duration_min, estimated = haversine_km(a, b) / speeds_kmh[key] * 60.0, True
    hint = SCHEDULE_HINTS.get((origin, destination), DEFAULT_HINT_OUT)
    return FerryRoute(
        route_id=f"{origin}-{destination}",
        from_port=origin,
        to_port=destination,
        from_country_iso2=_country(row["from_port"]),
        to_country_iso2=_country(row["to_port"]),
        from_point=a,
        to_point=b,
        duration_min=duration_min,
        duration_estimated=estimated,
        season=row["season"],
        months=parse_months(row["season"], row["season_months"]),
        frequency_per_week=_frequency(row["frequency_per_week"], hint),
        first_departure=hint.first_departure,
        first_weekday=hint.first_weekday,
        check_in_min=CHECK_IN_MIN.get(key, 0.0),
        has_cabins="ro-pax" in row["route_type"],
        route_type=row["route_type"],
    )


def _frequency(text: str, hint: ScheduleHint) -> float:
    if text:
        return float(text)
    return hint.frequency_per_week or DEFAULT_FREQUENCY_PER_WEEK


def _reverse(route: FerryRoute) -> FerryRoute:
    """The return direction: same line, ports swapped, its own first departure."""
    hint = SCHEDULE_HINTS.get((route.to_port, route.from_port), DEFAULT_HINT_BACK)
    return replace(
        route,
        route_id=f"{route.to_port}-{route.from_port}",
        from_port=route.to_port,
        to_port=route.from_port,
        from_country_iso2=route.to_country_iso2,
        to_country_iso2=route.from_country_iso2,
        from_point=route.to_point,
        to_point=route.from_point,
        first_departure=hint.first_departure,
        first_weekday=hint.first_weekday,
    )
