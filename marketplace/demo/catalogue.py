"""Demo data of the marketplace: suppliers, experiences, photos and demo logins.

Everything is read from ``data/`` (the 400 experience archetypes, the villages they name and
``providers.toml``; see ``data/README.md``), planned with a seeded ``random.Random`` into plain
values (``marketplace_plan``, no database: each archetype one experience of one supplier of its
place), then built through the services (``build_marketplace``). A supplier whose VAT number
exists is skipped, so a second run creates nothing. Photos are drawn locally with Pillow, once
per sector, and shared.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import random
import re
import tomllib
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, ReferenceIndex
from wagtail.search import index as search_index
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler as search_post_save
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from geo.distance import haversine_km, one_to_many_km
from geo.errors import OutsideAreas
from geo.regions import fold_name, load_towns, locate
from geo.types import KM_PER_DEGREE_LAT, LatLng, Town
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.pricing import PriceLine
from marketplace.catalogue.services.pages import (
    DateExceptionSpec,
    ExperienceDetails,
    ExperienceText,
    WeeklyRuleSpec,
    experience_page_create,
    page_translation_create,
    sectors_by_slug,
    supplier_index_ensure,
    supplier_page_create,
)
from marketplace.catalogue.services.permissions import sme_group_ensure
from marketplace.catalogue.services.slots import slots_materialise_all
from marketplace.core.errors import OutsideClusterAreas
from marketplace.core.location import location_derive
from marketplace.core.roles import CLUSTER_MANAGERS_GROUP
from marketplace.core.vat import it_partita_iva_check_digit
from marketplace.signals import SLOTS_RECEIVER, experience_published

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_SEED = 2026
# Every supplier of the plan (one experience per archetype). settings.DEMO_MARKETPLACE_PROVIDERS
# keeps only the first few (e.g. in tests).
DEMO_PROVIDERS: int | None = None
DEMO_PASSWORD_DEFAULT = "innotourclust-demo"
PHOTO_COLLECTION = "Demo photos"

AREA_COUNTRY = {"Puglia": "IT", "Molise": "IT", "Albania": "AL", "Montenegro": "ME"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SLOT_REPORT_DAYS = 90
Report = Callable[[str], None]


# SECTION: the data files


@dataclass(frozen=True)
class Archetype:
    """One row of ``experiences.csv``; prices in integer euro cents."""

    key: str
    area: str
    town: str
    sector: str
    is_lodging: bool
    title_it: str
    title_en: str
    summary_it: str
    summary_en: str
    duration_min: int
    price_adult_cents: int
    price_child_cents: int | None
    group_max: int
    pricing: str
    season: tuple[int, int]
    weekly_schedule: str
    languages: str
    booking: str
    tags: tuple[str, ...]


@cache
def archetypes_load() -> tuple[Archetype, ...]:
    """The archetypes of ``data/experiences.csv`` (400), in file order."""
    with (DATA_DIR / "experiences.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(_archetype(row) for row in csv.DictReader(handle))


def _archetype(row: dict[str, str]) -> Archetype:
    start, end = (int(m) for m in row["season_months"].split("-"))
    child = row["price_child_eur"].strip()
    return Archetype(
        key=row["key"], area=row["area"], town=row["town"], sector=row["sector"],
        is_lodging=row["is_lodging"] == "true", title_it=row["title_it"],
        title_en=row["title_en"], summary_it=row["summary_it"], summary_en=row["summary_en"],
        duration_min=int(row["duration_min"]),
        price_adult_cents=round(float(row["price_adult_eur"]) * 100),
        price_child_cents=round(float(child) * 100) if child else None,
        group_max=int(row["group_max"]), pricing=row["pricing"], season=(start, end),
        weekly_schedule=row["weekly_schedule"], languages=row["languages"],
        booking=row["booking"], tags=tuple(t for t in row["tags"].split(";") if t),
    )


@dataclass(frozen=True)
class Village:
    """A row of ``villages.csv``: a village filed under ``town`` (a town of ``geo``) of
    ``area``, at (``lat``, ``lon``) in degrees WGS84; ``aliases`` name it in the summaries too."""

    name: str
    area: str
    town: str
    lat: float
    lon: float
    aliases: tuple[str, ...]


@cache
def villages_load() -> tuple[Village, ...]:
    """The villages of ``data/villages.csv``, in file order."""
    with (DATA_DIR / "villages.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(Village(name=row["village"], area=row["area"], town=row["town"],
                             lat=float(row["lat"]), lon=float(row["lon"]),
                             aliases=tuple(a for a in row["aliases"].split(";") if a))
                     for row in csv.DictReader(handle))


@dataclass(frozen=True)
class Place:
    """Where an archetype happens: its town of ``geo``, or a village filed under that town;
    (``lat``, ``lon``) in degrees, the town's or the village's centre."""

    area: str
    town: str
    village: str
    lat: float
    lon: float

    @property
    def name(self) -> str:
        return self.village or self.town


def archetype_place(archetype: Archetype) -> Place:
    """The village under the archetype's town that the row names (the first one named in its
    key, English title, then summaries), else the town itself."""
    town_key = fold_name(archetype.town)
    text = fold_name(" ".join((archetype.key.replace("-", " "), archetype.title_en,
                               archetype.summary_en, archetype.summary_it)))
    named = []
    for village in villages_load():
        if village.area != archetype.area or fold_name(village.town) != town_key:
            continue
        for name in (village.name, *village.aliases):
            found = re.search(rf"\b{re.escape(fold_name(name))}\b", text)
            if found:
                named.append((found.start(), village))
    if named:
        village = min(named, key=lambda item: item[0])[1]
        return Place(area=archetype.area, town=archetype.town, village=village.name,
                     lat=village.lat, lon=village.lon)
    town = _town_named(archetype.area, archetype.town)
    return Place(area=archetype.area, town=town.name, village="", lat=town.point.lat,
                 lon=town.point.lon)


@cache
def ingredients_load() -> dict:
    """``data/providers.toml``: name patterns, people, streets and text snippets."""
    return tomllib.loads((DATA_DIR / "providers.toml").read_text(encoding="utf-8"))


def parse_weekly_schedule(value: str, *, shift_min: int = 0
                          ) -> tuple[str, tuple[WeeklyRuleSpec, ...]]:
    """The schedule kind and weekly rules of an archetype's ``weekly_schedule``.

    Reads ``daily 10:00,15:00``, ``Tue,Thu,Sat 09:30``, ``Mon-Sat 11:00``,
    ``Mon-Sun open 09:00-18:00`` and ``nightly``. Start and opening times move by
    ``shift_min`` minutes, kept between 06:00 and 22:00. ``ValueError`` on anything else.
    """
    value = value.strip()
    if value == "nightly":
        return "nightly", (WeeklyRuleSpec(weekdays=tuple(range(7))),)
    days_part, _, rest = value.partition(" ")
    weekdays = _parse_weekdays(days_part)
    if rest.startswith("open "):
        opens, _, closes = rest.removeprefix("open ").partition("-")
        return "opening_hours", (WeeklyRuleSpec(weekdays=weekdays,
                                                opens_at=_shifted(opens, shift_min),
                                                closes_at=_shifted(closes, shift_min)),)
    times = tuple(sorted({_shifted(t, shift_min) for t in rest.split(",") if t.strip()}))
    if not times:
        raise ValueError(f"no start time in {value!r}")
    return "start_times", (WeeklyRuleSpec(weekdays=weekdays, start_times=times),)


def _parse_weekdays(value: str) -> tuple[int, ...]:
    if value == "daily":
        return tuple(range(7))
    days: set[int] = set()
    for part in value.split(","):
        first, _, last = part.partition("-")
        start = WEEKDAYS.index(first)
        stop = WEEKDAYS.index(last) if last else start
        days.update(range(start, stop + 1))
    return tuple(sorted(days))


def _shifted(value: str, shift_min: int) -> time:
    hours, minutes = (int(x) for x in value.strip().split(":"))
    total = min(max(hours * 60 + minutes + shift_min, 6 * 60), 22 * 60)
    return time(total // 60, total % 60)


# SECTION: the plan (plain values, no database)


@dataclass(frozen=True)
class PhotoPlan:
    title: str
    sector: str
    motif: str
    seed: int


@dataclass(frozen=True)
class ExperiencePlan:
    archetype_key: str
    text_it: ExperienceText
    text_en: ExperienceText
    details: ExperienceDetails
    photo_indices: tuple[int, ...]


@dataclass(frozen=True)
class ProviderPlan:
    name: str
    vat_number: str
    country: str
    area: str
    town: str
    lat: float
    lon: float
    sector_slugs: tuple[str, ...]
    contact_name: str
    email: str
    phone: str
    website: str
    address: str
    languages: str
    story_it: str
    story_en: str
    experiences: tuple[ExperiencePlan, ...]
    village: str = ""  # the village it is at, filed under ``town``; "" at the town


def marketplace_plan(*, providers: int | None = None, seed: int,
                     today: date) -> tuple[ProviderPlan, ...]:
    """The demo suppliers, each with the experiences of its place; all of them by default.

    Every archetype becomes exactly one experience, met at its place (its town, or the village
    its summary names). The archetypes of one place go to suppliers of related sectors
    (``supplier_groups``). Suppliers come area by area in turn, the largest area first and the
    richest supplier first within an area, so ``providers`` keeps a spread of the first ones.
    Same arguments, same plan; a shorter plan is the start of a longer one.
    """
    rng = random.Random(seed)
    groups = _interleaved(supplier_groups())
    if providers is not None:
        groups = groups[:providers]
    used_names: set[str] = set()
    used_vats: set[str] = set()
    return tuple(_provider_plan(rng, place=place, chosen=chosen, used_names=used_names,
                                used_vats=used_vats, today=today)
                 for place, chosen in groups)


def supplier_groups() -> dict[str, list[tuple[Place, list[Archetype]]]]:
    """The archetypes of each area shared among its suppliers.

    Places (towns and villages) within ``place_radius_km`` of a busier place join its
    neighbourhood. In a neighbourhood, lodgings lead; an archetype joins the least busy
    supplier whose lead sector it suits (the lead's own or a related one, ``experiences_max``
    at most, one lodging at most), or leads a new one at its own place. Each archetype keeps
    its own place as its meeting point. Richest suppliers first, then in file order.
    """
    plan = ingredients_load()["plan"]
    most, related = plan["experiences_max"], plan["related_sectors"]
    groups: dict[str, list[tuple[Place, list[Archetype]]]] = {}
    for area, neighbourhood in _neighbourhoods(plan["place_radius_km"]):
        suppliers: list[tuple[Place, list[Archetype]]] = []
        for archetype in sorted(neighbourhood, key=lambda a: not a.is_lodging):
            fits = [s for _place, s in suppliers if len(s) < most
                    and archetype.sector in {s[0].sector, *related[s[0].sector]}
                    and not (archetype.is_lodging and any(a.is_lodging for a in s))]
            if fits:
                min(fits, key=len).append(archetype)
            else:
                suppliers.append((archetype_place(archetype), [archetype]))
        groups.setdefault(area, []).extend(suppliers)
    return {area: sorted(items, key=lambda item: -len(item[1]))
            for area, items in groups.items()}


def _neighbourhoods(radius_km: float) -> list[tuple[str, list[Archetype]]]:
    """The archetypes by neighbourhood: places of an area, busiest first, each joining the
    first neighbourhood whose centre is within ``radius_km`` (great circle) or starting one."""
    by_place: dict[Place, list[Archetype]] = {}
    for archetype in archetypes_load():
        by_place.setdefault(archetype_place(archetype), []).append(archetype)
    centres: list[tuple[Place, list[Archetype]]] = []
    for place, items in sorted(by_place.items(), key=lambda item: -len(item[1])):
        point = LatLng(place.lat, place.lon)
        home = next((members for centre, members in centres if centre.area == place.area
                     and haversine_km(point, LatLng(centre.lat, centre.lon)) <= radius_km),
                    None)
        if home is None:
            centres.append((place, list(items)))
        else:
            home.extend(items)
    order = {a.key: i for i, a in enumerate(archetypes_load())}
    return [(centre.area, sorted(members, key=lambda a: order[a.key]))
            for centre, members in centres]


def _interleaved(groups: dict[str, list]) -> list:
    """One item of each area in turn, the area with most items first."""
    queues = sorted(groups.values(), key=len, reverse=True)
    return [queue[i] for i in range(max(map(len, queues), default=0))
            for queue in queues if i < len(queue)]


@cache
def _area_towns(area: str) -> tuple[tuple[Town, ...], np.ndarray, np.ndarray]:
    towns = tuple(t for t in load_towns() if t.region == area)
    return (towns, np.array([t.point.lat for t in towns]), np.array([t.point.lon for t in towns]))


def _town_named(area: str, name: str) -> Town:
    key = fold_name(name)
    return next(t for t in _area_towns(area)[0] if fold_name(t.name) == key)


def _towns_near(area: str, lat: float, lon: float, radius_km: float) -> list[tuple[Town, float]]:
    towns, lats, lons = _area_towns(area)
    distances = one_to_many_km(LatLng(lat, lon), lats, lons)
    order = np.argsort(distances, kind="stable")
    return [(towns[i], float(distances[i])) for i in order if distances[i] <= radius_km]


def _provider_plan(rng: random.Random, *, place: Place, chosen: list[Archetype],
                   used_names: set[str], used_vats: set[str], today: date) -> ProviderPlan:
    data = ingredients_load()
    area, lead = place.area, chosen[0]
    country = AREA_COUNTRY[area]
    people = data["areas"][area]
    lat, lon = _provider_point(rng, place)
    sectors = tuple(dict.fromkeys(a.sector for a in chosen))
    given, surname = rng.choice(people["given"]), rng.choice(people["surnames"])
    name = _provider_name(rng, country=country, sector=lead.sector, place_name=place.name,
                          given=given, surname=surname, used=used_names)
    founder = f"{given} {surname}"
    languages = ",".join(dict.fromkeys(code for a in chosen for code in a.languages.split(",")))
    villages = [t.name for t, _d in _towns_near(area, place.lat, place.lon, 25.0)
                if fold_name(t.name) != fold_name(place.name)][:4] or [place.town]
    values = {
        "name": name, "provider": name, "town": place.name, "founder": founder,
        "year": rng.randint(1962, 2019), "village": rng.choice(villages),
        **_languages_text(languages), **_generation(rng),
    }
    story = [rng.choice(data["story"]["opening"]), rng.choice(data["story"]["sector"][lead.sector]),
             rng.choice(data["story"]["closing"])]
    slug = slugify(fold_name(name))
    photo_count = ingredients_load()["photos"]["per_sector"]
    address = _address(rng, country=country, sector=lead.sector)
    experiences = []
    for archetype in chosen:
        # Met at its own place: the supplier's address there, else the place's centre.
        own = archetype_place(archetype)
        at_home = own == place
        point = (lat, lon) if at_home else _provider_point(rng, own)
        experiences.append(_experience_plan(
            rng, archetype=archetype, photo_count=photo_count, today=today,
            lat=point[0], lon=point[1],
            values={**values, "town": own.name, "village": rng.choice(villages),
                    "address": address if at_home else _address(
                        rng, country=country, sector=archetype.sector),
                    "guide": rng.choice(people["given"])}))
    town = _town_named(area, place.town)
    return ProviderPlan(
        name=name, vat_number=_vat_number(rng, country=country, town=town, used=used_vats),
        country=country, area=area, town=town.name, lat=lat, lon=lon, sector_slugs=sectors,
        contact_name=f"{rng.choice(people['given'])} {surname}", email=f"{slug}@example.com",
        phone=_phone(rng, country), website=f"https://{slug}.example.com", address=address,
        languages=languages, story_it=" ".join(s[0].format(**values) for s in story),
        story_en=" ".join(s[1].format(**values) for s in story),
        experiences=tuple(experiences), village=place.village,
    )


def _provider_point(rng: random.Random, place: Place) -> tuple[float, float]:
    """The place's centre moved a few hundred metres; the centre itself when the moved point
    leaves the centre's subdivision polygon (or the areas, or lands in the sea)."""
    low, high = ingredients_load()["plan"]["jitter_m"]
    distance_km, bearing = rng.uniform(low, high) / 1000, rng.uniform(0, 2 * math.pi)
    lat = place.lat + distance_km * math.cos(bearing) / KM_PER_DEGREE_LAT
    lon = place.lon + distance_km * math.sin(bearing) / (
        KM_PER_DEGREE_LAT * math.cos(math.radians(place.lat)))
    lat, lon = round(lat, 6), round(lon, 6)
    centre = location_derive(lat=place.lat, lon=place.lon)
    try:
        moved = location_derive(lat=lat, lon=lon)
        strict = locate(lat, lon, tolerance_km=0.0)
    except (OutsideClusterAreas, OutsideAreas):
        return place.lat, place.lon
    if moved.area == centre.area and strict.subdiv_id == moved.subdivision_id == (
            centre.subdivision_id):
        return lat, lon
    return place.lat, place.lon


def _provider_name(rng: random.Random, *, country: str, sector: str, place_name: str,
                   given: str, surname: str, used: set[str]) -> str:
    """A new name from the country's patterns for the sector, with the founder's names."""
    country_data = ingredients_load()["countries"][country]
    for _attempt in range(30):
        name = rng.choice(country_data["names"][sector]).format(
            surname=surname, given=given, place=rng.choice(country_data["places"]),
            town=place_name)
        if name not in used:
            break
    else:
        name = f"{name} ({place_name})"
    used.add(name)
    return name


def _vat_number(rng: random.Random, *, country: str, town: Town, used: set[str]) -> str:
    """A valid, new number: IT partita IVA (serial, provincial office, check digit), AL NIPT
    (letter, 8 digits, letter), ME PIB (02 and 6 digits, the last a mod-11 check digit)."""
    countries = ingredients_load()["countries"]
    while True:
        if country == "IT":
            first_ten = f"{rng.randrange(1, 10**7):07d}" + countries["IT"]["vat_offices"][
                town.subdiv_name]
            number = first_ten + str(it_partita_iva_check_digit(first_ten))
        elif country == "AL":
            number = (rng.choice(countries["AL"]["nipt_first_letters"])
                      + f"{rng.randrange(10**8):08d}" + chr(ord("A") + rng.randrange(26)))
        else:
            body = "02" + f"{rng.randrange(10**5):05d}"
            remainder = sum(int(d) * w for d, w in zip(body, range(8, 1, -1), strict=True)) % 11
            number = body + str(0 if remainder < 2 else 11 - remainder)
        if number not in used:
            used.add(number)
            return number


def _phone(rng: random.Random, country: str) -> str:
    prefix = ingredients_load()["countries"][country]["phone_prefix"]
    return f"{prefix}{rng.randrange(10, 100)} {rng.randrange(10**6):06d}"


def _address(rng: random.Random, *, country: str, sector: str) -> str:
    data = ingredients_load()["countries"][country]
    if sector in ("agritourism", "nature-outdoor") and rng.random() < 0.7:
        return rng.choice(data["rural_streets"]).format(
            place=rng.choice(data["places"]), n=rng.randrange(1, 400), km=rng.randrange(1, 30))
    return f"{rng.choice(data['streets'])} {rng.randrange(1, 120)}"


def _languages_text(codes: str) -> dict[str, str]:
    names = ingredients_load()["languages"]
    found = [names[c] for c in codes.split(",") if c in names]

    def joined(items: list[str], conjunction: str) -> str:
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"

    return {"languages_it": joined([n[0] for n in found], "e"),
            "languages_en": joined([n[1] for n in found], "and")}


def _generation(rng: random.Random) -> dict[str, str]:
    italian, english = rng.choice(ingredients_load()["story"]["generations"])
    return {"generation": italian, "generation_en": english}


def photo_pool_plan(*, seed: int) -> dict[str, tuple[PhotoPlan, ...]]:
    """The demo photos of each sector (``per_sector`` of them, its motifs in turn): drawn
    once and shared by the sector's experiences."""
    data = ingredients_load()["photos"]
    rng = random.Random(seed)
    pool = {}
    for sector, motifs in data["motifs"].items():
        pool[sector] = tuple(
            PhotoPlan(title=f"Demo {sector} {i + 1}", sector=sector,
                      motif=motifs[i % len(motifs)], seed=rng.randrange(2**31))
            for i in range(data["per_sector"]))
    return pool


def _experience_plan(rng: random.Random, *, archetype: Archetype, photo_count: int,
                     today: date, lat: float, lon: float, values: dict) -> ExperiencePlan:
    data = ingredients_load()
    texts = data["experience"]
    a = archetype
    factor = 1 + rng.uniform(-1, 1) * data["plan"]["price_variation"]
    kind, rules = parse_weekly_schedule(a.weekly_schedule, shift_min=rng.choice((-30, 0, 0, 30)))
    if a.is_lodging:
        rooms = rng.randint(2, 9)
        capacity, group_max = rooms, a.group_max
    else:
        rooms = 0
        capacity = group_max = max(2, a.group_max + rng.choice((-2, -1, 0, 0, 1, 2)))
    values = {**values, "n": rooms or group_max, "years": rng.randint(4, 30)}
    cancellation, hours, refund = _cancellation(rng)
    extras = texts["lodging_extras"] if a.is_lodging else texts["summary_extras"]
    extra = rng.choice(extras)
    paragraphs = [rng.choice(data["experience"]["paragraphs"][a.sector]),
                  rng.choice(data["experience"]["paragraphs"]["common"])]
    inclusions = (rng.sample(texts["inclusions"][a.sector], 2)
                  + [rng.choice(texts["inclusions"]["common"])])
    meeting = texts["lodging_meeting_point" if a.is_lodging else "meeting_point"]

    def text(lang: int, source_title: str, summary: str) -> ExperienceText:
        return ExperienceText(
            title=source_title,
            summary=f"{summary} {extra[lang].format(**values)}"[:400],
            paragraphs=tuple(p[lang].format(**values) for p in paragraphs),
            meeting_point=meeting[lang].format(**values)[:255],
            inclusions="\n".join(item[lang] for item in inclusions),
            slug=slugify(source_title)[:70])

    details = ExperienceDetails(
        sector_slug=a.sector, lat=lat, lon=lon,
        prices=_price_lines(a, factor=factor, group_max=group_max),
        weekly_rules=rules, duration_min=a.duration_min, capacity=capacity,
        group_max=group_max, booking_mode=a.booking,
        cutoff_hours=48 if a.booking == "request" else rng.choice((2, 12, 24)),
        schedule_kind=kind, season_start_month=a.season[0], season_end_month=a.season[1],
        languages=a.languages, tags=a.tags, cancellation=cancellation,
        cancellation_hours=hours, cancellation_refund_pct=refund, is_lodging=a.is_lodging,
        rooms=rooms, wheelchair_accessible=rng.random() < 0.25,
        family_friendly=a.price_child_cents is not None,
        operator_commission_pct=rng.choice((15, 20, 20, 25)),
        date_exceptions=_holidays(rng, today) if not a.is_lodging else (),
    )
    return ExperiencePlan(
        archetype_key=a.key, text_it=text(0, a.title_it, a.summary_it),
        text_en=text(1, a.title_en, a.summary_en), details=details,
        photo_indices=_photo_indices(rng, photo_count))


def _photo_indices(rng: random.Random, count: int) -> tuple[int, ...]:
    """Three of the sector's ``count`` photos, starting at a random one."""
    first = rng.randrange(count)
    return tuple((first + k) % count for k in range(min(3, count)))


def _cents(amount_cents: int, factor: float) -> int:
    """``amount_cents`` times ``factor``, rounded to 50 cents (never below 50 cents)."""
    return max(50, round(amount_cents * factor / 50) * 50)


def _price_lines(a: Archetype, *, factor: float, group_max: int) -> tuple[PriceLine, ...]:
    labels = ingredients_load()["experience"]["price_labels"]
    price = _cents(a.price_adult_cents, factor)
    if a.pricing == "per_night":
        return (PriceLine(kind="per_night", label=labels["night"], price_cents=price),)
    if a.pricing == "per_group":
        return (PriceLine(kind="per_group", label=labels["group"].format(n=group_max),
                          price_cents=price, group_size_min=1, group_size_max=group_max),)
    lines = [PriceLine(kind="per_person", label=labels["adult"], price_cents=price,
                       age_min=18, age_max=99)]
    if a.price_child_cents is not None:
        lines += [PriceLine(kind="per_person", label=labels["child"], age_min=6, age_max=17,
                            price_cents=_cents(a.price_child_cents, factor)),
                  PriceLine(kind="per_person", label=labels["infant"], age_min=0, age_max=5,
                            price_cents=0)]
    return tuple(lines)


def _cancellation(rng: random.Random) -> tuple[str, int, int]:
    plan = ingredients_load()["plan"]
    kinds, weights = zip(*plan["cancellation"], strict=True)
    kind = rng.choices(kinds, weights=weights)[0]
    if kind == "custom":
        hours, refund = rng.choice(plan["custom_cancellation"])
        return kind, hours, refund
    return kind, (24 if kind == "standard" else 0), (100 if kind == "standard" else 0)


def _holidays(rng: random.Random, today: date) -> tuple[DateExceptionSpec, ...]:
    """Closed on the coming Christmas and New Year's Day, for about a third of experiences."""
    if rng.random() > 0.35:
        return ()
    christmas = date(today.year, 12, 25)
    christmas = christmas if christmas >= today else date(today.year + 1, 12, 25)
    return (DateExceptionSpec(date=christmas, note="Natale / Christmas"),
            DateExceptionSpec(date=date(christmas.year + 1, 1, 1),
                              note="Capodanno / New Year's Day"))


# SECTION: photos, drawn with Pillow


def photo_jpeg(photo: PhotoPlan, *, caption: str, label: str) -> bytes:
    """A JPEG of a simple scene (palette and motif of the photo's sector) with a caption band."""
    data = ingredients_load()["photos"]
    width, height = data["width"], data["height"]
    sky_top, sky_low, ground, accent, detail = data["palettes"][photo.sector]
    rng = random.Random(photo.seed)
    image = _sky(sky_top, sky_low, width, height).copy()
    draw = ImageDraw.Draw(image)
    sun_x, sun_y, sun_r = rng.randint(150, width - 150), rng.randint(90, 260), rng.randint(40, 80)
    draw.ellipse((sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r), fill="#fff4c9")
    horizon = rng.randint(int(height * 0.48), int(height * 0.62))
    _MOTIFS[photo.motif](draw, rng, width, height, horizon, (ground, accent, detail))
    band = int(height * 0.14)
    draw.rectangle((0, height - band, width, height), fill=accent)
    draw.text((40, height - band + 18), caption, fill="#ffffff", font=_font(44))
    draw.text((40, height - band + 70), label, fill="#ffffff", font=_font(24))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=data["quality"])
    return out.getvalue()


@cache
def _sky(top: str, bottom: str, width: int, height: int) -> PILImage.Image:
    """A vertical gradient from ``top`` to ``bottom`` (drawn on one column, then stretched)."""
    mask = PILImage.linear_gradient("L").resize((1, height))
    column = PILImage.composite(PILImage.new("RGB", (1, height), bottom),
                                PILImage.new("RGB", (1, height), top), mask)
    return column.resize((width, height), PILImage.Resampling.NEAREST)


@cache
def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _hills(draw, rng, width, height, horizon, colours):
    ground, accent, _detail = colours
    for layer, colour in enumerate((accent, ground, ground)):
        base = horizon + layer * 70
        phase, amp = rng.uniform(0, 6.3), rng.randint(20, 60)
        points = [(x, base - amp * math.sin(x / rng.randint(140, 260) + phase))
                  for x in range(0, width + 40, 40)]
        draw.polygon(points + [(width, height), (0, height)], fill=colour)


def _mountains(draw, rng, width, height, horizon, colours):
    ground, accent, detail = colours
    x = -100
    while x < width:
        peak_w, peak_h = rng.randint(220, 420), rng.randint(180, 330)
        top = (x + peak_w / 2, horizon - peak_h)
        draw.polygon([(x, horizon), top, (x + peak_w, horizon)], fill=accent)
        draw.polygon([top, (top[0] - peak_w / 8, top[1] + peak_h / 5),
                      (top[0] + peak_w / 8, top[1] + peak_h / 5)], fill=detail)
        x += peak_w * rng.uniform(0.5, 0.8)
    draw.rectangle((0, horizon, width, height), fill=ground)


def _sea(draw, rng, width, height, horizon, colours):
    ground, accent, detail = colours
    draw.rectangle((0, horizon, width, height), fill=ground)
    for _ in range(40):
        x, y = rng.randint(0, width), rng.randint(horizon + 10, height)
        draw.line((x, y, x + rng.randint(20, 70), y), fill=detail, width=2)
    cliff = rng.choice((0, width))
    draw.polygon([(cliff, horizon - rng.randint(60, 160)), (abs(cliff - 320), horizon + 40),
                  (abs(cliff - 320), height), (cliff, height)], fill=accent)


def _boats(draw, rng, width, height, horizon, colours):
    _sea(draw, rng, width, height, horizon, colours)
    _ground, accent, detail = colours
    for _ in range(rng.randint(2, 4)):
        x, y, size = rng.randint(200, width - 200), rng.randint(horizon + 40, height - 160), \
            rng.randint(50, 110)
        draw.polygon([(x - size, y), (x + size, y), (x + size * 0.7, y + size * 0.4),
                      (x - size * 0.7, y + size * 0.4)], fill=accent)
        draw.line((x, y, x, y - size * 1.3), fill=detail, width=4)
        draw.polygon([(x + 4, y - size * 1.2), (x + 4, y - 8), (x + size * 0.8, y - 8)],
                     fill=detail)


def _olives(draw, rng, width, height, horizon, colours):
    ground, _accent, _detail = colours
    draw.rectangle((0, horizon, width, height), fill=ground)
    for _ in range(rng.randint(5, 9)):
        x, y = rng.randint(60, width - 60), rng.randint(horizon + 20, height - 140)
        scale = 0.6 + (y - horizon) / height
        draw.rectangle((x - 8 * scale, y - 10, x + 8 * scale, y + 70 * scale), fill="#5b4636")
        for _leaf in range(6):
            dx, dy = rng.randint(-60, 60) * scale, rng.randint(-70, -10) * scale
            r = rng.randint(28, 48) * scale
            draw.ellipse((x + dx - r, y + dy - r, x + dx + r, y + dy + r), fill="#6b7d3a")


def _vineyard(draw, rng, width, height, horizon, colours):
    ground, accent, detail = colours
    draw.rectangle((0, horizon, width, height), fill=detail)
    vanish = width * rng.uniform(0.3, 0.7)
    for k in range(-8, 9):
        draw.line((vanish, horizon, width / 2 + k * 160, height), fill=accent, width=10)
    draw.rectangle((0, horizon - 8, width, horizon + 4), fill=ground)


def _town(draw, rng, width, height, horizon, colours):
    ground, accent, detail = colours
    draw.rectangle((0, horizon, width, height), fill=ground)
    x = rng.randint(-40, 20)
    while x < width:
        w, h = rng.randint(90, 170), rng.randint(80, 200)
        draw.rectangle((x, horizon - h, x + w, horizon + 30), fill="#f7f3ea", outline=accent)
        if rng.random() < 0.35:  # a cone roof, like a trullo
            draw.polygon([(x, horizon - h), (x + w / 2, horizon - h - w * 0.7),
                          (x + w, horizon - h)], fill="#8d8a83")
        draw.rectangle((x + w / 3, horizon - h / 2, x + w / 3 + 22, horizon - h / 2 + 34),
                       fill=accent)
        x += w + rng.randint(0, 30)


def _pattern(draw, rng, width, height, horizon, colours):
    ground, accent, detail = colours
    size = rng.choice((100, 120, 150))
    for row in range(0, height, size):
        for col in range(0, width, size):
            draw.rectangle((col, row, col + size, row + size), fill=detail, outline=ground)
            c = (col + size / 2, row + size / 2)
            r = size * 0.38
            if (row // size + col // size) % 2:
                draw.polygon([(c[0], c[1] - r), (c[0] + r, c[1]), (c[0], c[1] + r),
                              (c[0] - r, c[1])], fill=accent)
            else:
                draw.ellipse((c[0] - r, c[1] - r, c[0] + r, c[1] + r), fill=ground)


_MOTIFS = {"hills": _hills, "mountains": _mountains, "sea": _sea, "boats": _boats,
           "olives": _olives, "vineyard": _vineyard, "town": _town, "pattern": _pattern}


# SECTION: building through the services


@dataclass
class MarketplaceBuild:
    """What ``build_marketplace`` planned and what it created."""

    plans: tuple[ProviderPlan, ...]
    providers: int = 0
    experiences: int = 0
    lodgings: int = 0
    images: int = 0
    translations: int = 0
    created_pages: list[int] = field(default_factory=list)

    @property
    def created(self) -> int:
        return self.providers + self.experiences + self.images + self.translations


def build_marketplace(*, providers: int | None = DEMO_PROVIDERS, seed: int = DEMO_SEED,
                      today: date | None = None) -> MarketplaceBuild:
    """Create the planned providers (skipping those whose VAT number exists), each with its
    English translation, SME group and experiences, one transaction per provider; the shared
    demo photos first."""
    plans = marketplace_plan(providers=providers, seed=seed,
                             today=today or timezone.localdate())
    build = MarketplaceBuild(plans=plans)
    index = supplier_index_ensure()
    if index.get_translation_or_none(Locale.objects.get(language_code="en")) is None:
        page_translation_create(page=index, language_code="en", title="Providers",
                                slug="providers")
        build.translations += 1
    existing = set(ProviderPage.objects.filter(vat_number__in=[p.vat_number for p in plans])
                   .values_list("vat_number", flat=True))
    created: list = []
    with _search_index_deferred(), _slots_deferred():
        photos = _photo_pool_ensure(seed=seed, build=build)
        created += [image for images in photos.values() for image in images]
        # In the order of the SMEs' image collections: Wagtail keeps collections sorted by
        # name, and an insertion before existing siblings rewrites all their paths.
        for plan in sorted(plans, key=lambda p: f"{p.name} ({p.vat_number})"):
            if plan.vat_number in existing:
                continue
            with transaction.atomic():
                # Wagtail re-indexes a page's references on every save of the page and of
                # each child row (prices, rules, photos): a dozen times per experience. Index
                # each new page once instead, as Wagtail's own task does.
                with disable_reference_index_auto_update():
                    objects = _provider_build(plan, build, photos=photos)
                for obj in objects:
                    ReferenceIndex.create_or_update_for_object(obj)
                created += objects
    _search_index_add(created)
    if build.created_pages:
        slots_materialise_all()  # every new experience's year of slots, in bulk
    return build


@contextmanager
def _slots_deferred():
    """Publishing an experience makes its slots (``experience_published``); within this
    block it does not, and ``build_marketplace`` makes them for all its pages at the end."""
    page_published.disconnect(dispatch_uid=SLOTS_RECEIVER)
    try:
        yield
    finally:
        page_published.connect(experience_published, dispatch_uid=SLOTS_RECEIVER)


@contextmanager
def _search_index_deferred():
    """Wagtail's search index is updated on every save of an indexed object (pages save three
    times when created and published); within this block it is not, see ``_search_index_add``."""
    indexed = [m for m in search_index.get_indexed_models()
               if getattr(m, "search_auto_update", True)]
    for model in indexed:
        post_save.disconnect(search_post_save, sender=model)
    try:
        yield
    finally:
        for model in indexed:
            post_save.connect(search_post_save, sender=model)


def _search_index_add(objects: Sequence) -> None:
    """Add ``objects`` to every auto-updated search backend, in one call per model."""
    by_model: dict[type, list] = {}
    for obj in objects:
        if obj.pk is not None and obj._meta.model in search_index.get_indexed_models():
            by_model.setdefault(obj._meta.model, []).append(obj.pk)
    for backend in get_search_backends(with_auto_update=True):
        for model, pks in by_model.items():
            backend.add_bulk(model, list(model.objects.filter(pk__in=pks)))


def _provider_build(plan: ProviderPlan, build: MarketplaceBuild, *,
                    photos: dict[str, list]) -> list:
    """Create one provider with everything it has; returns the pages created."""
    provider = supplier_page_create(
        legal_name=plan.name, vat_number=plan.vat_number, country=plan.country,
        sector_slugs=list(plan.sector_slugs), lat=plan.lat, lon=plan.lon, town=plan.town,
        contact_name=plan.contact_name, email=plan.email, phone=plan.phone,
        website=plan.website, address=plan.address, languages=plan.languages,
        story=plan.story_it)
    created = [provider, page_translation_create(page=provider, language_code="en",
                                                 title=plan.name, story=plan.story_en)]
    build.providers += 1
    build.translations += 1
    sme_group_ensure(provider=provider)
    for experience in plan.experiences:
        sector_photos = photos[experience.details.sector_slug]
        page = experience_page_create(
            provider=provider, text=experience.text_it, details=experience.details,
            photos=[sector_photos[i] for i in experience.photo_indices])
        english = experience.text_en
        created += [page, page_translation_create(
            page=page, language_code="en", title=english.title, summary=english.summary,
            meeting_point=english.meeting_point, inclusions=english.inclusions,
            paragraphs=english.paragraphs, slug=english.slug)]
        build.experiences += 1
        build.lodgings += experience.details.is_lodging
        build.translations += 1
        build.created_pages.append(page.pk)
    return created


def _photo_pool_ensure(*, seed: int, build: MarketplaceBuild) -> dict[str, list]:
    """The shared demo photos per sector in the "Demo photos" collection: each drawn and
    saved once, unless one with the same title is there already."""
    image_model = get_image_model()
    root = Collection.get_first_root_node()
    collection = (root.get_children().filter(name=PHOTO_COLLECTION).first()
                  or root.add_child(name=PHOTO_COLLECTION))
    pool = photo_pool_plan(seed=seed)
    names = _sector_names(list(pool))
    existing = {image.title: image
                for image in image_model.objects.filter(collection=collection)}
    photos: dict[str, list] = {}
    for sector, plans in pool.items():
        for photo in plans:
            image = existing.get(photo.title)
            if image is None:
                content = photo_jpeg(photo, caption=names[sector], label="Demo image")
                image = image_model(title=photo.title, collection=collection, width=0,
                                    height=0, file_size=len(content),
                                    file_hash=hashlib.sha1(content).hexdigest())
                image.file = ImageFile(io.BytesIO(content), name=f"{slugify(photo.title)}.jpg")
                image.save()
                build.images += 1
            photos.setdefault(sector, []).append(image)
    return photos


def _sector_names(slugs: Sequence[str]) -> dict[str, str]:
    italian = sectors_by_slug(list(slugs), language_code="it")
    english = sectors_by_slug(list(slugs), language_code="en")
    return {it.slug: f"{it.name} / {en.name}" for it, en in zip(italian, english, strict=True)}


# SECTION: demo logins


def demo_logins_ensure(*, plans: Sequence[ProviderPlan], password: str) -> list[tuple[str, str]]:
    """The cluster manager ``manager`` and one SME user per area (``sme-puglia``...) attached
    to the group of that area's first demo provider. Existing users are left as they are.
    Returns (username, what it is) for the users created."""
    User = get_user_model()
    created = []
    logins = [("manager", "", Group.objects.get(name=CLUSTER_MANAGERS_GROUP), "cluster manager")]
    for area in ingredients_load()["plan"]["area_order"]:
        plan = next((p for p in plans if p.area == area), None)
        if plan is None:
            continue
        provider = ProviderPage.objects.get(vat_number=plan.vat_number,
                                            locale__language_code=settings.LANGUAGE_CODE)
        logins.append((f"sme-{area.lower()}", plan.contact_name,
                       sme_group_ensure(provider=provider), f"SME of {provider.title}"))
    hashed = None  # the logins share the demo password: hash it once (a deliberately slow hash)
    for username, full_name, group, role in logins:
        if User.objects.filter(username=username).exists():
            continue
        hashed = hashed or make_password(password)
        first, _, last = full_name.partition(" ")
        user = User.objects.create_user(username=username, email=f"{username}@example.com",
                                        first_name=first, last_name=last, password=None)
        user.password = hashed
        user.save(update_fields=["password"])
        user.groups.add(group)
        created.append((username, role))
    return created


# SECTION: the demo step


def load_marketplace(report: Report) -> int:
    """The marketplace's demo data and logins; returns how many objects it created."""
    providers = getattr(settings, "DEMO_MARKETPLACE_PROVIDERS", DEMO_PROVIDERS)
    build = build_marketplace(providers=providers, seed=DEMO_SEED)
    password = os.environ.get("DEMO_USER_PASSWORD") or DEMO_PASSWORD_DEFAULT
    logins = demo_logins_ensure(plans=build.plans, password=password)
    if build.created:
        report(f"Marketplace: {build.providers:,} providers, {build.experiences:,} experiences "
               f"({build.lodgings:,} lodgings), {build.images:,} images and "
               f"{build.translations:,} English translations created.")
    else:
        report(f"Marketplace: all {len(build.plans):,} demo providers already there.")
    slots, experiences = _slots_ahead(SLOT_REPORT_DAYS)
    report(f"Marketplace: {slots:,} slots in the next {SLOT_REPORT_DAYS} days, for "
           f"{experiences:,} experiences (the others are out of season).")
    if logins:
        source = "DEMO_USER_PASSWORD" if os.environ.get("DEMO_USER_PASSWORD") else (
            f"the default {DEMO_PASSWORD_DEFAULT}")
        report("Demo logins created (password: " + source + "): "
               + ", ".join(f"{name} ({role})" for name, role in logins) + ".")
    return build.created + len(logins)


def _slots_ahead(days: int) -> tuple[int, int]:
    """How many slots start in the next ``days`` days, and for how many experiences."""
    now = timezone.now()
    slots = Slot.objects.filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=days))
    return slots.count(), slots.values("experience").distinct().count()


__all__ = ["build_marketplace", "demo_logins_ensure", "load_marketplace", "marketplace_plan",
           "parse_weekly_schedule", "photo_jpeg"]


def load_experience_index(report: Report) -> int:
    """The "Experiences" browse page (``/<lang>/experiences/``) and the four area landing pages
    in every language."""
    from marketplace.catalogue.models.pages import ExperienceIndexPage
    from marketplace.catalogue.services.pages import area_page_ensure, experience_index_ensure

    before = ExperienceIndexPage.objects.count()
    for code, _name in settings.LANGUAGES:
        experience_index_ensure(language_code=code)
    created = ExperienceIndexPage.objects.count() - before
    spec = tomllib.loads((DATA_DIR / "areas.toml").read_text(encoding="utf-8"))
    for area in spec["areas"]:
        for code, _name in settings.LANGUAGES:
            text = area[code]
            created += area_page_ensure(area=area["area"], language_code=code,
                                        title=text["title"], slug=text["slug"],
                                        intro=text["intro"])[1]
    report(f"Experience search and area pages: {created} created.")
    return created
