"""Benchmark: latency of the experience search (list page and API) over many experiences.

Run `python bench/search.py --experiences 100000 --requests 200`. Without DATABASE_URL it
migrates a throw-away SQLite database in a temporary directory; with one it migrates that and
adds the scale data to it, so give it a new, empty database (PostgreSQL:
`createdb -h 127.0.0.1 -U postgres NAME`, DATABASE_URL=postgres://postgres@127.0.0.1/NAME, then
`dropdb` it); `--reuse` measures a database filled by an earlier run again. Set-up
(migrate, `generate_scale_data`, ANALYZE) is not timed.

Requests go through Django's test Client in-process (DEBUG off): first one warm-up request per
combination, then `--requests` per endpoint, cycling through a fixed mix of filter
combinations. The home page, timed in the same run, is the baseline. `--profile` adds the
number of queries and the slowest query of each combination (with EXPLAIN ANALYZE on
PostgreSQL).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.django_setup import setup_django  # noqa: E402

PAGE_URL = "/it/experiences/"
API_URL = "/api/v1/experiences/"
HOME_URL = "/it/"
GOAL_P95_MS = 150


def combinations(today: date) -> list[tuple[str, dict]]:
    """The fixed mix: (name, query parameters)."""
    start = today + timedelta(days=3)
    return [
        ("no filter", {}),
        ("area", {"area": "puglia"}),
        ("sector", {"sector": "culture-heritage"}),
        ("area+sector+price", {"area": "albania", "sector": "food-wine", "price_min": "20",
                               "price_max": "80"}),
        ("text query", {"q": "masseria"}),
        ("near town 30 km", {"town": "Lecce", "radius_km": "30"}),
        ("near point 50 km by distance", {"lat": "42.4207", "lon": "18.7712",
                                          "radius_km": "50", "sort": "distance"}),
        ("dates+participants", {"date_from": start.isoformat(),
                                "date_to": (start + timedelta(days=7)).isoformat(),
                                "participants": "2"}),
        ("lodging", {"lodging": "yes"}),
        ("language+instant", {"language": "de", "instant": "on"}),
        ("duration range by price", {"duration_min": "60", "duration_max": "180",
                                     "sort": "price"}),
        ("page 5 of a broad query", {"lodging": "no", "page": "5"}),
    ]


def analyze() -> None:
    """Fresh planner statistics, as autovacuum (PostgreSQL) or a nightly ANALYZE would give."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def api_available() -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(API_URL)
    except Resolver404:
        return False
    return True


def timed_get(client, url: str) -> float:
    """Milliseconds for one GET; anything but 200 stops the benchmark."""
    start = time.perf_counter()
    response = client.get(url)
    elapsed_ms = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return elapsed_ms


def measure(client, base: str, mix: list[tuple[str, dict]], requests: int
            ) -> dict[str, list[float]]:
    """Warm up each combination once, then ``requests`` GETs cycling through the mix."""
    urls = {name: f"{base}?{urlencode(params, doseq=True)}" if params else base
            for name, params in mix}
    for url in urls.values():
        timed_get(client, url)
    times: dict[str, list[float]] = {name: [] for name, _params in mix}
    for i in range(requests):
        name = mix[i % len(mix)][0]
        times[name].append(timed_get(client, urls[name]))
    return times


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def profile(client, base: str, mix: list[tuple[str, dict]]) -> None:
    """Queries per combination, the slowest one, and its plan on PostgreSQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, params in mix:
        url = f"{base}?{urlencode(params, doseq=True)}"
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
        print(f"  {name}: {len(captured)} queries, slowest {float(slowest['time']) * 1000:.0f} "
              f"ms: {slowest['sql'][:300]}")
        if connection.vendor == "postgresql" and not slowest["sql"].startswith("SAVEPOINT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                print("    " + "\n    ".join(row[0] for row in cursor.fetchall()))


def print_table(label: str, times: dict[str, list[float]], baseline_ms: float) -> float:
    values = [t for ts in times.values() for t in ts]
    p95 = percentile(values, 95)
    print(f"\n{label}: {len(values)} requests")
    print(f"  p50 {statistics.median(values):.0f} ms   p95 {p95:.0f} ms   "
          f"max {max(values):.0f} ms   p50/home {statistics.median(values) / baseline_ms:.1f}x"
          f"   (goal p95 <= {GOAL_P95_MS} ms)")
    for name, ts in times.items():
        print(f"  {name:<30} median {statistics.median(ts):6.0f} ms  ({len(ts)} requests)")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiences", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per endpoint")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the experiences already in DATABASE_URL (no generation)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        setup_django(tmp_dir)
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from marketplace.catalogue.models.pages import ExperiencePage
        from marketplace.demo.scale import scale_data_generate
        from marketplace.management.commands.generate_scale_data import ProgressBar

        print(f"database:     {connection.vendor}")
        if args.reuse and ExperiencePage.objects.exists():
            print(f"reused:       {ExperiencePage.objects.count():,} experiences")
        else:
            report = scale_data_generate(experiences=args.experiences, seed=args.seed,
                                         progress=ProgressBar())
            analyze()
            print(f"generated:    {report.experiences:,} experiences, {report.providers:,} "
                  f"providers, {report.slots:,} slots in {report.seconds:.1f} s "
                  f"({report.experiences_per_s:,.0f} experiences/s)")
        client = Client(HTTP_HOST="localhost")
        mix = combinations(timezone.localdate())
        home = measure(client, HOME_URL, [("home", {})], max(20, args.requests // 10))["home"]
        baseline_ms = statistics.median(home)
        print(f"baseline:     home page median {baseline_ms:.0f} ms")
        print_table(f"list page {PAGE_URL}", measure(client, PAGE_URL, mix, args.requests),
                    baseline_ms)
        if args.profile:
            profile(client, PAGE_URL, mix)
        if api_available():
            print_table(f"API {API_URL}", measure(client, API_URL, mix, args.requests),
                        baseline_ms)
            if args.profile:
                profile(client, API_URL, mix)
        else:
            print(f"\nAPI {API_URL}: not in the URLconf yet, skipped (rerun when it is).")
        connection.close()


if __name__ == "__main__":
    main()
