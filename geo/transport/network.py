"""One transport network: road hubs (ports, border crossings) joined by roads, borders, ferries.

Points are never nodes of a stored graph: a point reaches the hubs of its own land mass by road.
Land masses are the road networks that need no ferry or border: mainland Italy (with Ancona, a
ferry port outside the project areas), the Tremiti islands, Albania, Montenegro. Albania and
Montenegro are joined by the border crossings (one hub on each side, the wait between them);
Italy reaches the Balkans and the Tremiti only by ferry. Other small islands (Sazan, the
Cheradi) count as mainland: their boats are not modelled.

Static edges (roads between hubs of one land mass, border waits) are closed once with
`scipy.sparse.csgraph`; ferries are time-dependent edges handled by the routing and matrix code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from geo.distance import pairwise_km
from geo.errors import InvalidDatetime, OutsideAreas
from geo.regions import DATA_DIR, SNAP_TOLERANCE_KM, Regions, default_regions
from geo.transport.borders import BorderCrossing, is_peak_day, load_border_crossings
from geo.transport.ferries import TIMETABLE_TZ, FerryRoute, load_ferry_routes
from geo.transport.roads import ROAD_PROFILES, RoadProfile, profile_for, road_time_matrix_min
from geo.types import BBox, LatLng

TREMITI_BBOX = BBox(south=42.05, west=15.40, north=42.26, east=15.80)  # San Domino..Pianosa
SCHEDULE_HORIZON_DAYS = 10  # a ferry with no departure this soon after the start is not used
LAND_MASSES = ("IT", "IT-TREMITI", "AL", "ME")


def land_mass(area_id: str, point: LatLng) -> str:
    """The road network a located point belongs to: "IT", "IT-TREMITI", "AL" or "ME"."""
    if area_id.startswith("IT"):
        return "IT-TREMITI" if TREMITI_BBOX.contains(point) else "IT"
    return area_id[:2]


@dataclass(frozen=True, slots=True)
class Hub:
    """A node of the network: a ferry port or one side of a border crossing."""

    hub_id: str
    name: str
    point: LatLng
    land_mass: str
    area_id: str


@dataclass(frozen=True, slots=True)
class FerryEdge:
    """A directed ferry route between two hubs (indices into `TransportNetwork.hubs`)."""

    from_hub: int
    to_hub: int
    route: FerryRoute


@dataclass(frozen=True, slots=True)
class BorderEdge:
    """A border crossing from one side's hub to the other's (indices into the hubs)."""

    from_hub: int
    to_hub: int
    crossing: BorderCrossing


@dataclass(frozen=True, slots=True)
class Timetable:
    """Departures of one ferry edge for a trip: minutes after the trip start, and datetimes."""

    minutes: NDArray[np.float64]
    datetimes: tuple[datetime, ...]

    def next_index(self, ready_min: NDArray[np.float64]) -> NDArray[np.int64]:
        """Index of the first departure at or after each ready time (len(minutes) if none)."""
        return np.searchsorted(self.minutes, ready_min, side="left")


@dataclass(frozen=True, eq=False)
class TransportNetwork:
    """Hubs, border and ferry edges, and road settings; build it with `TransportNetwork.build`."""

    regions: Regions
    hubs: tuple[Hub, ...]
    ferry_edges: tuple[FerryEdge, ...]
    border_edges: tuple[BorderEdge, ...]
    profiles: dict[str, RoadProfile]
    tolerance_km: float
    hub_road_min: NDArray[np.float64]  # (H, H) road minutes, inf across land masses
    _closures: dict[tuple[str, bool], NDArray[np.float64]] = field(default_factory=dict)
    _timetables: dict[datetime, tuple[Timetable, ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        *,
        regions: Regions,
        ferry_routes: tuple[FerryRoute, ...],
        crossings: tuple[BorderCrossing, ...],
        profiles: dict[str, RoadProfile] | None = None,
        tolerance_km: float = SNAP_TOLERANCE_KM,
    ) -> TransportNetwork:
        """Assemble the network; `tolerance_km` is the snapping tolerance used for points."""
        profiles = profiles or ROAD_PROFILES
        ports = _port_hubs(regions, ferry_routes)
        hubs = list(ports.values())
        border_edges = []
        for crossing in crossings:
            sides = []
            for country in ("AL", "ME"):
                sides.append(len(hubs))
                hub_id = f"border:{crossing.crossing_id}:{country}"
                hubs.append(Hub(hub_id, crossing.name, crossing.point, country, country))
            border_edges += [
                BorderEdge(sides[0], sides[1], crossing),
                BorderEdge(sides[1], sides[0], crossing),
            ]
        index = {hub.hub_id: i for i, hub in enumerate(hubs)}
        ferry_edges = [
            FerryEdge(index[f"port:{r.from_port}"], index[f"port:{r.to_port}"], r)
            for r in ferry_routes
        ]
        return cls(
            regions=regions,
            hubs=tuple(hubs),
            ferry_edges=tuple(ferry_edges),
            border_edges=tuple(border_edges),
            profiles=profiles,
            tolerance_km=tolerance_km,
            hub_road_min=_road_matrix_min(hubs, profiles),
        )

    def min_per_km(self, area_ids: NDArray[np.str_] | list[str]) -> NDArray[np.float64]:
        """Road minutes per great-circle km for each area id."""
        per_area = {a: profile_for(a, self.profiles).min_per_km for a in set(area_ids)}
        return np.array([per_area[a] for a in area_ids], dtype=float)

    def locate_points(
        self, lats: NDArray[np.float64], lons: NDArray[np.float64]
    ) -> tuple[NDArray[np.int64], list[str]]:
        """Land-mass code (index into `LAND_MASSES`) and area id of each point (degrees).

        Raises `OutsideAreas` for a point beyond the snapping tolerance of every area.
        """
        index, _ = self.regions.subdivision_indices(lats, lons, self.tolerance_km)
        area_ids = np.asarray(self.regions.area_ids)[index]
        italian = np.char.startswith(area_ids.astype(str), "IT")
        box = TREMITI_BBOX
        island = (box.south <= lats) & (lats <= box.north) & (box.west <= lons) & (lons <= box.east)
        masses = np.where(
            italian,
            np.where(island, LAND_MASSES.index("IT-TREMITI"), LAND_MASSES.index("IT")),
            np.where(area_ids == "AL", LAND_MASSES.index("AL"), LAND_MASSES.index("ME")),
        )
        return masses.astype(np.int64), [str(a) for a in area_ids]

    def hub_masses(self) -> NDArray[np.int64]:
        """Land-mass code of each hub."""
        return np.array([LAND_MASSES.index(h.land_mass) for h in self.hubs], dtype=np.int64)

    def hub_min_per_km(self) -> NDArray[np.float64]:
        """Road minutes per great-circle km at each hub."""
        return self.min_per_km([h.area_id for h in self.hubs])

    def border_weights_min(self, peak: bool) -> dict[tuple[int, int], float]:
        """Wait in minutes of each border edge (from hub, to hub), peak or off-peak."""
        return {(e.from_hub, e.to_hub): e.crossing.wait_min(peak=peak) for e in self.border_edges}

    def closure_min(self, *, peak: bool, typical_ferries: bool = False) -> NDArray[np.float64]:
        """Shortest hub-to-hub minutes over roads and borders (H, H); inf when unreachable.

        With `typical_ferries`, year-round ferries join as static edges weighing check-in, half
        the mean interval between departures and the crossing (the timeless matrix).
        """
        from scipy.sparse.csgraph import shortest_path  # heavy: only when first routing

        key = ("typical" if typical_ferries else "static", peak)
        if key not in self._closures:
            weights = self.hub_road_min.copy()
            for (u, v), wait_min in self.border_weights_min(peak).items():
                weights[u, v] = wait_min
            if typical_ferries:
                for edge in self.ferry_edges:
                    if len(edge.route.months) == 12:
                        typical = _typical_ferry_min(edge.route)
                        weights[edge.from_hub, edge.to_hub] = min(
                            weights[edge.from_hub, edge.to_hub], typical
                        )
            np.fill_diagonal(weights, 0.0)
            self._closures[key] = shortest_path(weights, method="D", directed=True)
        return self._closures[key]

    def timetables(self, depart_at: datetime) -> tuple[Timetable, ...]:
        """Departures of every ferry edge from `depart_at` over `SCHEDULE_HORIZON_DAYS`."""
        if depart_at not in self._timetables:
            if len(self._timetables) >= 64:
                self._timetables.clear()
            self._timetables[depart_at] = self._build_timetables(depart_at)
        return self._timetables[depart_at]

    def _build_timetables(self, depart_at: datetime) -> tuple[Timetable, ...]:
        end = depart_at + timedelta(days=SCHEDULE_HORIZON_DAYS)
        tables = []
        for edge in self.ferry_edges:
            departures = tuple(edge.route.departures(depart_at, end))
            minutes = np.array([(d - depart_at).total_seconds() / 60.0 for d in departures])
            tables.append(Timetable(minutes.astype(float), departures))
        return tuple(tables)


def require_aware(depart_at: datetime) -> datetime:
    """Return `depart_at` if it is timezone-aware, else raise `InvalidDatetime`."""
    if depart_at.tzinfo is None or depart_at.utcoffset() is None:
        raise InvalidDatetime(f"depart_at must be an aware datetime, got {depart_at!r}")
    return depart_at


def resolve_peak(depart_at: datetime | None, peak: bool | None) -> bool:
    """The explicit `peak` flag, else whether the local date of `depart_at` is a peak day."""
    if peak is not None:
        return peak
    return depart_at is not None and is_peak_day(depart_at.astimezone(TIMETABLE_TZ).date())


def _typical_ferry_min(route: FerryRoute) -> float:
    mean_interval_min = 7 * 24 * 60 / route.frequency_per_week
    return route.check_in_min + mean_interval_min / 2.0 + route.duration_min


def _port_hubs(regions: Regions, routes: tuple[FerryRoute, ...]) -> dict[str, Hub]:
    """One hub per port; ports outside the areas (Ancona) take their country's road profile."""
    hubs: dict[str, Hub] = {}
    for route in routes:
        for name, point, country in (
            (route.from_port, route.from_point, route.from_country_iso2),
            (route.to_port, route.to_point, route.to_country_iso2),
        ):
            if f"port:{name}" in hubs:
                continue
            try:  # coordinates are town centres; terminals and estimates are within ~3 km
                index, _ = regions.subdivision_indices(
                    np.array([point.lat]), np.array([point.lon]), tolerance_km=5.0
                )
                area_id = regions.area_ids[int(index[0])]
            except OutsideAreas:
                area_id = country
            hubs[f"port:{name}"] = Hub(
                f"port:{name}", name, point, land_mass(area_id, point), area_id
            )
    return hubs


def _road_matrix_min(hubs: list[Hub], profiles: dict[str, RoadProfile]) -> NDArray[np.float64]:
    lats = np.array([h.point.lat for h in hubs])
    lons = np.array([h.point.lon for h in hubs])
    per_km = np.array([profile_for(h.area_id, profiles).min_per_km for h in hubs])
    minutes = road_time_matrix_min(pairwise_km(lats, lons), per_km, per_km)
    masses = np.array([h.land_mass for h in hubs])
    minutes[masses[:, None] != masses[None, :]] = np.inf
    return minutes


@cache
def default_network(*, include_unconfirmed: bool = False) -> TransportNetwork:
    """The network of the bundled reference data, built once per process and option."""
    return TransportNetwork.build(
        regions=default_regions(),
        ferry_routes=load_ferry_routes(
            DATA_DIR / "ferries.csv", include_unconfirmed=include_unconfirmed
        ),
        crossings=load_border_crossings(Path(DATA_DIR / "border_crossings_al_me.csv")),
    )
