"""The TOPTW solver: ruin and recreate with simulated annealing, run in chunks.

The search is split in annealing cycles; within a cycle the temperature falls geometrically
with the progress (elapsed share of the time limit, or of ``max_iterations`` when the time
limit is not given), and each cycle restarts from the best solution. The numba kernels are
compiled (or loaded from numba's on-disk cache) by ``warm_up``, which ``solve_tours`` calls
before it starts its clock, so compilation never eats the time limit. Numba keys its cache on
each kernel's own file only: after editing a kernel module, delete the ``*.nbi``/``*.nbc``
files under ``geo/optimiser/__pycache__`` so that callers in other modules are recompiled.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from geo.optimiser import _search
from geo.optimiser.errors import InvalidProblem
from geo.optimiser.problem import TourProblem, TourSolution

_CHUNK_S = 0.01
_CHUNKS_PER_RUN = 100
_warm = False


@dataclass(frozen=True)
class SearchSettings:
    """Tuning of the search, the same for every instance. Insertion ranks nodes by
    score ** alpha / shift with alpha drawn in [alpha_lo, alpha_hi] and a multiplicative noise
    up to ``noise``; with probability ``lucky`` a random node is inserted first. A ruin
    removes k = 1 + k_max * u ** ruin_skew nodes (u uniform in [0, 1)), k_max being the
    smaller of ``ruin_frac`` × the visited nodes and ``ruin_max``. The annealing temperature
    falls from ``t0_frac`` to ``t1_frac`` × the mean node score in each of ``cycles`` cycles,
    each restarting from the best solution. With probability ``routing`` an iteration also
    shortens its tours by 2-opt and or-opt moves."""

    alpha_lo: float = 1.0
    alpha_hi: float = 2.5
    noise: float = 1.0
    lucky: float = 0.2
    ruin_frac: float = 0.5
    ruin_max: int = 1000
    ruin_skew: float = 1.0
    t0_frac: float = 1.0
    t1_frac: float = 0.01
    cycles: int = 2
    routing: float = 0.3


def solve_tours(
    problem: TourProblem,
    *,
    seed: int = 0,
    time_limit_s: float | None = 1.0,
    max_iterations: int | None = None,
    settings: SearchSettings | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> TourSolution:
    """Maximise the total score of ``problem``'s tours within ``time_limit_s`` seconds of
    search (wall clock, compilation excluded) and ``max_iterations`` iterations. With
    ``time_limit_s=None`` the run is bounded by iterations only and is deterministic for a
    given seed; with both, the annealing follows the time and the iterations cap the run.
    ``clock`` returns seconds: wall clock by default, ``time.process_time`` to count CPU."""
    if time_limit_s is None and max_iterations is None:
        raise InvalidProblem("give a time_limit_s or a max_iterations")
    warm_up()
    started = clock()
    settings = settings or SearchSettings()
    run = _Run(problem, seed, settings)
    limit = max_iterations if max_iterations is not None else 1 << 62
    by_time = time_limit_s is not None
    chunk = 8 if by_time else max(1, limit // _CHUNKS_PER_RUN)
    cycle = 0
    while run.iterations < limit:
        elapsed_s = clock() - started
        if by_time:
            progress = elapsed_s / time_limit_s if time_limit_s > 0 else 1.0
        else:
            progress = run.iterations / limit
        if progress >= 1.0:
            break
        position = progress * settings.cycles
        if int(position) > cycle:
            cycle = int(position)
            run.restart()
        n_iter = min(chunk, limit - run.iterations)
        begun = clock()
        run.step(n_iter, run.temperature(position - cycle))
        if by_time:
            per_iter_s = (clock() - begun) / n_iter
            left_s = time_limit_s - (clock() - started)
            chunk = max(1, int(min(_CHUNK_S, left_s) / max(per_iter_s, 1e-7)))
    return run.solution(clock() - started)


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
                    np.zeros((cap, m), np.int64), np.zeros((cap, m), np.int64),
                    np.zeros(cap + 1, np.int64), np.zeros(cap + 1, np.int64),
                    np.zeros(cap + 1, np.int64))
        self.params = np.array([settings.alpha_lo, settings.alpha_hi, settings.noise,
                                settings.ruin_frac, settings.ruin_max, settings.ruin_skew,
                                settings.routing, settings.lucky])
        mean_score = float(problem.score[eligible].mean()) if eligible.size else 1.0
        self.t0, self.t1 = settings.t0_frac * mean_score, settings.t1_frac * mean_score
        self.state = np.zeros(5, np.int64)
        self.rng = np.array([seed * 2654435761 + 12345], dtype=np.int64)
        _search.start(self.prob, self.work, self.buf, self.best, self.state, self.rng)
        self.restart()

    @property
    def iterations(self) -> int:
        return int(self.state[_search.S_ITER])

    def temperature(self, cycle_progress: float) -> float:
        """Annealing temperature (score units) at a point of the cycle in [0, 1)."""
        if self.t0 <= 0 or self.t1 <= 0:
            return 1e-9
        return self.t0 * (self.t1 / self.t0) ** cycle_progress

    def restart(self) -> None:
        _search.restart(self.cur, self.best, self.state)

    def step(self, n_iter: int, temperature: float) -> None:
        _search.iterate(self.prob, self.cur, self.best, self.work, self.buf, self.params,
                        self.state, self.rng, n_iter, temperature)

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
    run = _Run(tiny, 0, SearchSettings())
    run.step(3, 1.0)
    run.restart()
    _warm = True
