"""Albania-Montenegro road border crossings and their waiting times.

Italy has no road link to Albania or Montenegro (ferries only), so these four crossings are the
only land connections between the project's road networks. Waits come from the
`typical_wait_min` ranges of `border_crossings_al_me.csv` (anecdotal, from news and travel
pages): off-peak we take the midpoint, at peak the upper bound. The sources report peak queues in
the summer holidays (notably early August) and around Christmas and New Year. The two small
mountain crossings have no reported wait; we assume 15-45 min (light traffic, but a full
two-country check). Opening hours are not modelled: only Hani i Hotit is known to be 24 h.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.types import LatLng

DEFAULT_WAIT_RANGE_MIN = (15.0, 45.0)  # crossings with no reported wait (see module docstring)


@dataclass(frozen=True, slots=True)
class BorderCrossing:
    """A road border crossing between Albania and Montenegro, with its wait range in minutes."""

    crossing_id: str
    name: str
    point: LatLng
    wait_range_min: tuple[float, float]

    def wait_min(self, *, peak: bool = False) -> float:
        """Expected queue and control time in minutes: range midpoint, or upper bound at peak."""
        low, high = self.wait_range_min
        return high if peak else (low + high) / 2.0


def is_peak_day(day: date) -> bool:
    """True on the days with long border queues: 15 Jul - 31 Aug and 20 Dec - 7 Jan."""
    month_day = (day.month, day.day)
    summer = (7, 15) <= month_day <= (8, 31)
    holidays = month_day >= (12, 20) or month_day <= (1, 7)
    return summer or holidays


def parse_wait_range_min(text: str) -> tuple[float, float]:
    """Parse a "30-90" minutes range (or a single "40") from the CSV; empty gives the default."""
    text = text.strip()
    if not text:
        return DEFAULT_WAIT_RANGE_MIN
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def load_border_crossings(path: Path) -> tuple[BorderCrossing, ...]:
    """The crossings of `border_crossings_al_me.csv`, positions in degrees, waits in minutes."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            BorderCrossing(
                crossing_id=row["id"],
                name=row["name"],
                point=LatLng(float(row["lat"]), float(row["lon"])),
                wait_range_min=parse_wait_range_min(row["typical_wait_min"]),
            )
            for row in csv.DictReader(handle)
        )
