"""Benchmark: a 2,000-point travel-time matrix over the four project areas.

Run `python -m bench.geo_matrix`. Points are uniform over the land of Puglia, Molise, Albania
and Montenegro (seeded). The baseline is the naive way, one `travel_time_min` call per pair on
100 points, scaled to the same number of pairs.
"""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import shapely

from geo.regions import default_regions
from geo.transport import default_network, travel_time_matrix_min, travel_time_min
from geo.types import LatLng

N_POINTS = 2_000
N_BASELINE = 100
SEED = 20261125
DEPART_AT = datetime(2026, 7, 1, 8, 0, tzinfo=ZoneInfo("Europe/Rome"))


def random_points(n: int, seed: int = SEED) -> list[LatLng]:
    """`n` points uniform (in degrees) over the land of the four areas, reproducible by seed."""
    land = shapely.union_all(default_regions().geometries)
    shapely.prepare(land)
    west, south, east, north = land.bounds
    rng = np.random.default_rng(seed)
    lats: list[float] = []
    lons: list[float] = []
    while len(lats) < n:
        x = rng.uniform(west, east, 4 * n)
        y = rng.uniform(south, north, 4 * n)
        keep = shapely.contains_xy(land, x, y)
        lons += x[keep].tolist()
        lats += y[keep].tolist()
    return [LatLng(lat, lon) for lat, lon in zip(lats[:n], lons[:n], strict=True)]


def best_of(runs: int, func, *args) -> float:
    """Best wall-clock seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    start = time.perf_counter()
    default_network()
    load_s = time.perf_counter() - start
    points = random_points(N_POINTS)
    travel_time_matrix_min(points[:10], DEPART_AT)  # warm the timetable cache path once

    timed_s = best_of(3, travel_time_matrix_min, points, DEPART_AT)
    timeless_s = best_of(3, travel_time_matrix_min, points, None)
    matrix = travel_time_matrix_min(points, DEPART_AT)

    sample = points[:N_BASELINE]
    start = time.perf_counter()
    for a in sample:
        for b in sample:
            travel_time_min(a, b, DEPART_AT)
    baseline_s = (time.perf_counter() - start) * (N_POINTS / N_BASELINE) ** 2

    print(f"data load (once per process): {load_s:.2f} s")
    print(f"{N_POINTS}-point matrix, depart_at given: {timed_s:.3f} s")
    print(f"{N_POINTS}-point matrix, timeless:        {timeless_s:.3f} s")
    print(
        f"finite entries: {np.isfinite(matrix).mean():.1%}; "
        f"median {np.median(matrix[np.isfinite(matrix)]) / 60:.1f} h"
    )
    print(f"baseline (per-pair travel_time_min, {N_BASELINE} points scaled): {baseline_s:.0f} s")
    print(f"speed-up over baseline: {baseline_s / timed_s:.0f}x")


if __name__ == "__main__":
    main()
