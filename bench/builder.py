"""Benchmark: recomputing an itinerary after one change (legs, conflicts, costing).

Run `python bench/builder.py --days 10 --stops 40 --changes 30`. It reads DATABASE_URL (give
it a scratch PostgreSQL database, `createdb -h 127.0.0.1 -U postgres NAME`); without one it
migrates a throw-away SQLite file. Set-up, not timed: one supplier per town along a route from
Lecce to Bari, across the Adriatic to Durrës and up to Shkodër and Kotor, each with one
experience (a year of slots, built through the services), and a ``--days`` itinerary with
``--stops`` stops (experience slots, a dinner each evening). Each change, timed: move one
day's first stop to the end of that day (``stop_move``, which recomputes the legs), then
``itinerary_conflicts`` and ``itinerary_costing``, as the builder does after any change. The
baseline, timed in the same run: ``itinerary_plan`` alone (the page's read of days, stops and
legs). Last line, one JSON object: days, stops, p50_ms, p95_ms, queries (per change), then
legs and baseline_p50_ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.django_setup import setup_django  # noqa: E402

# (town, lat, lon, country): a cross-border route, the ferry between Bari and Durrës.
TOWNS = [
    ("Lecce", 40.35148, 18.17180, "IT"), ("Ostuni", 40.72923, 17.57734, "IT"),
    ("Alberobello", 40.78405, 17.23789, "IT"), ("Bari", 41.12066, 16.86982, "IT"),
    ("Durrës", 41.32306, 19.44139, "AL"), ("Tirana", 41.32744, 19.81866, "AL"),
    ("Shkodër", 42.06828, 19.51258, "AL"), ("Kotor", 42.42067, 18.77123, "ME"),
]


def _vat(country: str, n: int) -> str:
    from marketplace.core.vat import it_partita_iva_check_digit

    if country == "IT":
        base = f"{70000 + n:010d}"
        return base + str(it_partita_iva_check_digit(base))
    if country == "AL":
        return f"L{n:08d}A"
    return f"{n:08d}"


def build(*, days: int, stops: int):
    """The suppliers, experiences and the itinerary (idempotent per database)."""
    from datetime import time as clock

    from django.utils import timezone

    from itineraries.models import Itinerary
    from itineraries.services.itineraries import itinerary_create
    from itineraries.services.stops import stop_add_item, stop_add_slot
    from marketplace.catalogue.models.pages import ExperiencePage
    from marketplace.catalogue.models.schedules import Slot
    from marketplace.catalogue.pricing import PriceLine
    from marketplace.catalogue.services.pages import (
        ExperienceDetails,
        ExperienceText,
        WeeklyRuleSpec,
        experience_page_create,
        supplier_page_create,
    )
    from marketplace.core.dates import LOCAL_TZ

    experiences = []
    for n, (town, lat, lon, country) in enumerate(TOWNS):
        title = f"Builder bench visit in {town}"
        page = ExperiencePage.objects.filter(title=title).first()
        if page is None:
            provider = supplier_page_create(
                legal_name=f"Builder bench {town}", vat_number=_vat(country, n + 1),
                country=country, sector_slugs=["culture-heritage"], lat=lat, lon=lon, town=town)
            page = experience_page_create(
                provider=provider,
                text=ExperienceText(title=title, summary=f"Two hours in {town}.",
                                    meeting_point="Main square"),
                details=ExperienceDetails(
                    sector_slug="culture-heritage", lat=lat, lon=lon, duration_min=120, capacity=30,
                    prices=(PriceLine(kind="per_person", label="Adult", price_cents=3500,
                                      age_min=18, age_max=99),
                            PriceLine(kind="per_person", label="Child", price_cents=1500,
                                      age_min=0, age_max=17)),
                    weekly_rules=(WeeklyRuleSpec(weekdays=tuple(range(7)),
                                                 start_times=(clock(9), clock(11), clock(14),
                                                              clock(16))),)))
        experiences.append(page)
    Itinerary.objects.filter(title="Builder bench").delete()
    start = timezone.localdate() + timedelta(days=30)
    itinerary = itinerary_create(operator=None, title="Builder bench", start_date=start,
                                 day_count=days, adults=2, child_ages=[9])
    per_day = max(1, (stops - days) // days)  # slots a day; a dinner each evening
    added = 0
    for number in range(1, days + 1):
        day = start + timedelta(days=number - 1)
        position = (number - 1) * len(TOWNS) // days
        for k in range(per_day):
            if added >= stops:
                break
            page = experiences[min(position + (k > 1), len(experiences) - 1)]
            at = datetime(day.year, day.month, day.day, (9, 11, 14, 16)[k % 4], tzinfo=LOCAL_TZ)
            slot = Slot.objects.get(experience=page, starts_at=at)
            stop_add_slot(itinerary=itinerary, day_number=number, slot_id=slot.pk)
            added += 1
        if added < stops:
            town, lat, lon, _country = TOWNS[position]
            stop_add_item(itinerary=itinerary, day_number=number, kind="meal",
                          title=f"Dinner in {town}", duration_min=90, cost_cents=4000,
                          starts_at=datetime(day.year, day.month, day.day, 20,
                                             tzinfo=LOCAL_TZ), lat=lat, lon=lon)
            added += 1
    return itinerary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--stops", type=int, default=40)
    parser.add_argument("--changes", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="builder-bench-") as scratch:
        setup_django(scratch)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from itineraries.models import Leg, Stop
        from itineraries.selectors.conflicts import itinerary_conflicts
        from itineraries.selectors.costing import itinerary_costing
        from itineraries.selectors.plan import itinerary_plan
        from itineraries.services.stops import stop_move

        itinerary = build(days=args.days, stops=args.stops)
        stops = Stop.objects.filter(day__itinerary=itinerary).count()
        timings, baseline, queries = [], [], []
        for change in range(args.changes + 1):  # the first is a warm-up
            day = itinerary.days.get(number=change % args.days + 1)
            first = day.stops.order_by("position").first()
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                if first is not None:
                    stop_move(stop=first, position=day.stops.count())
                plan = itinerary_plan(itinerary)  # read once, as the builder's page does
                itinerary_conflicts(itinerary, plan=plan)
                itinerary_costing(itinerary, plan=plan)
            elapsed = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            itinerary_plan(itinerary)
            base = (time.perf_counter() - start) * 1000
            if change:
                timings.append(elapsed)
                baseline.append(base)
                queries.append(len(captured.captured_queries))
        p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
        print(f"database: {connection.vendor}; {args.changes} changes")
        print(json.dumps({
            "days": args.days, "stops": stops,
            "p50_ms": round(statistics.median(timings), 1), "p95_ms": round(p95, 1),
            "queries": round(statistics.median(queries)),
            "legs": Leg.objects.filter(itinerary=itinerary).count(),
            "baseline_p50_ms": round(statistics.median(baseline), 1)}))


if __name__ == "__main__":
    main()
