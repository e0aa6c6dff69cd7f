"""Road legs: great-circle distance x detour factor / average speed, by project area.

No road graph is shipped, so a road leg is estimated from the great-circle distance. A leg
between two areas uses the mean of the two areas' minutes per km.

Sources and reasoning for the constants (estimates to refine against OSRM/OSM when available):

* Detour factors: road/straight-line ratios measured in Europe are about 1.2-1.3 on dense
  lowland networks and 1.4-1.6 in mountains (e.g. Boscoe et al. 2012 give a 1.4 average for
  mixed terrain); the Adriatic coast of Montenegro and the Prokletije add bays and switchbacks.
* Speeds: door-to-door averages, lower than posted limits, checked against typical journey
  times (straight km; usual time; model): Bari-Lecce (139 km; ~1 h 50; 2 h),
  Campobasso-Termoli (56 km; ~1 h 05; 1 h 07), Tirana-Shkodër (86 km; ~2 h; 2 h 11),
  Podgorica-Kotor (46 km; ~1 h 25; 1 h 23).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from geo.distance import haversine_km
from geo.types import LatLng


@dataclass(frozen=True, slots=True)
class RoadProfile:
    """How roads of an area behave: detour over the great circle and average speed in km/h."""

    detour_factor: float
    speed_kmh: float

    @property
    def min_per_km(self) -> float:
        """Driving minutes per great-circle kilometre."""
        return self.detour_factor / self.speed_kmh * 60.0


ROAD_PROFILES: dict[str, RoadProfile] = {
    # Puglia: flat coastal plain, A14 motorway and SS16/SS379/SS613 dual carriageways.
    "IT-75": RoadProfile(detour_factor=1.22, speed_kmh=85.0),
    # Molise (and hubs elsewhere in Italy, e.g. Ancona by the A14): Apennine hills, SS87/SS647.
    "IT-67": RoadProfile(detour_factor=1.3, speed_kmh=65.0),
    # Albania: SH1/SH2/SH4 fast in the coastal plain, slow single carriageways inland.
    "AL": RoadProfile(detour_factor=1.4, speed_kmh=55.0),
    # Montenegro: mountain roads and the winding Bay of Kotor and coastal road (E65/E80).
    "ME": RoadProfile(detour_factor=1.5, speed_kmh=50.0),
}
DEFAULT_PROFILE_BY_COUNTRY: dict[str, str] = {"IT": "IT-75", "AL": "AL", "ME": "ME"}


def profile_for(area_id: str, profiles: dict[str, RoadProfile] | None = None) -> RoadProfile:
    """The road profile of an area id ("IT-75", "AL"...), falling back to its country's."""
    profiles = profiles or ROAD_PROFILES
    if area_id in profiles:
        return profiles[area_id]
    return profiles[DEFAULT_PROFILE_BY_COUNTRY[area_id[:2]]]


def road_leg_km_min(
    a: LatLng, b: LatLng, profile_a: RoadProfile, profile_b: RoadProfile
) -> tuple[float, float]:
    """Estimated road (distance_km, duration_min) between two points in degrees.

    distance_km is the great-circle km times the mean detour factor of the two profiles;
    duration_min is the great-circle km times the mean of their minutes per km.
    """
    great_circle_km = haversine_km(a, b)
    detour = (profile_a.detour_factor + profile_b.detour_factor) / 2.0
    min_per_km = (profile_a.min_per_km + profile_b.min_per_km) / 2.0
    return great_circle_km * detour, great_circle_km * min_per_km


def road_time_matrix_min(
    distance_km: ArrayLike, min_per_km_rows: ArrayLike, min_per_km_cols: ArrayLike
) -> NDArray[np.float64]:
    """Road minutes for a great-circle km matrix, given each row's and column's minutes per km."""
    rows = np.asarray(min_per_km_rows, dtype=float)[:, None]
    cols = np.asarray(min_per_km_cols, dtype=float)[None, :]
    return np.asarray(distance_km, dtype=float) * ((rows + cols) / 2.0)
