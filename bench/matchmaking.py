"""Benchmark: the B2B meeting scheduler on events drawn with a seed.

Run `python -m bench.matchmaking --seed 0` (`--event small|large`, `--workers N`,
`--time-limit S`). "small": 40 companies, 150 accepted requests, 8 slots, 20 tables; "large":
300 companies, 2,000 requests, 16 slots, 100 tables ("large-150": the same with 150 tables,
run only when asked). Each company blocks a few slots and one
request in five prefers one slot. One JSON line per event; ``double_booked`` counts the
participants and tables found twice in one slot, plus meetings in a blocked slot, by a check
that shares nothing with the solver.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cluster.matchmaking.scheduler import RequestSpec, schedule_meetings  # noqa: E402

EVENTS = {
    "small": {"companies": 40, "requests": 150, "slots": 8, "tables": 20, "blocked_max": 1,
              "time_limit_s": 5.0},
    "large": {"companies": 300, "requests": 2000, "slots": 16, "tables": 100, "blocked_max": 3,
              "time_limit_s": 55.0},
    # The large event with tables to spare: the companies' diaries bind, not the room.
    "large-150": {"companies": 300, "requests": 2000, "slots": 16, "tables": 150,
                  "blocked_max": 3, "time_limit_s": 55.0},
}


def draw_event(*, companies: int, requests: int, slots: int, tables: int, blocked_max: int,
               seed: int) -> dict:
    """A random event: distinct unordered pairs of companies (popular companies are asked
    more often), each company blocking 0..``blocked_max`` slots, one request in five with a
    preferred slot."""
    rng = random.Random(seed)
    popularity = [rng.paretovariate(2.5) for _ in range(companies)]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < requests:
        a = rng.randrange(companies)
        b = rng.choices(range(companies), weights=popularity)[0]
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    specs = [RequestSpec(id=i, first=a, second=b,
                         preferred_slots=frozenset({rng.randrange(slots)})
                         if rng.random() < 0.2 else frozenset())
             for i, (a, b) in enumerate(sorted(pairs))]
    blocked = {c: set(rng.sample(range(slots), rng.randint(0, blocked_max)))
               for c in range(companies)}
    return {"participants": list(range(companies)), "requests": specs,
            "slots": list(range(slots)), "tables": [f"T{t + 1}" for t in range(tables)],
            "blocked": blocked}


def double_booked(event: dict, placements) -> int:
    """Participants or tables twice in a slot, and meetings in a blocked slot (independent
    of the scheduler)."""
    by_id = {r.id: r for r in event["requests"]}
    people = Counter()
    tables = Counter()
    wrong = 0
    for p in placements:
        request = by_id[p.request]
        people[request.first, p.slot] += 1
        people[request.second, p.slot] += 1
        tables[p.table, p.slot] += 1
        wrong += p.slot in event["blocked"].get(request.first, ())
        wrong += p.slot in event["blocked"].get(request.second, ())
        wrong += p.table not in event["tables"] or p.slot not in event["slots"]
    repeated = Counter(p.request for p in placements)
    return (wrong + sum(n - 1 for n in people.values() if n > 1)
            + sum(n - 1 for n in tables.values() if n > 1)
            + sum(n - 1 for n in repeated.values() if n > 1))


def run(name: str, *, seed: int, workers: int, time_limit_s: float | None) -> dict:
    spec = dict(EVENTS[name])
    limit = spec.pop("time_limit_s") if time_limit_s is None else time_limit_s
    spec.pop("time_limit_s", None)
    event = draw_event(seed=seed, **spec)
    schedule = schedule_meetings(time_limit_s=limit, workers=workers, seed=seed, **event)
    return {"event": name, "seed": seed, "requests": len(event["requests"]),
            "scheduled": schedule.meetings, "upper_bound": schedule.upper_bound,
            "ratio": round(schedule.meetings / max(schedule.upper_bound, 1), 4),
            "status": schedule.status, "preferred": schedule.preferred,
            "seconds": round(schedule.seconds, 2),
            "meetings_seconds": round(schedule.meetings_seconds, 2),
            "double_booked": double_booked(event, schedule.placements)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=None,
                        help="seconds per event (default: 5 small, 55 large)")
    parser.add_argument("--event", choices=sorted(EVENTS), action="append")
    args = parser.parse_args(argv)
    for name in args.event or ["small", "large"]:
        print(json.dumps(run(name, seed=args.seed, workers=args.workers,
                             time_limit_s=args.time_limit)), flush=True)


if __name__ == "__main__":
    main()
