"""Value types of the geo library: points, boxes, located points and towns.

All coordinates are WGS84 decimal degrees, in (lat, lon) order; only `geo.geojson` writes the
[lon, lat] order of GeoJSON.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from geo.errors import InvalidCoordinates

KM_PER_DEGREE_LAT = 111.195  # mean great-circle km per degree of latitude (R = 6371.0088 km)


@dataclass(frozen=True, slots=True)
class LatLng:
    """A WGS84 point: `lat` in [-90, 90] and `lon` in [-180, 180] decimal degrees."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        for name, value, limit in (("lat", self.lat, 90.0), ("lon", self.lon, 180.0)):
            if not isinstance(value, numbers.Real) or isinstance(value, bool):
                raise InvalidCoordinates(f"{name} must be a number, got {value!r}")
            if not math.isfinite(value) or not -limit <= value <= limit:
                raise InvalidCoordinates(f"{name}={value!r} is outside [-{limit:g}, {limit:g}]")
        object.__setattr__(self, "lat", float(self.lat))
        object.__setattr__(self, "lon", float(self.lon))


@dataclass(frozen=True, slots=True)
class BBox:
    """A latitude/longitude box in decimal degrees (no antimeridian crossing)."""

    south: float
    west: float
    north: float
    east: float

    def __post_init__(self) -> None:
        LatLng(self.south, self.west)
        LatLng(self.north, self.east)
        if self.south > self.north or self.west > self.east:
            raise InvalidCoordinates(f"empty box: {self!r}")

    @classmethod
    def from_center(cls, center: LatLng, radius_km: float) -> BBox:
        """The box enclosing a circle of `radius_km` kilometres around `center`.

        Degrees of longitude are scaled by cos(lat) at the centre; the box is clamped to the
        valid coordinate range, so it is exact enough for the few-km radii used here.
        """
        if radius_km < 0:
            raise ValueError(f"radius_km must be >= 0, got {radius_km}")
        dlat = radius_km / KM_PER_DEGREE_LAT
        cos_lat = max(math.cos(math.radians(center.lat)), 1e-6)
        dlon = min(radius_km / (KM_PER_DEGREE_LAT * cos_lat), 180.0)
        return cls(
            south=max(center.lat - dlat, -90.0),
            west=max(center.lon - dlon, -180.0),
            north=min(center.lat + dlat, 90.0),
            east=min(center.lon + dlon, 180.0),
        )

    def contains(self, point: LatLng) -> bool:
        """True if `point` (degrees) lies inside the box or on its edge."""
        return self.south <= point.lat <= self.north and self.west <= point.lon <= self.east

    @property
    def center(self) -> LatLng:
        """The midpoint of the box, in degrees."""
        return LatLng((self.south + self.north) / 2, (self.west + self.east) / 2)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a point lies: country, project area and subdivision (polygon) holding it.

    `subdiv_id` is the polygon of `boundaries_subdivisions.geojson`, not always the current
    municipality (see `geo.regions`). `snap_distance_km` is 0 for points inside an area, else the
    great-circle distance in km to the polygon the point was snapped to.
    """

    country_iso2: str
    area_id: str
    area_name: str
    subdiv_id: str
    subdiv_name: str
    snap_distance_km: float = 0.0

    @property
    def snapped(self) -> bool:
        """True if the point lay outside every polygon and was snapped to the nearest one."""
        return self.snap_distance_km > 0.0


@dataclass(frozen=True, slots=True)
class Town:
    """A populated place of `towns.csv` (GeoNames), with its area and subdivision codes.

    `subdiv_id` is the current subdivision (e.g. Kotor is ME-10); `boundary_subdiv_id` is the
    polygon that holds the point (Kotor lies in the Cetinje polygon, ME-06).
    """

    geonameid: int
    name: str
    ascii_name: str
    country_iso2: str
    area_id: str
    region: str
    subdiv_id: str
    subdiv_name: str
    boundary_subdiv_id: str
    municipality: str
    point: LatLng
    population: int
    is_port: bool
