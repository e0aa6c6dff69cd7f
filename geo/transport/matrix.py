"""Travel-time matrices for many points at once, vectorised with numpy.

Within one land mass the direct road time is computed for all pairs at once. Every other path
leaves its land mass through a hub, so arrivals at the hubs are computed for all origins together
(an (N, H) array: road access, then min-plus products with the hub-to-hub closure, relaxing the
ferry edges against their timetables until nothing improves) and joined to the destinations by
a min-plus product with the road times from the hubs of each destination's land mass.
This is the same model as `geo.transport.routing.route`, which the tests check pair by pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from geo.distance import pairwise_km, points_to_arrays
from geo.transport.network import (
    Timetable,
    TransportNetwork,
    default_network,
    require_aware,
    resolve_peak,
)
from geo.transport.roads import road_time_matrix_min
from geo.types import LatLng


def travel_time_matrix_min(
    points: Sequence[LatLng],
    depart_at: datetime | None = None,
    *,
    peak: bool | None = None,
    network: TransportNetwork | None = None,
) -> NDArray[np.float64]:
    """(N, N) door-to-door minutes between all points, leaving at `depart_at` (aware).

    Entry [i, j] equals `travel_time_min(points[i], points[j], depart_at)`; it is inf when no
    route exists (no ferry within the schedule horizon). With `depart_at=None` the matrix is
    timeless: year-round ferries only, each weighing check-in, half the mean interval between
    departures and the crossing; border waits off-peak unless `peak`. Raises `OutsideAreas`
    for a point beyond the areas.
    """
    network = network or default_network()
    peak = resolve_peak(depart_at, peak)
    lats, lons = points_to_arrays(points)
    masses, area_ids = network.locate_points(lats, lons)
    per_km = network.min_per_km(area_ids)
    access = _access_min(network, lats, lons, masses, per_km)
    if depart_at is None:
        hub_arrival = _min_plus(access, network.closure_min(peak=peak, typical_ferries=True))
    else:
        tables = network.timetables(require_aware(depart_at))
        hub_arrival = _timed_hub_arrivals(network, access, network.closure_min(peak=peak), tables)
    return _join(network, lats, lons, masses, per_km, access, hub_arrival)


def _access_min(
    network: TransportNetwork,
    lats: NDArray[np.float64],
    lons: NDArray[np.float64],
    masses: NDArray[np.int64],
    per_km: NDArray[np.float64],
) -> NDArray[np.float64]:
    """(N, H) road minutes from each point to each hub of its land mass, inf elsewhere."""
    hub_lats, hub_lons = points_to_arrays([h.point for h in network.hubs])
    minutes = road_time_matrix_min(
        pairwise_km(lats, lons, hub_lats, hub_lons), per_km, network.hub_min_per_km()
    )
    minutes[masses[:, None] != network.hub_masses()[None, :]] = np.inf
    return minutes


def _min_plus(left: NDArray[np.float64], right: NDArray[np.float64]) -> NDArray[np.float64]:
    """Min-plus product: out[i, j] = min_k left[i, k] + right[k, j]."""
    out = np.full((left.shape[0], right.shape[1]), np.inf)
    for k in range(left.shape[1]):
        np.minimum(out, left[:, k, None] + right[None, k, :], out=out)
    return out


def _timed_hub_arrivals(
    network: TransportNetwork,
    access: NDArray[np.float64],
    closure: NDArray[np.float64],
    tables: tuple[Timetable, ...],
) -> NDArray[np.float64]:
    """Earliest arrival minutes (N, H) at each hub: road/border closure and timed ferries."""
    arrival = _min_plus(access, closure)
    for _ in range(len(network.hubs) + 1):
        improved = False
        for edge, table in zip(network.ferry_edges, tables, strict=True):
            ready = arrival[:, edge.from_hub] + edge.route.check_in_min
            index = table.next_index(ready)
            sails = index < len(table.minutes)
            landed = np.full(len(ready), np.inf)
            landed[sails] = table.minutes[index[sails]] + edge.route.duration_min
            better = landed < arrival[:, edge.to_hub]
            if better.any():
                arrival[better, edge.to_hub] = landed[better]
                improved = True
        if not improved:
            break
        arrival = _min_plus(arrival, closure)
    return arrival


def _join(
    network: TransportNetwork,
    lats: NDArray[np.float64],
    lons: NDArray[np.float64],
    masses: NDArray[np.int64],
    per_km: NDArray[np.float64],
    access: NDArray[np.float64],
    hub_arrival: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Direct road times within land masses, improved by paths through the hubs."""
    n = len(lats)
    # built transposed (destination rows) so that every numpy operation runs on contiguous rows
    out_t = np.full((n, n), np.inf)
    hub_masses = network.hub_masses()
    for mass in np.unique(masses):
        cols = np.flatnonzero(masses == mass)
        block_t = np.full((len(cols), n), np.inf)
        distance_km = pairwise_km(lats[cols], lons[cols])
        block_t[:, cols] = road_time_matrix_min(distance_km, per_km[cols], per_km[cols])
        for h in np.flatnonzero(hub_masses == mass):
            # roads are symmetric: hub -> point equals point -> hub
            np.minimum(block_t, access[cols, h, None] + hub_arrival[None, :, h], out=block_t)
        out_t[cols] = block_t
    out = np.ascontiguousarray(out_t.T)
    np.fill_diagonal(out, 0.0)
    return out
