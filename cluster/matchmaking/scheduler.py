"""The B2B meeting scheduler: a pure function over plain values (no Django).

Accepted meeting requests (pairs of participants) are placed into (slot, table) so that no
participant has two meetings in a slot, no table holds two meetings in a slot, nobody meets in
a slot they blocked, and as many meetings as possible are held; meeting in a slot one of the
pair preferred is the secondary objective.

Tables are interchangeable, so the model only chooses a slot per request (booleans x[r, s])
with at most one meeting per participant and slot and at most ``len(tables)`` meetings per
slot; tables are then dealt out slot by slot. That is exact — any slot assignment within the
per-slot count has a table assignment — and far smaller than x[r, s, t]. CP-SAT solves it
under a time limit, started from a greedy schedule (which is also the answer should the
solver find nothing better in time).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from cluster.matchmaking.errors import InvalidScheduleInput


@dataclass(frozen=True)
class RequestSpec:
    """One accepted request: the two participants and the slots preferred (may be empty)."""

    id: Hashable
    first: Hashable
    second: Hashable
    preferred_slots: frozenset = frozenset()


@dataclass(frozen=True)
class Placement:
    request: Hashable
    slot: Hashable
    table: Hashable


@dataclass(frozen=True)
class Schedule:
    """The scheduler's answer. ``status`` is "optimal" (proved) or "feasible" (time ran out);
    ``meetings`` the number placed, ``upper_bound`` a proved bound on it (the solver's best
    bound, capped by the counting bound), ``preferred`` how many meet in a preferred slot."""

    placements: tuple[Placement, ...]
    unscheduled: tuple[Hashable, ...]
    status: str
    meetings: int
    upper_bound: int
    preferred: int
    seconds: float
    counting_bound: int = field(default=0)
    meetings_seconds: float = field(default=0.0)  # when the number of meetings was final


def schedule_meetings(*, participants: Iterable[Hashable], requests: Sequence[RequestSpec],
                      slots: Sequence[Hashable], tables: Sequence[Hashable],
                      blocked: Mapping[Hashable, Iterable[Hashable]] | None = None,
                      time_limit_s: float = 10.0, workers: int = 1,
                      seed: int = 0) -> Schedule:
    """Place ``requests`` into (slot, table) pairs, maximising the meetings held, then the
    meetings in a preferred slot. ``slots`` are in time order; ``blocked`` maps a participant
    to the slots it cannot meet in. ``time_limit_s`` is wall-clock seconds for the solver,
    ``workers`` its threads. Raises InvalidScheduleInput for unknown or repeated ids."""
    started = time.perf_counter()
    participants = set(participants)
    blocked = {p: set(s) for p, s in (blocked or {}).items()}
    _validate(participants, requests, slots, tables, blocked)
    allowed = {r.id: [s for s in slots if s not in blocked.get(r.first, ())
                      and s not in blocked.get(r.second, ())] for r in requests}
    bound = counting_bound(requests=requests, slots=slots, tables=tables, blocked=blocked)
    if not requests or not tables or not slots:
        return _schedule({}, requests, tables, "optimal", 0, started, bound)

    start = greedy_slots(requests=requests, allowed=allowed, capacity=len(tables))
    if len(start) < bound:
        by_matching = matching_slots(requests=requests, allowed=allowed, slots=slots,
                                     capacity=len(tables), time_limit_s=time_limit_s / 3)
        start = max(start, by_matching, key=len)
    with_preferences = any(r.preferred_slots for r in requests)
    if len(start) == bound and not with_preferences:  # proved best, nothing to improve
        return _schedule(start, requests, tables, "optimal", bound, started, bound)
    left = time_limit_s - (time.perf_counter() - started)
    chosen, status, upper, meetings_at = _solve(requests, allowed, len(tables), start, left,
                                                workers, seed, proved=len(start) == bound)
    upper = min(upper, bound)
    if len(start) > len(chosen):
        chosen = start
    if len(chosen) == upper:
        status = "optimal"
    return _schedule(chosen, requests, tables, status, upper, started, bound,
                     meetings_at=meetings_at)


def counting_bound(*, requests: Sequence[RequestSpec], slots: Sequence[Hashable],
                   tables: Sequence[Hashable],
                   blocked: Mapping[Hashable, Iterable[Hashable]]) -> int:
    """A quick upper bound on the meetings: at most one per request with a common free slot,
    ``len(slots) × len(tables)`` in all, and per participant no more than its free slots."""
    free = {s for s in slots}
    degree: dict[Hashable, int] = defaultdict(int)
    possible = 0
    for r in requests:
        if free - set(blocked.get(r.first, ())) - set(blocked.get(r.second, ())):
            possible += 1
            degree[r.first] += 1
            degree[r.second] += 1
    # Each meeting takes one free slot of each of its two participants.
    per_participant = sum(min(d, len(free - set(blocked.get(p, ()))))
                          for p, d in degree.items()) // 2
    return min(possible, len(slots) * len(tables), per_participant)


def greedy_slots(*, requests: Sequence[RequestSpec], allowed: Mapping[Hashable, list],
                 capacity: int) -> dict[Hashable, Hashable]:
    """A quick schedule: the most constrained requests first, each in its first preferred,
    then first free, slot. Returns request id → slot."""
    degree: dict[Hashable, int] = defaultdict(int)
    for r in requests:
        degree[r.first] += 1
        degree[r.second] += 1
    busy: set[tuple[Hashable, Hashable]] = set()
    used: dict[Hashable, int] = defaultdict(int)
    chosen = {}
    order = sorted(requests, key=lambda r: (len(allowed[r.id]),
                                            -(degree[r.first] + degree[r.second])))
    for r in order:
        candidates = sorted(allowed[r.id], key=lambda s: s not in r.preferred_slots)
        for s in candidates:
            if used[s] < capacity and (r.first, s) not in busy and (r.second, s) not in busy:
                chosen[r.id] = s
                used[s] += 1
                busy.update({(r.first, s), (r.second, s)})
                break
    return chosen


def matching_slots(*, requests: Sequence[RequestSpec], allowed: Mapping[Hashable, list],
                   slots: Sequence[Hashable], capacity: int,
                   time_limit_s: float) -> dict[Hashable, Hashable]:
    """A good schedule slot by slot: each slot gets a maximum-weight matching (at most
    ``capacity`` meetings) of the requests still open, a request weighing more the busier
    its participants are (open requests per free slot left) and in a preferred slot. Like
    colouring the edges of a graph, the busiest companies are served first so that they fill
    every free slot. Returns request id → slot."""
    open_requests = {r.id: r for r in requests}
    chosen: dict[Hashable, Hashable] = {}
    free_left: dict[Hashable, int] = defaultdict(int)
    for r in requests:
        for s in allowed[r.id]:
            free_left[r.id, s] = 1  # marks (request, slot) as allowed
    for index, s in enumerate(slots):
        later = set(slots[index:])
        open_count: dict[Hashable, int] = defaultdict(int)
        free: dict[Hashable, set] = defaultdict(set)
        for r in open_requests.values():
            for p in (r.first, r.second):
                open_count[p] += 1
                free[p].update(later.intersection(allowed[r.id]))
        candidates = [r for r in open_requests.values() if (r.id, s) in free_left]
        if not candidates:
            continue
        weight = {r.id: 1000 + 50 * (s in r.preferred_slots)
                  + int(100 * sum(open_count[p] / max(len(free[p]), 1)
                                  for p in (r.first, r.second)))
                  for r in candidates}

        model = cp_model.CpModel()
        x = {r.id: model.new_bool_var(f"m{i}") for i, r in enumerate(candidates)}
        by_participant: dict[Hashable, list] = defaultdict(list)
        for r in candidates:
            by_participant[r.first].append(x[r.id])
            by_participant[r.second].append(x[r.id])
        for group in by_participant.values():
            model.add_at_most_one(group)
        model.add(sum(x.values()) <= capacity)
        model.maximize(sum(weight[r.id] * x[r.id] for r in candidates))
        solver = _solver(time_limit_s / len(slots), 1, 0)
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        for r in candidates:
            if solver.boolean_value(x[r.id]):
                chosen[r.id] = s
                del open_requests[r.id]
    return chosen


def _solve(requests, allowed, capacity, hint, time_limit_s, workers, seed, *, proved=False):
    """CP-SAT on x[r, s], lexicographically: the most meetings, then (in the time left, with
    the meetings held fixed) the most in a preferred slot. Returns (request → slot, status of
    the first objective, upper bound on the meetings)."""
    started = time.perf_counter()
    with_preferences = any(r.preferred_slots for r in requests)
    if proved:  # the hint holds as many meetings as the bound: only preferences are left
        chosen = _prefer(requests, allowed, capacity, hint, time_limit_s, workers, seed)
        return chosen, "optimal", len(hint), started
    model, x = _model(requests, allowed, capacity)
    meetings = sum(x.values())
    model.maximize(meetings)
    for (rid, s), var in x.items():
        model.add_hint(var, hint.get(rid) == s)
    first_limit = time_limit_s * (0.8 if with_preferences else 1.0)
    solver = _solver(first_limit, workers, seed)
    code = solver.solve(model)
    meetings_at = time.perf_counter()
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}, "feasible", len(requests), meetings_at
    chosen = {rid: s for (rid, s), var in x.items() if solver.boolean_value(var)}
    status = "optimal" if code == cp_model.OPTIMAL else "feasible"
    upper = int(solver.best_objective_bound + 1e-6)
    left = time_limit_s - (time.perf_counter() - started)
    if with_preferences and left > 0.05:
        chosen = _prefer(requests, allowed, capacity, chosen, left, workers, seed)
    return chosen, status, upper, meetings_at


def _prefer(requests, allowed, capacity, chosen, time_limit_s, workers, seed):
    """The second objective: as many meetings as ``chosen`` holds, the most of them in a
    preferred slot; ``chosen`` is the hint and the answer if nothing better is found."""
    model, x = _model(requests, allowed, capacity)
    model.add(sum(x.values()) >= len(chosen))
    preferred = {r.id: r.preferred_slots for r in requests}
    model.maximize(sum(var for (rid, s), var in x.items() if s in preferred[rid]))
    for (rid, s), var in x.items():
        model.add_hint(var, chosen.get(rid) == s)
    solver = _solver(time_limit_s, workers, seed)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return chosen
    return {rid: s for (rid, s), var in x.items() if solver.boolean_value(var)}


def _model(requests, allowed, capacity):
    """The slot-assignment model: x[r, s] for the slots both of r's participants have free;
    one slot per request, one meeting per participant and slot, ``capacity`` per slot."""
    model = cp_model.CpModel()
    x: dict[tuple[Hashable, Hashable], cp_model.IntVar] = {}
    by_participant_slot: dict[tuple[Hashable, Hashable], list] = defaultdict(list)
    by_slot: dict[Hashable, list] = defaultdict(list)
    for index, r in enumerate(requests):
        for s in allowed[r.id]:
            var = x[r.id, s] = model.new_bool_var(f"x{index}_{s}")
            by_participant_slot[r.first, s].append(var)
            by_participant_slot[r.second, s].append(var)
            by_slot[s].append(var)
        if len(allowed[r.id]) > 1:
            model.add_at_most_one(x[r.id, s] for s in allowed[r.id])
    for group in by_participant_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for group in by_slot.values():
        if len(group) > capacity:
            model.add(sum(group) <= capacity)
    return model, x


def _solver(time_limit_s, workers, seed) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit_s)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    return solver


def assign_tables(*, chosen: Mapping[Hashable, Hashable], tables: Sequence[Hashable],
                  order: Sequence[Hashable] | None = None) -> dict[Hashable, Hashable]:
    """Deal tables out slot by slot (request id → table); each slot holds no more meetings
    than there are tables, so every meeting gets one. ``order`` (request ids) decides who
    gets the first tables; by default the order of ``chosen``."""
    next_table: dict[Hashable, int] = defaultdict(int)
    assigned = {}
    for rid in order or list(chosen):
        slot = chosen[rid]
        if next_table[slot] >= len(tables):
            raise InvalidScheduleInput("More meetings in a slot than there are tables.")
        assigned[rid] = tables[next_table[slot]]
        next_table[slot] += 1
    return assigned


def _schedule(chosen, requests, tables, status, upper, started, bound, *,
              meetings_at: float | None = None) -> Schedule:
    order = [r.id for r in requests if r.id in chosen]
    table_of = assign_tables(chosen=chosen, tables=tables, order=order)
    placements = tuple(Placement(rid, chosen[rid], table_of[rid]) for rid in order)
    preferred = sum(1 for r in requests if r.id in chosen and chosen[r.id] in r.preferred_slots)
    return Schedule(placements=placements,
                    unscheduled=tuple(r.id for r in requests if r.id not in chosen),
                    status=status, meetings=len(placements), upper_bound=max(upper, 0),
                    preferred=preferred, seconds=time.perf_counter() - started,
                    counting_bound=bound,
                    meetings_seconds=(meetings_at or time.perf_counter()) - started)


def _validate(participants, requests, slots, tables, blocked) -> None:
    if len(set(slots)) != len(slots):
        raise InvalidScheduleInput("A slot is listed twice.")
    if len(set(tables)) != len(tables):
        raise InvalidScheduleInput("A table is listed twice.")
    known_slots = set(slots)
    seen = set()
    for r in requests:
        if r.id in seen:
            raise InvalidScheduleInput(f"Request {r.id} is listed twice.")
        seen.add(r.id)
        if r.first not in participants or r.second not in participants:
            raise InvalidScheduleInput(f"Request {r.id} names someone who is not a participant.")
        if r.first == r.second:
            raise InvalidScheduleInput(f"Request {r.id} asks a participant to meet itself.")
        if not set(r.preferred_slots) <= known_slots:
            raise InvalidScheduleInput(f"Request {r.id} prefers a slot that does not exist.")
    for p, blocked_slots in blocked.items():
        if p not in participants or not blocked_slots <= known_slots:
            raise InvalidScheduleInput(f"The blocked slots of {p} name an unknown slot or "
                                       "participant.")
