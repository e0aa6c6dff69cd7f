"""Parsing of TOPTW instance files (Righini-Salani / Montemanni-Gambardella format).

Times become integer hundredths ("ticks"). Euclidean distances are truncated to 1 decimal for
the Solomon-based files and to 2 decimals for the Cordeau-based ones: by file name (``pr*`` is
Cordeau; ``c*``, ``r*``, ``rc*`` are Solomon); for any other name by the data: coordinates
written with three or more decimals mean Cordeau, otherwise Solomon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np

from geo.optimiser import TourProblem

TICKS_PER_UNIT = 100


class InstanceFormatError(ValueError):
    """The file is not a TOPTW instance in the expected format."""


@dataclass(frozen=True, eq=False)
class Instance:
    """A parsed instance: ``n_customers`` customers plus the depot (node 0); coordinates as
    the decimal strings of the file; service, open and close times in ticks; the distance
    rounding (decimals kept by truncation)."""

    name: str
    x: tuple[Decimal, ...]
    y: tuple[Decimal, ...]
    service_ticks: np.ndarray
    score: np.ndarray
    open_tick: np.ndarray
    close_tick: np.ndarray
    decimals: int

    @property
    def n_customers(self) -> int:
        return len(self.x) - 1

    def travel_ticks(self) -> np.ndarray:
        """Truncated Euclidean distances between all nodes, in ticks (exact integer math)."""
        return travel_ticks(self.x, self.y, self.decimals)

    def problem(self, n_tours: int) -> TourProblem:
        """The TOPTW with ``n_tours`` tours from and back to the depot."""
        return TourProblem.with_depot(
            travel_ticks=self.travel_ticks(), service_ticks=self.service_ticks,
            open_tick=self.open_tick, close_tick=self.close_tick, score=self.score,
            n_tours=n_tours)


def read_instance(path: Path, decimals: int | None = None) -> Instance:
    """Parse the instance file at ``path``; ``decimals`` overrides the distance rounding."""
    return parse_instance(path.read_text(), name=path.stem, decimals=decimals)


def parse_instance(text: str, *, name: str, decimals: int | None = None) -> Instance:
    """Parse an instance from its text, read as a token stream: the header ``k v N t``, one
    or two unused numbers (``D Q``), then N + 1 node records ``i x y d S f a <a numbers> O C``.
    Anything after node N is ignored."""
    tokens = text.split()
    if len(tokens) < 4:
        raise InstanceFormatError(f"{name}: header too short")
    n_customers = _int(tokens[2], name)
    for skip in (2, 1, 0, 3):
        records = _node_records(tokens, 4 + skip, n_customers)
        if records is not None:
            break
    else:
        raise InstanceFormatError(f"{name}: cannot find {n_customers + 1} node records")
    x, y = tuple(r[0] for r in records), tuple(r[1] for r in records)
    if decimals is None:
        decimals = _rounding_decimals(name, x + y)

    def column(k: int) -> np.ndarray:
        return np.array([_ticks(r[k], name) for r in records], dtype=np.int64)

    return Instance(name, x, y, column(2), np.array([int(r[3]) for r in records]), column(4),
                    column(5), decimals)


def _node_records(tokens: list[str], at: int, n_customers: int) -> list[tuple] | None:
    """The node records starting at token ``at``, or None when they do not parse as such."""
    records = []
    try:
        for i in range(n_customers + 1):
            if int(Decimal(tokens[at])) != i:
                return None
            x, y, d, s = (Decimal(tok) for tok in tokens[at + 1: at + 5])
            n_list = int(Decimal(tokens[at + 6]))
            end = at + 7 + n_list
            opn, cls = Decimal(tokens[end]), Decimal(tokens[end + 1])
            if n_list < 0 or s != s.to_integral_value() or opn > cls:
                return None
            records.append((x, y, d, s, opn, cls))
            at = end + 2
    except (IndexError, InvalidOperation, ValueError):
        return None
    return records


def _rounding_decimals(name: str, coords: tuple[Decimal, ...]) -> int:
    lowered = name.lower()
    if lowered.startswith("pr"):
        return 2
    if lowered.startswith(("c", "r")):
        return 1
    most = max((-c.as_tuple().exponent for c in coords), default=0)
    return 2 if most >= 3 else 1


def travel_ticks(x: tuple[Decimal, ...], y: tuple[Decimal, ...], decimals: int) -> np.ndarray:
    """Euclidean distances truncated to ``decimals`` decimals, in ticks (hundredths), computed
    exactly: floor(sqrt(A) * 10**decimals / S) = isqrt(A * 100**decimals) // S for coordinates
    scaled to integers by S."""
    places = max(-c.as_tuple().exponent for c in x + y)
    scale = 10 ** max(places, 0)
    xi = [int(c * scale) for c in x]
    yi = [int(c * scale) for c in y]
    n = len(xi)
    out = np.zeros((n, n), dtype=np.int64)
    factor = 100**decimals
    to_ticks = TICKS_PER_UNIT // 10**decimals
    for i in range(n):
        for j in range(i + 1, n):
            sq = (xi[i] - xi[j]) ** 2 + (yi[i] - yi[j]) ** 2
            out[i, j] = out[j, i] = math.isqrt(sq * factor) // scale * to_ticks
    return out


def _ticks(value: Decimal, name: str) -> int:
    scaled = value * TICKS_PER_UNIT
    if scaled != scaled.to_integral_value():
        raise InstanceFormatError(f"{name}: {value} is not a whole number of hundredths")
    return int(scaled)


def _int(token: str, name: str) -> int:
    try:
        return int(token)
    except ValueError as exc:
        raise InstanceFormatError(f"{name}: {token!r} is not an integer") from exc
