"""Regions: which project area and subdivision holds a point, and the towns of the reference data.

The boundaries (`geo/data/boundaries_*.geojson`) are loaded lazily with geopandas, once per
process, and indexed with a shapely STRtree. `locate` returns what the polygons say, which is not
always the current administrative truth:

* Montenegro has 25 municipalities but the data has 21 polygons: Petnjica lies in the Berane
  polygon (ME-03), Gusinje in Plav (ME-13), Tuzi and Zeta in Podgorica (ME-16).
* Albanian and Montenegrin lines are Natural Earth 1:10m, off by 0.5-2 km: Kotor town lies in
  the Cetinje polygon (ME-06) and Bijela in the Kotor polygon (ME-10).

`Town.subdiv_id` carries the current municipality where the polygons fall short.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from numpy.typing import NDArray

from geo.distance import haversine_km_arrays
from geo.errors import OutsideAreas, UnknownTown
from geo.types import KM_PER_DEGREE_LAT, LatLng, Location, Town

DATA_DIR = Path(__file__).resolve().parent / "data"
SNAP_TOLERANCE_KM = 2.0  # simplified coastlines: harbours, beaches, islets lie up to ~2 km out


@dataclass(frozen=True)
class Regions:
    """The subdivision polygons of the four areas with their STRtree index and attributes."""

    geometries: NDArray[np.object_]
    tree: shapely.STRtree
    subdiv_ids: tuple[str, ...]
    subdiv_names: tuple[str, ...]
    area_ids: tuple[str, ...]
    area_names: tuple[str, ...]
    country_iso2s: tuple[str, ...]
    area_shells: dict[str, shapely.Geometry]

    @classmethod
    def from_files(cls, areas_path: Path, subdivisions_path: Path) -> Regions:
        """Load the area and subdivision GeoJSON files (EPSG:4326) and index the polygons."""
        import geopandas as gpd  # heavy: imported only when boundaries are first needed

        frame = gpd.read_file(subdivisions_path).sort_values("subdiv_id", kind="stable")
        geometries = np.asarray(frame.geometry.values, dtype=object)
        shapely.prepare(geometries)
        areas = gpd.read_file(areas_path)
        return cls(
            geometries=geometries,
            tree=shapely.STRtree(geometries),
            area_shells=dict(zip(areas["area_id"], map(_shell, areas.geometry), strict=True)),
            subdiv_ids=tuple(frame["subdiv_id"]),
            subdiv_names=tuple(frame["name"]),
            area_ids=tuple(frame["area_id"]),
            area_names=tuple(frame["area_name"]),
            country_iso2s=tuple(frame["country_iso2"]),
        )

    def location(self, index: int, snap_distance_km: float = 0.0) -> Location:
        """The `Location` of subdivision number `index`, with the snapping distance in km."""
        return Location(
            country_iso2=self.country_iso2s[index],
            area_id=self.area_ids[index],
            area_name=self.area_names[index],
            subdiv_id=self.subdiv_ids[index],
            subdiv_name=self.subdiv_names[index],
            snap_distance_km=snap_distance_km,
        )

    def subdivision_indices(
        self, lats: NDArray[np.float64], lons: NDArray[np.float64], tolerance_km: float
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Subdivision index and snapping distance (km) for each point given in degrees.

        A point on a shared border goes to the subdivision with the lowest `subdiv_id`. Points in
        no polygon (sea, slivers between polygons) go to the nearest polygon within
        `tolerance_km`; a point farther out raises `OutsideAreas` naming its position.
        """
        points = shapely.points(lons, lats)
        index = np.full(len(points), -1, dtype=np.int64)
        point_hits, polygon_hits = self.tree.query(points, predicate="intersects")
        # a border point hits two polygons: keep the lowest index (polygons sorted by id)
        order = np.lexsort((polygon_hits, point_hits))
        hit_points, first = np.unique(point_hits[order], return_index=True)
        index[hit_points] = polygon_hits[order][first]
        snap_km = np.zeros(len(points))
        for i in np.flatnonzero(index < 0):
            index[i], snap_km[i] = self._nearest(float(lats[i]), float(lons[i]), tolerance_km)
        return index, snap_km

    def _nearest(self, lat: float, lon: float, tolerance_km: float) -> tuple[int, float]:
        point = shapely.Point(lon, lat)
        inside = [a for a, shell in self.area_shells.items() if shell.contains(point)]
        if inside:  # a sliver or hole inside an area: nearest subdivision of that area
            candidates = np.array([i for i, a in enumerate(self.area_ids) if a in inside])
        else:
            cos_lat = max(np.cos(np.radians(lat)), 1e-6)
            search_deg = (max(tolerance_km, 0.0) + 1.0) / (KM_PER_DEGREE_LAT * cos_lat)
            candidates = self.tree.query(point, predicate="dwithin", distance=search_deg)
            if len(candidates) == 0:
                candidates = self.tree.query_nearest(point)
        dist_km = self._distances_km(point, candidates)
        best = int(np.argmin(dist_km))
        if not inside and dist_km[best] > tolerance_km:
            raise OutsideAreas(
                f"point (lat={lat:.5f}, lon={lon:.5f}) is {dist_km[best]:.1f} km from the "
                f"nearest project area ({self.area_names[candidates[best]]}); "
                f"tolerance is {tolerance_km:g} km"
            )
        return int(candidates[best]), float(dist_km[best])

    def _distances_km(
        self, point: shapely.Point, candidates: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        lines = shapely.shortest_line(point, self.geometries[candidates])
        ends = shapely.get_coordinates(shapely.get_point(lines, 1))
        return haversine_km_arrays(point.y, point.x, ends[:, 1], ends[:, 0])


def _shell(geometry: shapely.Geometry) -> shapely.Geometry:
    """The area without its holes: the union of the exterior rings of all its parts."""
    rings = shapely.get_exterior_ring(shapely.get_parts(geometry))
    shell = shapely.union_all(shapely.polygons(rings))
    shapely.prepare(shell)
    return shell


@cache
def default_regions() -> Regions:
    """The regions of the bundled reference data, loaded once per process."""
    return Regions.from_files(
        DATA_DIR / "boundaries_areas.geojson", DATA_DIR / "boundaries_subdivisions.geojson"
    )


def locate(
    lat: float,
    lon: float,
    *,
    tolerance_km: float = SNAP_TOLERANCE_KM,
    regions: Regions | None = None,
) -> Location:
    """Country, area and subdivision polygon holding the point (`lat`, `lon` in degrees).

    A point outside every polygon but within `tolerance_km` kilometres of one (a harbour, a
    beach, an island simplified away) snaps to the nearest polygon; farther out it raises
    `OutsideAreas`. Invalid coordinates raise `InvalidCoordinates`.
    """
    point = LatLng(lat, lon)
    regions = regions or default_regions()
    index, snap_km = regions.subdivision_indices(
        np.array([point.lat]), np.array([point.lon]), tolerance_km
    )
    return regions.location(int(index[0]), float(snap_km[0]))


def locate_many(
    points: Sequence[LatLng],
    *,
    tolerance_km: float = SNAP_TOLERANCE_KM,
    regions: Regions | None = None,
) -> list[Location]:
    """`locate` for many points at once (one vectorised index query); distances in km."""
    regions = regions or default_regions()
    lats = np.array([p.lat for p in points], dtype=float)
    lons = np.array([p.lon for p in points], dtype=float)
    index, snap_km = regions.subdivision_indices(lats, lons, tolerance_km)
    return [regions.location(int(i), float(d)) for i, d in zip(index, snap_km, strict=True)]


def fold_name(name: str) -> str:
    """A case- and diacritic-insensitive key for a place name ("Nikšić" -> "niksic")."""
    name = name.replace("đ", "dj").replace("Đ", "Dj").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("-", " ").split())


@cache
def load_towns(path: Path = DATA_DIR / "towns.csv") -> tuple[Town, ...]:
    """The towns of `towns.csv` (533 places, largest population first), coordinates in degrees."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(_town(row) for row in csv.DictReader(handle))


def _town(row: dict[str, str]) -> Town:
    return Town(
        geonameid=int(row["geonameid"]),
        name=row["name"],
        ascii_name=row["ascii_name"],
        country_iso2=row["country_iso2"],
        area_id=row["area_id"],
        region=row["region"],
        subdiv_id=row["subdiv_id"],
        subdiv_name=row["subdivision"],
        boundary_subdiv_id=row["boundary_feature_id"],
        municipality=row["municipality"],
        point=LatLng(float(row["lat"]), float(row["lon"])),
        population=int(row["population"]),
        is_port=row["is_port"] == "True",
    )


def find_town(name: str, *, country_iso2: str | None = None) -> Town:
    """The most populous town whose name matches `name`, ignoring case and diacritics.

    Both the GeoNames name and its ASCII fold are compared; `country_iso2` narrows the search.
    Raises `UnknownTown` when nothing matches.
    """
    key = fold_name(name)
    for town in load_towns():
        if country_iso2 is not None and town.country_iso2 != country_iso2:
            continue
        if key in (fold_name(town.name), fold_name(town.ascii_name)):
            return town
    raise UnknownTown(f"no town named {name!r} in the reference data")
