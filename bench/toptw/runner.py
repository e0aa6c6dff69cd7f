"""Running the benchmark: solve each (instance, m), re-check, compare with BKS and peers."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import mean

from bench.toptw.instances import read_instance
from geo.optimiser import solve_tours, warm_up
from geo.optimiser.checker import check_tours


@dataclass(frozen=True)
class RunResult:
    """One solved (instance, m): our score, the best-known score and gap (None if unknown),
    search seconds and whether the independent checker accepted the solution."""

    instance: str
    m: int
    score: int
    bks: int | None
    gap_pct: float | None
    seconds: float
    feasible: bool

    def as_json(self) -> dict:
        return asdict(self)


def read_scores(path: Path | None, *, solver: str | None = None) -> dict[tuple[str, int], int]:
    """(instance, m) → score from a CSV with columns instance, m and bks or score; for a
    peers file only the rows of ``solver``."""
    if path is None or not path.exists():
        return {}
    scores = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if solver is not None and row.get("solver") != solver:
                continue
            value = row.get("bks") if solver is None else row.get("score")
            if value:
                scores[(row["instance"], int(row["m"]))] = int(float(value))
    return scores


def run_one(path: Path, m: int, bks: int | None, *, time_limit_s: float | None, seed: int,
            max_iterations: int | None = None, clock: Callable[[], float] = time.perf_counter,
            ) -> RunResult:
    """Solve one instance file with ``m`` tours and re-check the solution."""
    problem = read_instance(path).problem(m)
    solution = solve_tours(problem, seed=seed, time_limit_s=time_limit_s,
                           max_iterations=max_iterations, clock=clock)
    check = check_tours(problem, solution.tours)
    feasible = check.feasible and check.score == solution.score
    gap = None if not bks else round(100.0 * (bks - check.score) / bks, 2)
    return RunResult(path.stem, m, check.score, bks, gap, round(solution.seconds, 3), feasible)


def run_all(
    paths: Iterable[Path],
    tours: Iterable[int],
    bks: dict[tuple[str, int], int],
    *,
    time_limit_s: float | None,
    seed: int,
    max_iterations: int | None = None,
    clock: Callable[[], float] = time.perf_counter,
    report: Callable[[str], object] = print,
) -> list[RunResult]:
    """Run every instance for every tour count (limits per run: ``time_limit_s`` seconds by
    ``clock``, ``max_iterations``); ``report`` receives one line per run."""
    warm_up()
    results = []
    for path in paths:
        for m in tours:
            result = run_one(path, m, bks.get((path.stem, m)), time_limit_s=time_limit_s,
                             seed=seed, max_iterations=max_iterations, clock=clock)
            results.append(result)
            report(_line(result))
    return results


def _line(r: RunResult) -> str:
    bks = "-" if r.bks is None else str(r.bks)
    gap = "-" if r.gap_pct is None else f"{r.gap_pct:.2f}%"
    ok = "ok" if r.feasible else "INFEASIBLE"
    return f"{r.instance:<10} m={r.m}  score {r.score:>5}  bks {bks:>5}  gap {gap:>7}  " \
           f"{r.seconds:.2f}s  {ok}"


def summary(results: list[RunResult], peers: dict[tuple[str, int], int]) -> list[str]:
    """Summary lines: per m the mean gap over runs with a BKS and mean seconds; overall
    feasibility; the share of runs with a peer score where ours is at least the peer's."""
    lines = []
    for m in sorted({r.m for r in results}):
        runs = [r for r in results if r.m == m]
        gaps = [r.gap_pct for r in runs if r.gap_pct is not None]
        gap = f"{mean(gaps):.2f}% over {len(gaps)} runs with a BKS" if gaps else "no BKS"
        lines.append(f"m={m}: mean gap {gap}; mean {mean(r.seconds for r in runs):.2f}s")
    feasible = sum(r.feasible for r in results)
    lines.append(f"feasible: {feasible}/{len(results)}")
    compared = [r for r in results if (r.instance, r.m) in peers]
    if compared:
        at_least = sum(r.score >= peers[(r.instance, r.m)] for r in compared)
        share = 100.0 * at_least / len(compared)
        lines.append(f"score >= VROOM: {at_least}/{len(compared)} runs ({share:.1f}%)")
    return lines
