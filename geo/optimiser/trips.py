"""Multi-day trips: orienteering with lodging selection on top of the TOPTW solver.

A sequence of lodgings (one per night) fixes every day's start and end node; the days' visits
are then one TOPTW (``solve_tours``) with the sectors as groups (one per day unless
repeatable). Hard rules are enforced by *forcing* experiences, i.e. giving them a score that
outweighs all others: the required experiences, then per missing required country its best
experience that fits; requested sectors left uncovered are forced too when that pays. Lodging
sequences are searched by first-improvement changes of one night at a time, starting from
the best "every night in the same place" plan.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from geo.optimiser.checker import tour_starts
from geo.optimiser.errors import InfeasibleTrip
from geo.optimiser.problem import TourProblem, TourSolution, TourSpec
from geo.optimiser.solver import solve_tours
from geo.optimiser.trip_types import TripDay, TripPlan, TripRequest, TripVisit

_POOL_SIZE = 6
_TRIES_PER_RULE = 3


def plan_trip(
    request: TripRequest,
    *,
    seed: int = 0,
    time_limit_s: float | None = 2.0,
    iterations_per_plan: int = 300,
    max_plans: int | None = None,
) -> TripPlan:
    """Choose the lodgings and the days' visits maximising the request's objective. The
    lodging search stops after ``time_limit_s`` seconds or ``max_plans`` evaluated lodging
    sequences (each a TOPTW of ``iterations_per_plan`` iterations); the best sequence is then
    re-solved with four times as many iterations. Deterministic without a time limit. Raises
    InfeasibleTrip when no sequence meets the required experiences and countries."""
    model = _Model(request)
    budget = _Budget(time_limit_s, max_plans)
    best = _search_lodgings(model, budget, seed, iterations_per_plan)
    final = _solve_rules(model, best.nights, seed, 4 * iterations_per_plan)
    if best.beats(final):
        final = best
    if final.missing:
        raise InfeasibleTrip("no lodging sequence meets the required places and countries")
    return model.plan(final)


def _search_lodgings(model: _Model, budget: _Budget, seed: int, iterations: int) -> _Outcome:
    """Best lodging sequence found: uniform sequences over a pool of promising lodgings, then
    one-night changes while they improve and the budget lasts."""
    n_nights = model.request.n_days - 1
    if n_nights == 0:
        return _solve_rules(model, (), seed, iterations)
    pool = model.lodging_pool()
    best: _Outcome | None = None
    for h in pool:
        if not budget.spend():
            break
        outcome = _solve_rules(model, (h,) * n_nights, seed, iterations)
        best = outcome if outcome.beats(best) else best
    assert best is not None
    improved = True
    while improved:
        improved = False
        for d in range(n_nights):
            for h in pool:
                if h == best.nights[d]:
                    continue
                if not budget.spend():
                    return best
                nights = best.nights[:d] + (h,) + best.nights[d + 1:]
                outcome = _solve_rules(model, nights, seed, iterations)
                if outcome.beats(best):
                    best, improved = outcome, True
    return best


def _solve_rules(model: _Model, nights: tuple[int, ...], seed: int, iterations: int) -> _Outcome:
    """Solve the days of a lodging sequence, forcing experiences until the required ones,
    one per required country and (when it pays) one per requested sector are in."""
    r = model.request
    forced = frozenset(model.key_index[k] for k in r.required_experiences)
    outcome = _solve(model, nights, forced, seed, iterations)
    if outcome.missing:
        return outcome
    for country in sorted(r.required_countries):
        if country not in model.countries(outcome.solution):
            outcome = _force_one(model, outcome, model.ranked(outcome, "country", country),
                                 seed, iterations, required=True)
    for sector in sorted(r.requested_sectors):
        if sector not in model.sectors(outcome.solution):
            outcome = _force_one(model, outcome, model.ranked(outcome, "sector", sector),
                                 seed, iterations, required=False)
    return outcome


def _force_one(model: _Model, outcome: _Outcome, candidates: list[int], seed: int,
               iterations: int, *, required: bool) -> _Outcome:
    """Try forcing each candidate in turn; keep the first that fits (and, if not required,
    raises the value). A required rule that no candidate meets counts as missing."""
    for j in candidates[:_TRIES_PER_RULE]:
        trial = _solve(model, outcome.nights, outcome.forced | {j}, seed, iterations,
                       broken=outcome.broken)
        if trial.missing == outcome.broken and (required or trial.value > outcome.value):
            return trial
    if required:
        return replace(outcome, missing=outcome.missing + 1, broken=outcome.broken + 1)
    return outcome


def _solve(model: _Model, nights: tuple[int, ...], forced: frozenset[int], seed: int,
           iterations: int, *, broken: int = 0) -> _Outcome:
    """Solve with the ``forced`` experiences; ``broken`` rules are carried over as missing."""
    problem = model.problem(nights, forced)
    solution = solve_tours(problem, seed=seed, time_limit_s=None, max_iterations=iterations)
    visited = model.visited(solution)
    return _Outcome(nights, forced, problem, solution, model.value(nights, visited),
                    len(forced - visited) + broken, broken)


@dataclass(frozen=True)
class _Outcome:
    """A solved lodging sequence; ``missing`` counts the hard rules it breaks, ``broken``
    those among them that no forcing could meet (required countries)."""

    nights: tuple[int, ...]
    forced: frozenset[int]
    problem: TourProblem
    solution: TourSolution
    value: float
    missing: int
    broken: int = 0

    def beats(self, other: _Outcome | None) -> bool:
        return other is None or (-self.missing, self.value) > (-other.missing, other.value)


class _Budget:
    def __init__(self, time_limit_s: float | None, max_plans: int | None) -> None:
        self.deadline = None if time_limit_s is None else time.perf_counter() + time_limit_s
        self.left = max_plans
        self.spent = 0

    def spend(self) -> bool:
        """Whether one more lodging sequence may be evaluated (and count it); the first may."""
        self.spent += 1
        if self.spent == 1:
            return True
        if self.deadline is not None and time.perf_counter() > self.deadline:
            return False
        if self.left is not None:
            if self.left <= 0:
                return False
            self.left -= 1
        return True


class _Model:
    """Node layout of the TOPTW: experiences 0..E-1, lodgings E..E+L-1, start, end."""

    def __init__(self, request: TripRequest) -> None:
        self.request = request
        exps, lodgings = request.experiences, request.lodgings
        points = [e.point for e in exps] + [h.point for h in lodgings]
        points += [request.start_point, request.end_point]
        self.start_node, self.end_node = len(points) - 2, len(points) - 1
        self.n_exp = len(exps)
        self.travel = np.asarray(request.travel_min, dtype=np.int64)[np.ix_(points, points)]
        sectors = sorted({e.sector for e in exps})
        self.group = np.full(len(points), -1, dtype=np.int64)
        self.group[: self.n_exp] = [sectors.index(e.sector) for e in exps]
        self.group_limit = tuple(len(exps) if s in request.repeatable_sectors else 1
                                 for s in sectors)
        self.base_score = np.zeros(len(points), dtype=np.int64)
        self.base_score[: self.n_exp] = [max(e.score, 0) for e in exps]
        self.force_bonus = int(self.base_score.sum()) + 1
        self.key_index = {e.key: i for i, e in enumerate(exps)}

    def problem(self, nights: tuple[int, ...], forced: frozenset[int]) -> TourProblem:
        r, n = self.request, len(self.travel)
        ends = [self.n_exp + h for h in nights] + [self.end_node]
        starts = [self.start_node] + ends[:-1]
        tours = tuple(TourSpec(s, e, r.day_start_min, r.day_end_min)
                      for s, e in zip(starts, ends, strict=True))
        score = self.base_score.copy()
        score[list(forced)] += self.force_bonus
        visitable = np.zeros(n, dtype=bool)
        visitable[: self.n_exp] = score[: self.n_exp] > 0
        exps = r.experiences
        service = np.zeros(n, dtype=np.int64)
        service[: self.n_exp] = [e.duration_min for e in exps]
        opens = np.full(n, r.day_start_min, dtype=np.int64)
        opens[: self.n_exp] = [e.open_min for e in exps]
        closes = np.full(n, r.day_end_min, dtype=np.int64)
        closes[: self.n_exp] = [e.close_min for e in exps]
        return TourProblem(self.travel, service, opens, closes, score, tours, self.group,
                           self.group_limit, visitable)

    def visited(self, solution: TourSolution) -> set[int]:
        return {j for tour in solution.tours for j in tour}

    def countries(self, solution: TourSolution) -> set[str]:
        return {self.request.experiences[j].country for j in self.visited(solution)}

    def sectors(self, solution: TourSolution) -> set[str]:
        return {self.request.experiences[j].sector for j in self.visited(solution)}

    def ranked(self, outcome: _Outcome, field: str, value: str) -> list[int]:
        """Unvisited experiences whose ``field`` is ``value``, closest to a day's start or end
        first (round trip, minutes), then by score."""
        ends = {n for t in outcome.problem.tours for n in (t.start_node, t.end_node)}
        visited = self.visited(outcome.solution)

        def detour(j: int) -> int:
            return min(int(self.travel[n, j] + self.travel[j, n]) for n in ends)

        exps = self.request.experiences
        chosen = [j for j, e in enumerate(exps) if getattr(e, field) == value
                  and j not in visited and e.score > 0]
        return sorted(chosen, key=lambda j: (detour(j), -exps[j].score))

    def lodging_pool(self) -> list[int]:
        """Lodgings worth trying: the best by value plus nearby experience scores (those
        within a quarter of the day's window, round trip), and the best of each required
        country."""
        r = self.request
        reach = (r.day_end_min - r.day_start_min) // 4
        exp_nodes = np.arange(self.n_exp)

        def appeal(h: int) -> float:
            node = self.n_exp + h
            near = self.travel[node, exp_nodes] + self.travel[exp_nodes, node] <= reach
            lodging = r.lodgings[h]
            return (float(self.base_score[: self.n_exp][near].sum()) + lodging.score
                    - r.score_per_euro * lodging.price_cents / 100)

        ranked = sorted(range(len(r.lodgings)), key=lambda h: (-appeal(h), h))
        pool = ranked[:_POOL_SIZE]
        for country in sorted(r.required_countries):
            local = [h for h in ranked if r.lodgings[h].country == country]
            if local and local[0] not in pool:
                pool.append(local[0])
        return pool

    def value(self, nights: tuple[int, ...], visited: set[int]) -> float:
        """Objective of a plan: experience scores, sector rewards, lodging values."""
        r = self.request
        score = sum(int(self.base_score[j]) for j in visited)
        covered = {r.experiences[j].sector for j in visited} & r.requested_sectors
        lodging = sum(r.lodgings[h].score - r.score_per_euro * r.lodgings[h].price_cents / 100
                      for h in nights)
        return score + r.sector_reward * len(covered) + lodging

    def plan(self, outcome: _Outcome) -> TripPlan:
        """The typed plan of a solved lodging sequence."""
        r, visited = self.request, self.visited(outcome.solution)
        days = tuple(self._day(outcome, d) for d in range(r.n_days))
        covered = {r.experiences[j].sector for j in visited} & r.requested_sectors
        score = sum(int(self.base_score[j]) for j in visited)
        bonus = r.sector_reward * len(covered)
        return TripPlan(days, outcome.value, score, bonus, outcome.value - score - bonus,
                        frozenset(r.experiences[j].country for j in visited))

    def _day(self, outcome: _Outcome, d: int) -> TripDay:
        r, problem, tour = self.request, outcome.problem, outcome.solution.tours[d]
        starts, arrive = tour_starts(problem, d, tour)
        visits = tuple(TripVisit(r.experiences[j].key, s, s + r.experiences[j].duration_min)
                       for j, s in zip(tour, starts, strict=True))
        spec = problem.tours[d]
        lodging = r.lodgings[outcome.nights[d]].key if d < len(outcome.nights) else None
        return TripDay(d, self._point(spec.start_node), self._point(spec.end_node), lodging,
                       visits, arrive)

    def _point(self, node: int) -> int:
        r = self.request
        if node < self.n_exp:
            return r.experiences[node].point
        if node < self.n_exp + len(r.lodgings):
            return r.lodgings[node - self.n_exp].point
        return r.start_point if node == self.start_node else r.end_point
