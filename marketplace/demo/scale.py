"""Scale data: many live providers and experiences in bulk, for benchmarks and load tests.

``scale_plan`` draws the data as plain values from a seeded ``random.Random`` (no database);
``scale_data_generate`` writes it with bulk inserts, not through the services: creating
100,000 pages with ``add_child`` and revisions would take hours. The Wagtail tree is built by
hand (treebeard paths, depth, numchild, url paths), every page is live in the Italian locale,
and the result passes ``Page.find_problems``. Generated providers are marked: title prefix
``Scale``, VAT numbers ``SCALE-nnnnnnn`` (not a valid number in any of the three countries).
A provider whose VAT number exists is skipped with its experiences, so a second run with the
same arguments adds nothing.
"""

from __future__ import annotations

import math
import random
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from geo.regions import load_towns
from geo.types import KM_PER_DEGREE_LAT, Town
from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.models.sectors import Sector
from marketplace.catalogue.services.pages import experience_index_ensure, supplier_index_ensure
from marketplace.core.dates import local_to_utc
from marketplace.core.errors import OutsideClusterAreas
from marketplace.core.location import DerivedLocation, location_derive
from marketplace.core.normalise import search_text
from marketplace.demo.catalogue import Archetype, archetypes_load

SCALE_SEED = 2026
TITLE_PREFIX = "Scale "
VAT_PREFIX = "SCALE-"
JITTER_M = (100, 1500)
SLOT_SHARE = 0.2  # experiences with slots in the next SLOT_DAYS days
SLOT_DAYS = 30
BATCH_EXPERIENCES = 2000
Progress = Callable[[int, int], None]


# SECTION: the plan (plain values, no database)


@dataclass(frozen=True)
class ExperienceRow:
    """One experience: the fields stored on the page; slots as (day offset, local time)."""

    title: str
    slug: str
    summary: str
    sector_slug: str
    lat: float
    lon: float
    location: DerivedLocation
    price_from_eur_cents: int
    duration_min: int
    languages: str
    booking_mode: str
    is_lodging: bool
    capacity: int
    wheelchair_accessible: bool
    family_friendly: bool
    translation_key: uuid.UUID
    slots: tuple[tuple[int, clock], ...]


@dataclass(frozen=True)
class ProviderRow:
    number: int
    title: str
    slug: str
    vat_number: str
    town: str
    lat: float
    lon: float
    location: DerivedLocation
    translation_key: uuid.UUID
    experiences: tuple[ExperienceRow, ...]

    @property
    def sector_slugs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.sector_slug for e in self.experiences))


def scale_plan(*, experiences: int, providers: int | None = None,
               seed: int = SCALE_SEED) -> tuple[ProviderRow, ...]:
    """``experiences`` experiences of ``providers`` providers (default a third as many).

    Providers spread over the four areas in proportion to the demo archetypes, at towns drawn
    by population, moved 0.1–1.5 km; their experiences follow the area's archetypes (sector,
    price ±30 %, duration, languages, booking) around the same town. Each provider draws from
    its own generator seeded with ``seed`` and its number, so provider n is the same whatever
    the total. Same arguments, same plan.
    """
    providers = providers or max(1, experiences // 3)
    providers = min(providers, max(experiences, 1))
    base, extra = divmod(experiences, providers)
    return tuple(_provider_row(number, seed=seed, count=base + (number < extra))
                 for number in range(providers))


@cache
def _areas() -> tuple[tuple[str, ...], tuple[int, ...]]:
    counts: dict[str, int] = {}
    for archetype in archetypes_load():
        counts[archetype.area] = counts.get(archetype.area, 0) + 1
    return tuple(counts), tuple(counts.values())


@cache
def _area_archetypes(area: str) -> tuple[Archetype, ...]:
    return tuple(a for a in archetypes_load() if a.area == area)


@cache
def _area_towns(area: str) -> tuple[tuple[Town, ...], tuple[int, ...]]:
    towns = tuple(t for t in load_towns() if t.region == area)
    return towns, tuple(t.population for t in towns)


@cache
def _town_location(town: Town) -> DerivedLocation:
    """What the services would store for the town centre (the polygons decide)."""
    try:
        return location_derive(lat=town.point.lat, lon=town.point.lon)
    except OutsideClusterAreas:
        return DerivedLocation(country=town.country_iso2, area=town.area_id,
                               subdivision_id=town.subdiv_id, subdivision_name=town.subdiv_name)


def _jittered(rng: random.Random, town: Town) -> tuple[float, float]:
    distance_km = rng.uniform(*JITTER_M) / 1000
    bearing = rng.uniform(0, 2 * math.pi)
    lat = town.point.lat + distance_km * math.cos(bearing) / KM_PER_DEGREE_LAT
    lon = town.point.lon + distance_km * math.sin(bearing) / (
        KM_PER_DEGREE_LAT * math.cos(math.radians(town.point.lat)))
    return round(lat, 6), round(lon, 6)


def _provider_row(number: int, *, seed: int, count: int) -> ProviderRow:
    rng = random.Random(f"{seed}:{number}")
    names, weights = _areas()
    area = rng.choices(names, weights=weights)[0]
    towns, populations = _area_towns(area)
    town = rng.choices(towns, weights=populations)[0]
    lat, lon = _jittered(rng, town)
    title = f"{TITLE_PREFIX}{number + 1:06d} {town.name}"
    return ProviderRow(
        number=number, title=title, slug=slugify(f"scale-{number + 1:06d}-{town.ascii_name}"),
        vat_number=f"{VAT_PREFIX}{number + 1:07d}", town=town.name, lat=lat, lon=lon,
        location=_town_location(town), translation_key=_uuid(rng),
        experiences=tuple(_experience_row(rng, area=area, town=town, index=i)
                          for i in range(count)))


def _experience_row(rng: random.Random, *, area: str, town: Town, index: int) -> ExperienceRow:
    a = rng.choice(_area_archetypes(area))
    lat, lon = _jittered(rng, town)
    price = max(500, round(a.price_adult_cents * rng.uniform(0.7, 1.3) / 50) * 50)
    duration = a.duration_min if a.is_lodging else max(30, a.duration_min + rng.choice(
        (-30, 0, 0, 30, 60)))
    booking = a.booking if rng.random() < 0.8 else rng.choice(("instant", "request"))
    slots = ()
    if rng.random() < SLOT_SHARE:
        days = sorted(rng.sample(range(1, SLOT_DAYS + 1), rng.randint(2, 6)))
        slots = tuple((day, clock(rng.choice((9, 10, 11, 15, 17)), rng.choice((0, 30))))
                      for day in days)
    return ExperienceRow(
        title=f"{a.title_it} ({town.name})"[:255], slug=f"{index + 1}-{slugify(a.title_it)[:60]}",
        summary=a.summary_it[:400], sector_slug=a.sector, lat=lat, lon=lon,
        location=_town_location(town), price_from_eur_cents=price, duration_min=duration,
        languages=a.languages, booking_mode=booking, is_lodging=a.is_lodging,
        capacity=rng.randint(2, 9) if a.is_lodging else a.group_max,
        wheelchair_accessible=rng.random() < 0.25,
        family_friendly=a.price_child_cents is not None or rng.random() < 0.2,
        translation_key=_uuid(rng), slots=slots)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


# SECTION: writing in bulk


@dataclass
class ScaleReport:
    """What ``scale_data_generate`` planned and wrote; ``seconds`` is the writing time."""

    planned_providers: int = 0
    planned_experiences: int = 0
    providers: int = 0
    experiences: int = 0
    slots: int = 0
    skipped_providers: int = 0
    seconds: float = 0.0

    @property
    def experiences_per_s(self) -> float:
        return self.experiences / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class _Context:
    index: Page
    locale_id: int
    provider_type_id: int
    experience_type_id: int
    sector_ids: dict[str, int]
    today: date
    now: object


def scale_data_generate(*, experiences: int, seed: int = SCALE_SEED,
                        providers: int | None = None, progress: Progress | None = None,
                        today: date | None = None) -> ScaleReport:
    """Plan and insert ``experiences`` live experiences of ``providers`` providers (default a
    third as many) under the Italian provider index, plus slots for a fifth of them over the
    next 30 days, in batches of about 2,000 experiences, one transaction each.

    Providers whose VAT number exists are skipped with their experiences. ``progress`` is
    called with (experiences done, experiences to do) after each batch. Also ensures the
    Italian experience index page, so ``/it/experiences/`` lists them.
    """
    plans = scale_plan(experiences=experiences, providers=providers, seed=seed)
    report = ScaleReport(planned_providers=len(plans),
                         planned_experiences=sum(len(p.experiences) for p in plans))
    index = supplier_index_ensure()
    experience_index_ensure()
    existing = set(ProviderPage.objects.filter(vat_number__startswith=VAT_PREFIX)
                   .values_list("vat_number", flat=True))
    todo = [p for p in plans if p.vat_number not in existing]
    report.skipped_providers = len(plans) - len(todo)
    total = sum(len(p.experiences) for p in todo)
    ctx = _Context(
        index=index, locale_id=index.locale_id,
        provider_type_id=ContentType.objects.get_for_model(ProviderPage).pk,
        experience_type_id=ContentType.objects.get_for_model(ExperiencePage).pk,
        sector_ids=dict(Sector.objects.filter(locale_id=index.locale_id)
                        .values_list("slug", "pk")),
        today=today or timezone.localdate(), now=timezone.now())
    start = time.perf_counter()
    for batch in _batches(todo, BATCH_EXPERIENCES):
        with transaction.atomic():
            report.slots += _write_batch(batch, ctx)
        report.providers += len(batch)
        report.experiences += sum(len(p.experiences) for p in batch)
        if progress is not None:
            progress(report.experiences, total)
    report.seconds = time.perf_counter() - start
    return report


def _batches(plans: Sequence[ProviderRow], size: int):
    batch: list[ProviderRow] = []
    count = 0
    for plan in plans:
        batch.append(plan)
        count += len(plan.experiences)
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def _next_step(parent: Page) -> int:
    """The step after the parent's last child (read again: another batch may have added)."""
    last = (Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path").values_list("path", flat=True).first())
    return int(last[-Page.steplen:], 36) + 1 if last else 1


def _page(ctx: _Context, *, parent_path: str, depth: int, step: int, url_path: str,
          title: str, slug: str, content_type_id: int, numchild: int,
          translation_key: uuid.UUID) -> Page:
    return Page(
        path=Page._get_path(parent_path, depth, step), depth=depth, numchild=numchild,
        title=title, draft_title=title, slug=slug, url_path=f"{url_path}{slug}/",
        content_type_id=content_type_id, locale_id=ctx.locale_id, live=True,
        has_unpublished_changes=False, first_published_at=ctx.now, last_published_at=ctx.now,
        translation_key=translation_key, show_in_menus=False)


def _write_batch(batch: Sequence[ProviderRow], ctx: _Context) -> int:
    """Insert the providers of ``batch`` with their experiences and slots; returns slots."""
    index = ctx.index
    first = _next_step(index)
    provider_pages = Page.objects.bulk_create([
        _page(ctx, parent_path=index.path, depth=index.depth + 1, step=first + i,
              url_path=index.url_path, title=p.title, slug=p.slug,
              content_type_id=ctx.provider_type_id, numchild=len(p.experiences),
              translation_key=p.translation_key)
        for i, p in enumerate(batch)])
    _insert_rows(ProviderPage, [_provider_fields(page, plan)
                                for page, plan in zip(provider_pages, batch, strict=True)])
    through = ProviderPage.sectors.through
    through.objects.bulk_create([
        through(providerpage_id=page.pk, sector_id=ctx.sector_ids[slug])
        for page, plan in zip(provider_pages, batch, strict=True) for slug in plan.sector_slugs])
    pairs = [(parent, row) for parent, plan in zip(provider_pages, batch, strict=True)
             for row in plan.experiences]
    experience_pages = Page.objects.bulk_create([
        _page(ctx, parent_path=parent.path, depth=parent.depth + 1,
              step=int(row.slug.split("-", 1)[0]), url_path=parent.url_path, title=row.title,
              slug=row.slug, content_type_id=ctx.experience_type_id, numchild=0,
              translation_key=row.translation_key)
        for parent, row in pairs])
    _insert_rows(ExperiencePage, [_experience_fields(page, row, ctx)
                                  for page, (_parent, row) in zip(experience_pages, pairs,
                                                                  strict=True)])
    slots = [_slot(page.pk, row, day, at, ctx) for page, (_parent, row)
             in zip(experience_pages, pairs, strict=True) for day, at in row.slots]
    Slot.objects.bulk_create(slots, batch_size=5000)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(batch))
    return len(slots)


def _located(row: ProviderRow | ExperienceRow) -> dict:
    loc = row.location
    return {"lat": row.lat, "lon": row.lon, "country": loc.country, "area": loc.area,
            "subdivision_id": loc.subdivision_id, "subdivision_name": loc.subdivision_name}


def _provider_fields(page: Page, plan: ProviderRow) -> dict:
    languages = ",".join(dict.fromkeys(code for e in plan.experiences
                                       for code in e.languages.split(",")))
    return {"page_ptr_id": page.pk, **_located(plan), "legal_name": plan.title,
            "vat_number": plan.vat_number, "town": plan.town, "languages": languages[:60],
            "email": f"{plan.slug}@example.com", "is_member": True}


def _experience_fields(page: Page, row: ExperienceRow, ctx: _Context) -> dict:
    return {"page_ptr_id": page.pk, **_located(row), "summary": row.summary,
            "search_text": search_text(row.title, row.summary),
            "sector_id": ctx.sector_ids[row.sector_slug], "duration_min": row.duration_min,
            "languages": row.languages, "group_max": row.capacity,
            "wheelchair_accessible": row.wheelchair_accessible,
            "family_friendly": row.family_friendly, "booking_mode": row.booking_mode,
            "schedule_kind": "nightly" if row.is_lodging else "start_times",
            "capacity": row.capacity, "price_from_eur_cents": row.price_from_eur_cents,
            "is_lodging": row.is_lodging, "rooms": row.capacity if row.is_lodging else 0,
            "readiness_override": True}


def _slot(experience_id: int, row: ExperienceRow, day: int, at: clock, ctx: _Context) -> Slot:
    starts_at = local_to_utc(ctx.today + timedelta(days=day), at)
    length = timedelta(days=1) if row.is_lodging else timedelta(minutes=row.duration_min or 60)
    return Slot(experience_id=experience_id, starts_at=starts_at, ends_at=starts_at + length,
                capacity=row.capacity)


def _insert_rows(model, rows: list[dict]) -> None:
    """Insert the child-table rows of multi-table-inheritance pages (the ``page_ptr_id`` rows
    exist): ``bulk_create`` refuses MTI models. Missing fields take their defaults."""
    fields = model._meta.local_concrete_fields
    defaults = {f.attname: f.get_default() for f in fields}
    ops = connection.ops
    sql = (f"INSERT INTO {ops.quote_name(model._meta.db_table)} "
           f"({', '.join(ops.quote_name(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    values = [[f.get_db_prep_save(row.get(f.attname, defaults[f.attname]), connection)
               for f in fields] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)
