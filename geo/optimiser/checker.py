"""Independent feasibility check of tours: a plain simulation, sharing no code with the
solver's kernels, used by tests and the benchmark to trust nothing the search reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from geo.optimiser.problem import TourProblem


@dataclass(frozen=True)
class TourCheck:
    """Outcome of ``check_tours``: feasibility, the score recomputed from the visited nodes,
    each tour's arrival tick at its end node, and a message per violation."""

    feasible: bool
    score: int
    end_ticks: tuple[int, ...]
    violations: tuple[str, ...]


def check_tours(problem: TourProblem, tours: Sequence[Sequence[int]]) -> TourCheck:
    """Simulate every tour (ticks): leave the start node at the departure tick, wait at a node
    until it opens, start no later than it closes, reach the end node by the return tick; no
    node twice, only visitable nodes, group limits per tour. Recompute the score."""
    violations: list[str] = []
    if len(tours) != len(problem.tours):
        violations.append(f"{len(tours)} tours given, the problem has {len(problem.tours)}")
    seen: Counter[int] = Counter(int(j) for tour in tours for j in tour)
    violations += [f"node {j} visited {k} times" for j, k in seen.items() if k > 1]
    for j in seen:
        if not 0 <= j < problem.n_nodes or not problem.visitable[j]:
            violations.append(f"node {j} may not be visited")
    if violations:
        return TourCheck(False, 0, (), tuple(violations))
    end_ticks = []
    for index, (spec, tour) in enumerate(zip(problem.tours, tours, strict=True)):
        end_ticks.append(_simulate(problem, index, spec, [int(j) for j in tour], violations))
        violations += _group_violations(problem, index, tour)
    score = sum(int(problem.score[j]) for j in seen)
    return TourCheck(not violations, score, tuple(end_ticks), tuple(violations))


def _simulate(problem: TourProblem, index: int, spec, tour: list[int], out: list[str]) -> int:
    starts, back = tour_starts(problem, index, tour)
    for node, begin in zip(tour, starts, strict=True):
        if begin > problem.close_tick[node]:
            out.append(f"tour {index}: node {node} starts at {begin}, closes at "
                       f"{int(problem.close_tick[node])}")
    if back > spec.return_tick:
        out.append(f"tour {index}: back at {back}, after {spec.return_tick}")
    return back


def tour_starts(problem: TourProblem, index: int, tour: Sequence[int]) -> tuple[list[int], int]:
    """Service start tick of each node of tour ``index`` when it leaves at its departure tick
    and waits wherever it arrives early, and the tick it reaches its end node."""
    spec = problem.tours[index]
    clock, here, starts = spec.depart_tick, spec.start_node, []
    for node in tour:
        begin = max(clock + int(problem.travel_ticks[here, node]), int(problem.open_tick[node]))
        starts.append(begin)
        clock, here = begin + int(problem.service_ticks[node]), int(node)
    return starts, clock + int(problem.travel_ticks[here, spec.end_node])


def _group_violations(problem: TourProblem, index: int, tour: Sequence[int]) -> list[str]:
    counts = Counter(int(problem.group[j]) for j in tour if problem.group[j] >= 0)
    return [f"tour {index}: {k} nodes of group {g}, limit {problem.group_limit[g]}"
            for g, k in counts.items() if k > problem.group_limit[g]]
