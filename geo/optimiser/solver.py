"""The TOPTW solver: ruin and recreate with simulated annealing, run in timed chunks.

The numba kernels are compiled (or loaded from numba's on-disk cache) by ``warm_up``, which
``solve_tours`` calls before it starts its clock, so compilation never eats the time limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from geo.optimiser import _search
from geo.optimiser.errors import InvalidProblem
from geo.optimiser.problem import TourProblem, TourSolution

_CHUNK_S = 0.02
_warm = False


@dataclass(frozen=True)
class SearchSettings:
    """Tuning of the search, the same for every instance. Insertion ranks nodes by
    score ** alpha / shift with alpha drawn in [alpha_lo, alpha_hi] and a multiplicative noise
    up to ``noise``; a ruin removes up to ``ruin_frac`` of the visited
    nodes and at most ``ruin_max``; the annealing
    temperature falls from ``t0_frac`` to ``t1_frac`` × the mean node score over ``cycle``
    iterations, after which the search restarts from the best solution."""

    alpha_lo: float = 1.0
    alpha_hi: float = 2.5
    noise: float = 0.3
    ruin_frac: float = 0.5
    ruin_max: int = 1000
    ruin_skew: float = 1.0
    t0_frac: float = 1.0
    t1_frac: float = 0.01
    cycle: int = 2000


def solve_tours(
    problem: TourProblem,
    *,
    seed: int = 0,
    time_limit_s: float = 1.0,
    max_iterations: int | None = None,
    settings: SearchSettings | None = None,
) -> TourSolution:
    """Maximise the total score of ``problem``'s tours within ``time_limit_s`` seconds of
    search (wall clock, compilation excluded) or ``max_iterations`` iterations, whichever
    comes first. The result is deterministic for a given seed and iteration count."""
    if time_limit_s <= 0 and max_iterations is None:
        raise InvalidProblem("give a positive time_limit_s or a max_iterations")
    warm_up()
    clock = time.perf_counter()
    run = _Run(problem, seed, settings or SearchSettings())
    limit = max_iterations if max_iterations is not None else 1 << 62
    deadline = clock + time_limit_s if time_limit_s > 0 else float("inf")
    chunk = 8
    while run.iterations < limit:
        left_s = deadline - time.perf_counter()
        if left_s <= 0:
            break
        begun = time.perf_counter()
        run.step(min(chunk, limit - run.iterations))
        per_iter_s = (time.perf_counter() - begun) / chunk
        chunk = max(1, int(min(_CHUNK_S, left_s) / max(per_iter_s, 1e-7)))
    return run.solution(time.perf_counter() - clock)


class _Run:
    """The arrays of one search: problem, current, best and work solutions, scratch, state."""

    def __init__(self, problem: TourProblem, seed: int, settings: SearchSettings) -> None:
        n, m = problem.n_nodes, len(problem.tours)
        tours = np.array([[t.start_node, t.end_node, t.depart_tick, t.return_tick]
                          for t in problem.tours], dtype=np.int64)
        nodes = np.stack([problem.service_ticks, problem.open_tick, problem.close_tick,
                          problem.score, problem.group]).astype(np.int64)
        limits = np.array(problem.group_limit or (0,), dtype=np.int64)
        eligible = np.flatnonzero(problem.visitable).astype(np.int64)
        self.prob = (np.ascontiguousarray(problem.travel_ticks), nodes, tours, limits, eligible)
        cap = max(1, eligible.size)
        self.work = (np.zeros((m, cap), np.int64), np.zeros(m, np.int64),
                     np.zeros((m, cap), np.int64), np.zeros((m, cap), np.int64),
                     np.zeros((m, cap), np.int64), np.zeros(m, np.int64),
                     np.full(n, -1, np.int64), np.zeros((m, limits.size), np.int64))
        self.cur = (np.zeros((m, cap), np.int64), np.zeros(m, np.int64))
        self.best = (np.zeros((m, cap), np.int64), np.zeros(m, np.int64))
        self.buf = (np.zeros(cap, np.int64), np.zeros(cap, np.float64),
                    np.zeros((cap, m), np.int64), np.zeros((cap, m), np.int64))
        mean_score = float(problem.score[eligible].mean()) if eligible.size else 1.0
        self.params = np.array([settings.alpha_lo, settings.alpha_hi, settings.noise,
                                settings.ruin_frac, settings.ruin_max, settings.ruin_skew,
                                settings.t0_frac * mean_score,
                                settings.t1_frac * mean_score, settings.cycle], np.float64)
        self.state = np.zeros(5, np.int64)
        self.rng = np.array([seed * 2654435761 + 12345], dtype=np.int64)
        _search.start(self.prob, self.work, self.buf, self.best, self.state, self.rng)
        self.cur[0][:], self.cur[1][:] = self.best[0], self.best[1]
        self.state[_search.S_ITER] = 0

    @property
    def iterations(self) -> int:
        return int(self.state[_search.S_ITER])

    def step(self, n_iter: int) -> None:
        _search.iterate(self.prob, self.cur, self.best, self.work, self.buf, self.params,
                        self.state, self.rng, n_iter)

    def solution(self, seconds: float) -> TourSolution:
        seq, ln = self.best
        tours = tuple(tuple(int(j) for j in seq[r, : ln[r]]) for r in range(ln.size))
        return TourSolution(tours, int(self.state[_search.S_BEST_SCORE]), self.iterations,
                            seconds)


def warm_up() -> None:
    """Compile (or load from numba's cache) every kernel on a three-node problem; call it at
    start-up to keep compilation out of the first request's latency."""
    global _warm
    if _warm:
        return
    tiny = TourProblem.with_depot(
        travel_ticks=np.array([[0, 1, 2], [1, 0, 1], [2, 1, 0]]),
        service_ticks=np.zeros(3), open_tick=np.zeros(3), close_tick=np.full(3, 10),
        score=np.array([0, 1, 1]), n_tours=1)
    _Run(tiny, 0, SearchSettings()).step(3)
    _warm = True
