"""Value types of the tour optimiser: the problem, its tours and a solution.

Times are integer *ticks*, a unit the caller chooses (minutes for trips, hundredths of a time
unit for the TOPTW benchmark); integers keep feasibility exact. Node indices are positions in
the arrays; a tour starts at ``start_node`` no earlier than ``depart_tick`` and must reach
``end_node`` by ``return_tick``. A node's window bounds the *start* of its service.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from geo.optimiser.errors import InvalidProblem


@dataclass(frozen=True)
class TourSpec:
    """One tour (a day): start and end node, earliest departure and latest return (ticks)."""

    start_node: int
    end_node: int
    depart_tick: int
    return_tick: int


@dataclass(frozen=True, eq=False)
class TourProblem:
    """Team orienteering problem with time windows: pick and order nodes into the tours so as
    to maximise the total ``score``. Arrays have one entry per node (``travel_ticks`` is
    n × n); ``group`` (-1 for none) with ``group_limit[g]`` caps how many nodes of group ``g``
    one tour may hold; ``visitable`` marks the nodes that may be visited (default: all nodes
    that are no tour's start or end and have a positive score)."""

    travel_ticks: np.ndarray
    service_ticks: np.ndarray
    open_tick: np.ndarray
    close_tick: np.ndarray
    score: np.ndarray
    tours: tuple[TourSpec, ...]
    group: np.ndarray | None = None
    group_limit: tuple[int, ...] = ()
    visitable: np.ndarray | None = field(default=None)

    def __post_init__(self) -> None:
        for name in ("travel_ticks", "service_ticks", "open_tick", "close_tick", "score"):
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=np.int64))
        n = self.n_nodes
        group = np.full(n, -1) if self.group is None else self.group
        object.__setattr__(self, "group", np.asarray(group, dtype=np.int64))
        object.__setattr__(self, "tours", tuple(self.tours))
        object.__setattr__(self, "group_limit", tuple(int(g) for g in self.group_limit))
        _validate_tours(self.tours, n)
        visitable = self._default_visitable() if self.visitable is None else self.visitable
        object.__setattr__(self, "visitable", np.asarray(visitable, dtype=bool))
        _validate(self)

    @classmethod
    def with_depot(
        cls,
        *,
        travel_ticks: np.ndarray,
        service_ticks: np.ndarray,
        open_tick: np.ndarray,
        close_tick: np.ndarray,
        score: np.ndarray,
        n_tours: int,
    ) -> TourProblem:
        """The classic TOPTW: ``n_tours`` identical tours from and back to node 0, within node
        0's window [open_tick[0], close_tick[0]] (ticks)."""
        depot = TourSpec(0, 0, int(open_tick[0]), int(close_tick[0]))
        return cls(travel_ticks, service_ticks, open_tick, close_tick, score, (depot,) * n_tours)

    @property
    def n_nodes(self) -> int:
        return int(self.score.shape[0])

    def _default_visitable(self) -> np.ndarray:
        visitable = self.score > 0
        for tour in self.tours:
            visitable[[tour.start_node, tour.end_node]] = False
        return visitable


def _validate(problem: TourProblem) -> None:
    n = problem.n_nodes
    if problem.travel_ticks.shape != (n, n):
        raise InvalidProblem(f"travel_ticks must be {n} x {n}, got {problem.travel_ticks.shape}")
    for name in ("service_ticks", "open_tick", "close_tick", "group", "visitable"):
        if getattr(problem, name).shape != (n,):
            raise InvalidProblem(f"{name} must have {n} entries")
    if (problem.travel_ticks < 0).any() or (problem.service_ticks < 0).any():
        raise InvalidProblem("travel and service times must be non-negative")
    groups = problem.group[problem.group >= 0]
    if groups.size and groups.max() >= len(problem.group_limit):
        raise InvalidProblem("every group needs a group_limit entry")


def _validate_tours(tours: tuple[TourSpec, ...], n: int) -> None:
    if not tours:
        raise InvalidProblem("at least one tour is needed")
    for tour in tours:
        if not (0 <= tour.start_node < n and 0 <= tour.end_node < n):
            raise InvalidProblem(f"tour {tour} names a node outside 0..{n - 1}")


@dataclass(frozen=True)
class TourSolution:
    """The tours found (node indices in visiting order, start/end nodes excluded), their total
    score, the number of search iterations run and the wall-clock seconds spent."""

    tours: tuple[tuple[int, ...], ...]
    score: int
    iterations: int
    seconds: float
