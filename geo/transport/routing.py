"""Fastest route between two points at a given time: a time-dependent Dijkstra over the hubs.

Ferry edges wait for their next departure, so the labels are arrival times (minutes after the
start); every edge is FIFO (leaving later never arrives earlier), which keeps Dijkstra exact.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from geo.distance import haversine_km
from geo.errors import NoRoute
from geo.transport.legs import BorderLeg, FerryLeg, Leg, RoadLeg, Route
from geo.transport.network import (
    LAND_MASSES,
    Timetable,
    TransportNetwork,
    default_network,
    require_aware,
    resolve_peak,
)
from geo.transport.roads import RoadProfile, profile_for
from geo.types import LatLng

_Step = tuple[int, str, int]  # (previous node, "road" | "border" | "ferry", edge index)


@dataclass(frozen=True)
class _Graph:
    """Hubs plus the origin (node H) and the destination (node H + 1) of one query."""

    network: TransportNetwork
    points: list[LatLng]
    names: list[str]
    masses: list[int]
    profiles: list[RoadProfile]
    timetables: tuple[Timetable, ...]
    border_min: dict[tuple[int, int], float]

    def road_min(self, x: int, y: int) -> float:
        h = len(self.network.hubs)
        if x < h and y < h:
            return float(self.network.hub_road_min[x, y])
        if self.masses[x] != self.masses[y]:
            return float("inf")
        per_km = (self.profiles[x].min_per_km + self.profiles[y].min_per_km) / 2.0
        return haversine_km(self.points[x], self.points[y]) * per_km

    def road_km(self, x: int, y: int) -> float:
        detour = (self.profiles[x].detour_factor + self.profiles[y].detour_factor) / 2.0
        return haversine_km(self.points[x], self.points[y]) * detour

    def shortest(self) -> tuple[list[float], dict[int, _Step]]:
        """Earliest arrival minutes at every node, and the step that reached each."""
        n = len(self.points)
        destination = n - 1
        arrival, steps = [float("inf")] * n, {}
        arrival[n - 2] = 0.0
        heap = [(0.0, n - 2)]
        while heap:
            t, x = heapq.heappop(heap)
            if t > arrival[x] or x == destination:
                continue
            for y, t_y, step in self._moves(x, t):
                if t_y < arrival[y]:
                    arrival[y], steps[y] = t_y, step
                    heapq.heappush(heap, (t_y, y))
        return arrival, steps

    def _moves(self, x: int, t: float) -> list[tuple[int, float, _Step]]:
        moves = []
        for y in range(len(self.points)):
            if y != x and y != len(self.points) - 2:
                w = self.road_min(x, y)
                if w < float("inf"):
                    moves.append((y, t + w, (x, "road", -1)))
        for k, edge in enumerate(self.network.border_edges):
            if edge.from_hub == x:
                wait_min = self.border_min[(edge.from_hub, edge.to_hub)]
                moves.append((edge.to_hub, t + wait_min, (x, "border", k)))
        for k, edge in enumerate(self.network.ferry_edges):
            if edge.from_hub == x:
                table = self.timetables[k]
                i = int(table.next_index(np.array([t + edge.route.check_in_min]))[0])
                if i < len(table.minutes):
                    t_y = float(table.minutes[i]) + edge.route.duration_min
                    moves.append((edge.to_hub, t_y, (x, "ferry", k)))
        return moves

    def legs(self, arrival: list[float], steps: dict[int, _Step], start: datetime) -> list[Leg]:
        """The legs from the origin to the destination, in travel order."""
        chain, y = [], len(self.points) - 1
        while y != len(self.points) - 2:
            chain.append((steps[y], y))
            y = steps[y][0]
        legs = [self._leg(x, y, kind, k, arrival, start) for (x, kind, k), y in reversed(chain)]
        # a point at a port or crossing reaches it in no time: that road leg says nothing
        return [leg for leg in legs if leg.kind != "road" or leg.total_min > 0.0] or legs

    def _leg(self, x: int, y: int, kind: str, k: int, arrival: list[float], start: datetime) -> Leg:
        common = dict(
            start=self.points[x],
            end=self.points[y],
            start_name=self.names[x],
            end_name=self.names[y],
            depart_at=start + timedelta(minutes=arrival[x]),
        )
        if kind == "road":
            moving_min = arrival[y] - arrival[x]
            return RoadLeg(
                **common, wait_min=0.0, duration_min=moving_min, distance_km=self.road_km(x, y)
            )
        if kind == "border":
            edge = self.network.border_edges[k]
            return BorderLeg(
                **common,
                wait_min=self.border_min[(edge.from_hub, edge.to_hub)],
                duration_min=0.0,
                distance_km=0.0,
                crossing_id=edge.crossing.crossing_id,
            )
        route, table = self.network.ferry_edges[k].route, self.timetables[k]
        i = int(table.next_index(np.array([arrival[x] + route.check_in_min]))[0])
        return FerryLeg(
            **common,
            wait_min=float(table.minutes[i]) - arrival[x],
            duration_min=route.duration_min,
            distance_km=haversine_km(route.from_point, route.to_point),
            route_id=route.route_id,
            sails_at=table.datetimes[i],
            overnight=route.is_overnight(table.datetimes[i]),
            has_cabins=route.has_cabins,
        )


def route(
    a: LatLng,
    b: LatLng,
    depart_at: datetime,
    *,
    peak: bool | None = None,
    network: TransportNetwork | None = None,
) -> Route:
    """The fastest route from `a` to `b` leaving at `depart_at` (aware), as typed legs.

    Legs are road, border (Albania-Montenegro) and ferry legs with waits and durations in
    minutes. `peak` forces peak or off-peak border waits (default: from the date). Raises
    `OutsideAreas` for a point beyond the areas and `NoRoute` when nothing connects the points
    within the ferry schedule horizon.
    """
    graph = _graph(a, b, require_aware(depart_at), peak, network or default_network())
    arrival, steps = graph.shortest()
    if arrival[-1] == float("inf"):
        raise NoRoute(
            f"no route from (lat={a.lat:.5f}, lon={a.lon:.5f}) to (lat={b.lat:.5f}, "
            f"lon={b.lon:.5f}) leaving {depart_at.isoformat()}: no ferry sails in time"
        )
    return Route(a, b, depart_at, tuple(graph.legs(arrival, steps, depart_at)))


def travel_time_min(
    a: LatLng,
    b: LatLng,
    depart_at: datetime,
    *,
    peak: bool | None = None,
    network: TransportNetwork | None = None,
) -> float:
    """Door-to-door minutes from `a` to `b` leaving at `depart_at` (aware), waits included.

    Same model and errors as `route`; a ferry leg waits for its next departure.
    """
    return route(a, b, depart_at, peak=peak, network=network).duration_min


def _graph(
    a: LatLng, b: LatLng, depart_at: datetime, peak: bool | None, network: TransportNetwork
) -> _Graph:
    masses, area_ids = network.locate_points(np.array([a.lat, b.lat]), np.array([a.lon, b.lon]))
    hubs = network.hubs
    return _Graph(
        network=network,
        points=[h.point for h in hubs] + [a, b],
        names=[h.name for h in hubs] + ["origin", "destination"],
        masses=[LAND_MASSES.index(h.land_mass) for h in hubs] + [int(m) for m in masses],
        profiles=[profile_for(h.area_id, network.profiles) for h in hubs]
        + [profile_for(area, network.profiles) for area in area_ids],
        timetables=network.timetables(depart_at),
        border_min=network.border_weights_min(resolve_peak(depart_at, peak)),
    )
