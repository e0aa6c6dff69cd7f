"""Benchmark: materialise a year of slots for many experiences with ``slots_materialise_all``.

Run `python bench/slots.py --experiences 1000 --days 365`. Without DATABASE_URL it migrates a
throw-away SQLite database in a temporary directory; with one it migrates that and adds its
pages to it. Every live experience in the database is synced, so give it a new, empty database
(PostgreSQL: `createdb`, then DATABASE_URL=postgres://.../that_db). Setup is not timed.
The experiences follow the demo archetypes in turn: daily tours at 10:00 and 15:00, a class on
Tue, Thu and Sat at 09:30, a museum open Tue-Sun 09:00-18:00, and a lodging every night.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.django_setup import setup_django  # noqa: E402

ARCHETYPES = (
    ("start_times", [{"days": range(7), "start_times": "10:00, 15:00"}]),
    ("start_times", [{"days": (1, 3, 5), "start_times": "09:30"}]),
    ("opening_hours", [{"days": range(1, 7), "opens_at": clock(9), "closes_at": clock(18)}]),
    ("nightly", [{"days": range(7)}]),
)


def create_experiences(n: int) -> None:
    """One provider with ``n`` live experiences (rules in bulk); not through the services,
    which would also publish revisions and materialise each page's slots."""
    from home.models import HomePage
    from marketplace.catalogue.models.pages import ExperiencePage, ProviderIndexPage, ProviderPage
    from marketplace.catalogue.models.schedules import WEEKDAY_FIELDS, WeeklyRule
    from marketplace.catalogue.models.sectors import Sector

    stamp = time.strftime("%Y%m%d%H%M%S")
    home = HomePage.objects.get(locale__language_code="it")
    index = ProviderIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=ProviderIndexPage(title="Imprese", slug="imprese"))
    provider = index.add_child(instance=ProviderPage(
        title=f"Bench {stamp}", slug=f"bench-{stamp}", legal_name="Bench", vat_number="0"))
    sector = Sector.objects.get(slug="food-wine", locale__language_code="it")
    rules = []
    for i in range(n):
        kind, kind_rules = ARCHETYPES[i % len(ARCHETYPES)]
        page = provider.add_child(instance=ExperiencePage(
            title=f"Experience {i}", slug=f"experience-{i}", sector=sector, schedule_kind=kind,
            capacity=12, rooms=6 if kind == "nightly" else 0, is_lodging=kind == "nightly"))
        for rule in kind_rules:
            days = set(rule["days"])
            rules.append(WeeklyRule(
                page_id=page.pk, **{name: d in days for d, name in enumerate(WEEKDAY_FIELDS)},
                start_times=rule.get("start_times", ""), opens_at=rule.get("opens_at"),
                closes_at=rule.get("closes_at")))
    WeeklyRule.objects.bulk_create(rules)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiences", type=int, default=1000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        setup_django(tmp_dir)
        from django.db import connection

        from marketplace.catalogue.services.slots import slots_materialise_all

        start = time.perf_counter()
        create_experiences(args.experiences)
        setup_s = time.perf_counter() - start
        today = date.today()
        start = time.perf_counter()
        first = slots_materialise_all(today=today, horizon_days=args.days)
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        second = slots_materialise_all(today=today, horizon_days=args.days)
        second_s = time.perf_counter() - start
        connection.close()

    print(f"database:            {connection.vendor}")
    print(f"setup (not timed):   {setup_s:.1f} s")
    print(f"experiences:         {args.experiences}")
    print(f"days:                {args.days}")
    print(f"slots created:       {first.created}")
    print(f"first run:           {first_s:.2f} s ({first.created / first_s:,.0f} slots/s)")
    print(f"second run:          {second_s:.2f} s (created {second.created}, "
          f"deleted {second.deleted}, updated {second.updated}, kept {second.kept})")


if __name__ == "__main__":
    main()
