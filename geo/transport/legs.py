"""Typed legs of a route: driving, crossing the Albania-Montenegro border, sailing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from geo.types import LatLng


@dataclass(frozen=True, slots=True)
class _Leg:
    start: LatLng
    end: LatLng
    start_name: str
    end_name: str
    depart_at: datetime  # when the leg begins, before any wait
    wait_min: float  # waiting before moving: border queue, ferry check-in and next departure
    duration_min: float  # moving time after the wait
    distance_km: float

    @property
    def total_min(self) -> float:
        """Wait plus moving time of the leg, in minutes."""
        return self.wait_min + self.duration_min

    @property
    def arrive_at(self) -> datetime:
        """When the leg ends (aware datetime)."""
        return self.depart_at + timedelta(minutes=self.total_min)


@dataclass(frozen=True, slots=True)
class RoadLeg(_Leg):
    """A drive; `distance_km` is the estimated road distance (great circle x detour)."""

    kind: Literal["road"] = "road"


@dataclass(frozen=True, slots=True)
class BorderLeg(_Leg):
    """Passing an Albania-Montenegro road crossing; the queue and controls are `wait_min`."""

    crossing_id: str = ""
    kind: Literal["border"] = "border"


@dataclass(frozen=True, slots=True)
class FerryLeg(_Leg):
    """A sailing; `wait_min` runs from arrival at the port to the departure (incl. check-in).

    `overnight` is True when on board over 01:00-05:00 local time; `replaces_lodging` when the
    ship also has cabins, so the night on board can stand in for a night's lodging.
    """

    route_id: str = ""
    sails_at: datetime | None = None
    overnight: bool = False
    has_cabins: bool = False
    kind: Literal["ferry"] = "ferry"

    @property
    def replaces_lodging(self) -> bool:
        """True if the crossing is overnight on a ship with cabins (a night's lodging)."""
        return self.overnight and self.has_cabins


Leg = RoadLeg | BorderLeg | FerryLeg


@dataclass(frozen=True, slots=True)
class Route:
    """The fastest way from `origin` to `destination` leaving at `depart_at` (aware)."""

    origin: LatLng
    destination: LatLng
    depart_at: datetime
    legs: tuple[Leg, ...]

    @property
    def duration_min(self) -> float:
        """Door-to-door minutes, waits included."""
        return sum(leg.total_min for leg in self.legs)

    @property
    def arrive_at(self) -> datetime:
        """Arrival time (aware datetime)."""
        return self.depart_at + timedelta(minutes=self.duration_min)

    @property
    def distance_km(self) -> float:
        """Estimated km travelled: road km plus great-circle km at sea."""
        return sum(leg.distance_km for leg in self.legs)

    @property
    def ferry_legs(self) -> tuple[FerryLeg, ...]:
        """The sailings of the route, in order."""
        return tuple(leg for leg in self.legs if isinstance(leg, FerryLeg))

    @property
    def border_legs(self) -> tuple[BorderLeg, ...]:
        """The border crossings of the route, in order."""
        return tuple(leg for leg in self.legs if isinstance(leg, BorderLeg))
