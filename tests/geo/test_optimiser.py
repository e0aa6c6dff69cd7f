"""Tests of the TOPTW solver and its independent checker (pure, no database)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.optimiser import (
    InvalidProblem,
    TourProblem,
    TourSpec,
    check_tours,
    solve_tours,
    tour_starts,
)


def _euclid_ticks(xy: np.ndarray) -> np.ndarray:
    return np.floor(np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))).astype(np.int64)


@st.composite
def problems(draw, max_customers: int = 12, max_tours: int = 3) -> TourProblem:
    """Random TOPTW instances: depot 0, integer coordinates, windows anywhere in the day."""
    n = draw(st.integers(1, max_customers)) + 1
    coords = st.tuples(st.integers(0, 50), st.integers(0, 50))
    xy = np.array(draw(st.lists(coords, min_size=n, max_size=n)), dtype=float)
    horizon = draw(st.integers(20, 200))
    opens = [0] + [draw(st.integers(0, horizon)) for _ in range(n - 1)]
    widths = [horizon] + [draw(st.integers(0, horizon)) for _ in range(n - 1)]
    return TourProblem.with_depot(
        travel_ticks=_euclid_ticks(xy),
        service_ticks=np.array([0] + [draw(st.integers(0, 20)) for _ in range(n - 1)]),
        open_tick=np.array(opens),
        close_tick=np.array([o + w for o, w in zip(opens, widths, strict=True)]),
        score=np.array([0] + [draw(st.integers(0, 30)) for _ in range(n - 1)]),
        n_tours=draw(st.integers(1, max_tours)),
    )


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), seed=st.integers(0, 1000))
def test_solutions_are_feasible_and_scored_right(problem: TourProblem, seed: int) -> None:
    solution = solve_tours(problem, seed=seed, time_limit_s=None, max_iterations=40)
    check = check_tours(problem, solution.tours)
    visited = [j for tour in solution.tours for j in tour]
    assert check.feasible, check.violations
    assert len(visited) == len(set(visited))
    assert 0 not in visited
    assert solution.score == check.score == int(problem.score[visited].sum())
    assert all(end <= problem.close_tick[0] for end in check.end_ticks)


def _brute_force(problem: TourProblem) -> int:
    """Best score by depth-first search over all tours (tiny instances only)."""
    visitable = [j for j in range(problem.n_nodes) if problem.visitable[j]]

    def extend(tour_index: int, tour: list[int], used: frozenset[int]) -> int:
        best = 0
        if tour_index + 1 < len(problem.tours):
            best = extend(tour_index + 1, [], used)
        for j in visitable:
            if j in used:
                continue
            candidate = [*tour, j]
            starts, back = tour_starts(problem, tour_index, candidate)
            if starts[-1] > problem.close_tick[j] or back > problem.tours[tour_index].return_tick:
                continue
            best = max(best, int(problem.score[j]) + extend(tour_index, candidate, used | {j}))
        return best

    return extend(0, [], frozenset())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(max_customers=7, max_tours=2), seed=st.integers(0, 100))
def test_small_instances_reach_the_optimum(problem: TourProblem, seed: int) -> None:
    solution = solve_tours(problem, seed=seed, time_limit_s=None, max_iterations=400)
    assert solution.score == _brute_force(problem)


def _ring_problem(n_tours: int = 2) -> TourProblem:
    angles = np.linspace(0, 2 * math.pi, 30, endpoint=False)
    xy = np.vstack([[0.0, 0.0], np.c_[40 * np.cos(angles), 40 * np.sin(angles)]])
    n = xy.shape[0]
    rng = np.random.default_rng(7)
    return TourProblem.with_depot(
        travel_ticks=_euclid_ticks(xy), service_ticks=np.full(n, 5),
        open_tick=np.r_[0, rng.integers(0, 100, n - 1)],
        close_tick=np.r_[200, rng.integers(100, 200, n - 1)],
        score=np.r_[0, rng.integers(1, 20, n - 1)], n_tours=n_tours)


def test_same_seed_and_iterations_give_the_same_tours() -> None:
    problem = _ring_problem()
    first = solve_tours(problem, seed=3, time_limit_s=None, max_iterations=300)
    again = solve_tours(problem, seed=3, time_limit_s=None, max_iterations=300)
    assert first.tours == again.tours and first.iterations == again.iterations == 300


def test_time_limit_stops_the_search() -> None:
    solution = solve_tours(_ring_problem(), seed=0, time_limit_s=0.05)
    assert solution.seconds < 0.5
    assert check_tours(_ring_problem(), solution.tours).feasible


def test_tours_with_their_own_start_end_and_group_limits() -> None:
    xy = np.array([[0, 0], [100, 0], [10, 0], [20, 0], [30, 0], [40, 0], [50, 0]], float)
    tours = (TourSpec(0, 1, 0, 300), TourSpec(1, 0, 0, 300))
    problem = TourProblem(
        _euclid_ticks(xy), np.full(7, 10), np.zeros(7), np.full(7, 300),
        np.array([0, 0, 5, 5, 5, 5, 5]), tours,
        group=np.array([-1, -1, 0, 0, 0, 1, 1]), group_limit=(1, 2))
    solution = solve_tours(problem, seed=0, time_limit_s=None, max_iterations=200)
    check = check_tours(problem, solution.tours)
    assert check.feasible, check.violations
    for tour in solution.tours:
        assert sum(problem.group[j] == 0 for j in tour) <= 1
    assert solution.score == 20  # two of group 0 (one per tour) and both of group 1


def test_checker_reports_each_kind_of_violation() -> None:
    problem = TourProblem.with_depot(
        travel_ticks=np.array([[0, 10, 10], [10, 0, 10], [10, 10, 0]]),
        service_ticks=np.array([0, 5, 5]), open_tick=np.array([0, 0, 0]),
        close_tick=np.array([30, 5, 30]), score=np.array([0, 3, 4]), n_tours=1)
    assert not check_tours(problem, [[1]]).feasible  # reached at 10, closes at 5
    assert not check_tours(problem, [[2, 2]]).feasible  # twice
    assert not check_tours(problem, [[0]]).feasible  # the depot is no visit
    assert not check_tours(problem, [[2], []]).feasible  # too many tours
    late = TourProblem.with_depot(
        travel_ticks=problem.travel_ticks, service_ticks=problem.service_ticks,
        open_tick=problem.open_tick, close_tick=np.array([20, 30, 30]), score=problem.score,
        n_tours=1)
    assert not check_tours(late, [[2]]).feasible  # back at 25 > 20
    ok = check_tours(problem, [[2]])
    assert ok.feasible and ok.score == 4 and ok.end_ticks == (25,)


def test_invalid_problems_are_refused() -> None:
    with pytest.raises(InvalidProblem):
        TourProblem.with_depot(travel_ticks=np.zeros((3, 2)), service_ticks=np.zeros(3),
                               open_tick=np.zeros(3), close_tick=np.ones(3),
                               score=np.ones(3), n_tours=1)
    with pytest.raises(InvalidProblem):
        TourProblem(np.zeros((2, 2)), np.zeros(2), np.zeros(2), np.ones(2), np.ones(2),
                    (TourSpec(0, 5, 0, 1),))
    with pytest.raises(InvalidProblem):
        solve_tours(_ring_problem(), time_limit_s=None, max_iterations=None)
