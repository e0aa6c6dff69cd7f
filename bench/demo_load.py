"""Benchmark: the first demo load of `make run` on a fresh SQLite database, and a second run.

Run `python bench/demo_load.py`. In a throw-away directory it migrates a new SQLite file (the
baseline: the same machine's speed at a fixed job of Django and SQLite), then runs
`manage.py load_demo_data` twice as `make run` runs it (``DJANGO_DEBUG=0``): the first load
creates everything, the second must change nothing. Each is a separate process, timed by wall
clock and by its CPU time (user + system). Printed, one JSON line: migrate_s, first_load_s,
first_load_cpu_s, second_run_s, second_run_cpu_s, goal_s (90) and the load's last line.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 90


def _timed(args: list[str], env: dict) -> tuple[float, float, str]:
    """Wall and CPU seconds of one child process, and its output's last line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stdout.strip().splitlines()
    return wall, cpu, lines[-1] if lines else ""


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="demo-load-") as scratch:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{scratch}/demo.sqlite3",
               "MEDIA_ROOT": f"{scratch}/media", "DJANGO_DEBUG": "0"}
        env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's default: the dev settings
        migrate_s, _, _ = _timed(["migrate", "--no-input"], env)
        first_s, first_cpu_s, first_line = _timed(["load_demo_data"], env)
        second_s, second_cpu_s, second_line = _timed(["load_demo_data"], env)
    print(json.dumps({
        "migrate_s": round(migrate_s, 1), "first_load_s": round(first_s, 1),
        "first_load_cpu_s": round(first_cpu_s, 1), "second_run_s": round(second_s, 1),
        "second_run_cpu_s": round(second_cpu_s, 1), "goal_s": GOAL_S,
        "first_load": first_line, "second_run": second_line,
    }))


if __name__ == "__main__":
    main()
