"""Command line: ``python -m bench.toptw --instances DIR --bks FILE --m 1 2 3 4
--time-limit 1.0 --json OUT.json [--peers FILE] [--seed N] [--max-iterations N] [--cpu-time]``.

Every instance is solved for every m in one process (one core); ``--cpu-time`` measures the
limit in process CPU seconds instead of wall-clock seconds, for a loaded machine."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench.toptw.runner import read_scores, run_all, summary


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per run and a summary; return the exit status
    (1 if any solution failed the independent check)."""
    args = _parser().parse_args(argv)
    paths = sorted(p for p in args.instances.iterdir() if p.is_file() and p.suffix == ".txt")
    if not paths:
        print(f"no .txt instance files in {args.instances}", file=sys.stderr)
        return 2
    peers_path = args.peers or args.instances.parent / "peers.csv"
    peers = read_scores(peers_path, solver="vroom")
    results = run_all(paths, args.m, read_scores(args.bks), time_limit_s=args.time_limit,
                      seed=args.seed, max_iterations=args.max_iterations,
                      clock=time.process_time if args.cpu_time else time.perf_counter)
    for line in summary(results, peers):
        print(line)
    if args.json:
        args.json.write_text(json.dumps([r.as_json() for r in results], indent=1) + "\n")
    return 0 if all(r.feasible for r in results) else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.toptw", description=__doc__)
    parser.add_argument("--instances", type=Path, required=True, help="directory of .txt files")
    parser.add_argument("--bks", type=Path, help="CSV instance,m,bks[,source]")
    parser.add_argument("--peers", type=Path,
                        help="peers CSV (default: peers.csv next to the instance directory)")
    parser.add_argument("--m", type=int, nargs="+", default=[1, 2, 3, 4], help="tour counts")
    parser.add_argument("--time-limit", type=float, default=1.0, help="seconds per run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-iterations", type=int, help="also stop each run after N")
    parser.add_argument("--cpu-time", action="store_true",
                        help="count the time limit in CPU seconds of this process")
    parser.add_argument("--json", type=Path, help="write the per-run results here")
    return parser


if __name__ == "__main__":
    sys.exit(main())
