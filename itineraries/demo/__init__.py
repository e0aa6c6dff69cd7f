"""Demo itineraries, built through the services from the demo catalogue's real slots: for each
demo tour operator one itinerary proposed to its client (with a share link) and one booked on
its account in one order; and three curated sample trips of the cluster published as pages in
Italian and English. A second run creates nothing.

Slots are dated, so every trip is placed relative to today: from a few weeks ahead, the first
start date on which each day's wanted experiences have a slot with room for the party and fit
together (no overlap, time to travel, no ferry missed, bookable) — each stop is tried in a
savepoint and kept only when ``itinerary_conflicts`` finds nothing wrong. Deterministic: the
candidates are taken in a fixed order (nearest first, then by id), nothing is random.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from geo import LatLng, find_town, haversine_km
from home.services import locale_home_get
from itineraries.demo.trips import (
    BAD_CONFLICTS,
    FIRST_DAY_OFFSET,
    HUB_RADIUS_KM,
    INDEX_TEXT,
    OPERATOR_TRIPS,
    SAMPLE_TRIPS,
    START_DAYS_TRIED,
    Item,
    TripSpec,
    Want,
)
from itineraries.models import Itinerary, ShareLink, Stop
from itineraries.pages import ItineraryIndexPage, ItineraryPage
from itineraries.selectors.conflicts import itinerary_conflicts
from itineraries.selectors.costing import itinerary_costing
from itineraries.services.booking import itinerary_book
from itineraries.services.itineraries import InvalidItinerary, itinerary_create
from itineraries.services.proposals import itinerary_propose, share_link_create
from itineraries.services.stops import stop_add_item, stop_add_slot
from marketplace.catalogue.models.pages import ExperiencePage, ExperiencePhoto, ProviderPage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.slots import slot_places_left_by_id
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.errors import MarketplaceError
from marketplace.demo.operators import DEMO_OPERATORS
from marketplace.operators.models import Contract, Operator, OperatorMember

Report = Callable[[str], None]


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LOCAL_TZ)


def _fits(itinerary: Itinerary, stop: Stop) -> bool:
    """Nothing wrong with the itinerary now, and ``stop`` priced (an operator's contract)."""
    if any(c.code in BAD_CONFLICTS for c in itinerary_conflicts(itinerary)):
        return False
    if stop.slot_id is None or itinerary.operator_id is None:
        return True
    return not itinerary_costing(itinerary).stops[stop.pk].reason


def _tried(itinerary: Itinerary, add: Callable[[], Stop]) -> Stop | None:
    """``add()`` a stop, kept only when it ``_fits``; else undone (a savepoint)."""
    with transaction.atomic():
        stop = add()
        if _fits(itinerary, stop):
            return stop
        transaction.set_rollback(True)
    return None


def _candidates(pool: list[ExperiencePage], want: Want) -> list[ExperiencePage]:
    """The experiences of ``pool`` the want can take, nearest to its first town first."""
    pool = [e for e in pool if e.is_lodging == want.lodging]
    if not want.near:
        return pool
    chosen: list[ExperiencePage] = []
    for name in want.near:
        town = find_town(name).point
        near = sorted(((haversine_km(town, LatLng(e.lat, e.lon)), e.pk, e) for e in pool
                       if e not in chosen), key=lambda row: row[:2])
        chosen += [e for distance_km, _pk, e in near if distance_km <= want.radius_km]
    return chosen


def _place(itinerary: Itinerary, number: int, want: Want, pool: list[ExperiencePage],
           used: set[int]) -> Stop | None:
    """The first candidate slot of day ``number`` with room for the party that fits."""
    candidates = [e for e in _candidates(pool, want) if e.pk not in used]
    day = itinerary.start_date + timedelta(days=number - 1)
    slots = list(Slot.objects.filter(
        experience__in=candidates, starts_at__gte=_local(day, time(0)),
        starts_at__lt=_local(day + timedelta(days=1), time(0)), resource__isnull=True)
        .order_by("starts_at", "pk"))
    left = slot_places_left_by_id(slots=slots)
    rank = {e.pk: n for n, e in enumerate(candidates)}
    for slot in sorted(slots, key=lambda s: (rank[s.experience_id], s.starts_at)):
        if left.get(slot.pk, 0) < itinerary.party_size:
            continue
        stop = _tried(itinerary, lambda slot=slot: stop_add_slot(
            itinerary=itinerary, day_number=number, slot_id=slot.pk))
        if stop is not None:
            if not want.lodging:  # a lodging may have every night, an experience one day
                used.add(slot.experience_id)
            return stop
    return None


def _item_add(itinerary: Itinerary, number: int, item: Item, last: Stop | None) -> None:
    place = (last.lat, last.lon, last.place_name) if item.town is None and last else None
    if item.town:
        town = find_town(item.town)
        place = (town.point.lat, town.point.lon, town.name)
    lat, lon, name = place or (None, None, "")
    cost = item.cost_per_person_cents * itinerary.party_size or None
    _tried(itinerary, lambda: stop_add_item(
        itinerary=itinerary, day_number=number, kind=item.kind, title=item.title,
        starts_at=_local(itinerary.start_date + timedelta(days=number - 1), item.at),
        duration_min=item.duration_min, cost_cents=cost, lat=lat, lon=lon, place_name=name))


def _trip_build(spec: TripSpec, *, operator: Operator | None, user, pool: list[ExperiencePage],
                first: date) -> Itinerary | None:
    """The trip on the first start date from ``first`` on which every required stop fits
    (and at least two stops are booked); None when no date in the range works."""
    for offset in range(START_DAYS_TRIED):
        with transaction.atomic():
            itinerary = itinerary_create(
                operator=operator, title=spec.title, start_date=first + timedelta(days=offset),
                day_count=len(spec.days), adults=spec.adults, child_ages=spec.child_ages,
                rooms=spec.rooms, markup_pct=spec.markup_pct,
                client_reference=spec.client_reference, created_by=user)
            if _days_fill(itinerary, spec, pool):
                return itinerary
            transaction.set_rollback(True)
    return None


def _days_fill(itinerary: Itinerary, spec: TripSpec, pool: list[ExperiencePage]) -> bool:
    used: set[int] = set()
    booked = 0
    for number, day in enumerate(spec.days, start=1):
        last = None
        for want in day.wants:
            stop = _place(itinerary, number, want, pool, used)
            if stop is None and want.required:
                return False
            booked += stop is not None
            last = stop or last
        for item in day.items:
            _item_add(itinerary, number, item, last)
    return booked >= 2


# SECTION: the operators' trips


def _contracted_experiences(operator: Operator) -> list[ExperiencePage]:
    """The live experiences (in the default language, the pages that own the slots) of the
    suppliers the operator has a contract with, by id."""
    keys = Contract.objects.filter(operator=operator).values("provider__translation_key")
    providers = ProviderPage.objects.filter(translation_key__in=keys,
                                            locale__language_code=settings.LANGUAGE_CODE)
    return sorted((e for p in providers
                   for e in ExperiencePage.objects.child_of(p).live().specific()),
                  key=lambda e: e.pk)


def _around_hub(pool: list[ExperiencePage], first: date, index: int) -> list[ExperiencePage]:
    """The experiences near one supplier of the pool: the ``index``-th (in turn) of the
    suppliers with the most experiences running in the trips' weeks, with their neighbours."""
    window = (_local(first, time(0)), _local(first + timedelta(days=START_DAYS_TRIED), time(0)))
    running = set(Slot.objects.filter(experience__in=pool, starts_at__range=window)
                  .values_list("experience_id", flat=True))
    live = [e for e in pool if e.pk in running]
    if not live:
        return []

    def neighbours(hub: ExperiencePage) -> list[ExperiencePage]:
        point = LatLng(hub.lat, hub.lon)
        return [e for e in live if haversine_km(point, LatLng(e.lat, e.lon)) <= HUB_RADIUS_KM]

    hubs = sorted(live, key=lambda e: (-len(neighbours(e)), e.pk))
    hub = hubs[index % len(hubs)]
    return sorted(neighbours(hub), key=lambda e: (
        haversine_km(LatLng(hub.lat, hub.lon), LatLng(e.lat, e.lon)), e.pk))


def _operator_trips(report: Report) -> tuple[int, list[str]]:
    created, lines = 0, []
    first = timezone.localdate() + timedelta(days=FIRST_DAY_OFFSET)
    for spec_operator in DEMO_OPERATORS:
        operator = Operator.objects.filter(email=spec_operator.email).first()
        member = OperatorMember.objects.filter(operator=operator).order_by("pk").first()
        if operator is None or member is None:
            continue
        pool = _contracted_experiences(operator)
        for index, spec in enumerate(OPERATOR_TRIPS.get(operator.email, ())):
            itinerary = Itinerary.objects.filter(operator=operator, title=spec.title).first()
            if itinerary is not None:
                lines.append(_operator_trip_line(itinerary))
                continue
            # A week apart: the operator's trips do not compete for the same places.
            start = first + timedelta(days=7 * index)
            made, line = _operator_trip_make(spec, operator=operator, user=member.user,
                                             pool=_around_hub(pool, start, index), start=start)
            created += made
            lines.append(line)
    return created, lines


def _operator_trip_make(spec: TripSpec, *, operator: Operator, user,
                        pool: list[ExperiencePage], start: date) -> tuple[int, str]:
    """Build the trip, then book or propose it, all or nothing: the objects created and the
    report's line (what went wrong, when it did: e.g. contracts made before the demo let
    operators pay on account)."""
    not_built = f"“{spec.title}” ({operator.name}) not built: "
    try:
        with transaction.atomic():
            itinerary = _trip_build(spec, operator=operator, user=user, pool=pool, first=start)
            if itinerary is None:
                return 0, not_built + ("its contracted suppliers have too few slots in the "
                                       "coming weeks")
            made = 1 + _operator_trip_finish(itinerary, spec, user)
    except MarketplaceError as exc:
        return 0, not_built + str(exc.message).rstrip(".")
    return made, _operator_trip_line(itinerary)


def _operator_trip_finish(itinerary: Itinerary, spec: TripSpec, user) -> int:
    """Book it on account (one order), or propose it and share it; returns the objects made
    besides the itinerary."""
    if spec.booked:
        result = itinerary_book(itinerary=itinerary, user=user, payment="account")
        if not result.booked:
            raise InvalidItinerary(" ".join(f.reason for f in result.failures))
        return 1
    itinerary_propose(itinerary=itinerary, by=user)
    share_link_create(itinerary=itinerary, by=user, days=30)
    return 1


def _operator_trip_line(itinerary: Itinerary) -> str:
    itinerary.refresh_from_db()
    what = f"“{itinerary.title}” ({itinerary.operator.name}, {itinerary.start_date:%d/%m/%Y})"
    if itinerary.status == Itinerary.Status.BOOKED and itinerary.order_id:
        return f"{what} booked on account, order {itinerary.order.reference}"
    link = (ShareLink.objects.filter(itinerary=itinerary, revoked_at__isnull=True,
                                     expires_at__gt=timezone.now()).first())
    if link is None:
        return f"{what} {itinerary.get_status_display().lower()}"
    with translation.override("en"):
        return f"{what} proposed, the client's page: " + reverse(
            "itineraries:proposal", args=[link.token])


# SECTION: the sample trips


def _index_ensure(language_code: str, source: ItineraryIndexPage | None) -> ItineraryIndexPage:
    home = locale_home_get(language_code=language_code)
    existing = ItineraryIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    title, slug, intro = INDEX_TEXT[language_code]
    index = ItineraryIndexPage(title=title, slug=slug, intro=intro, locale=home.locale,
                               show_in_menus=True)
    if source is not None:
        index.translation_key = source.translation_key
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _sample_page_ensure(spec: TripSpec, itinerary: Itinerary, indexes: dict) -> int:
    """The trip's page in each language of ``spec.pages`` (translations of the first)."""
    created, source = 0, None
    photo = (ExperiencePhoto.objects.filter(
        page_id__in=Stop.objects.filter(day__itinerary=itinerary).values("experience_id"))
        .order_by("page_id", "sort_order").first())
    for code, (title, slug, intro) in spec.pages.items():
        index = indexes[code]
        page = ItineraryPage.objects.child_of(index).filter(itinerary=itinerary).first()
        if page is None:
            page = ItineraryPage(title=title, slug=slug, itinerary=itinerary,
                                 intro=f"<p>{intro}</p>", locale=index.locale,
                                 hero_image=photo.image if photo else None)
            if source is not None:
                page.translation_key = source.translation_key
            index.add_child(instance=page)
            page.save_revision().publish()
            created += 1
        source = source or page
    return created


def _sample_trips() -> tuple[int, list[str]]:
    created, lines = 0, []
    first = timezone.localdate() + timedelta(days=FIRST_DAY_OFFSET)
    pool = list(ExperiencePage.objects.live().filter(
        locale__language_code=settings.LANGUAGE_CODE).order_by("pk"))
    indexes: dict[str, ItineraryIndexPage] = {}
    for code in INDEX_TEXT:
        if Locale.objects.filter(language_code=code).exists():
            indexes[code] = _index_ensure(code, indexes.get(settings.LANGUAGE_CODE))
    for spec in SAMPLE_TRIPS:
        itinerary = Itinerary.objects.filter(operator=None, title=spec.title).first()
        if itinerary is None:
            itinerary = _trip_build(spec, operator=None, user=None, pool=pool, first=first)
            if itinerary is None:
                lines.append(f"“{spec.title}” not built: too few of its experiences run in "
                             "the coming weeks")
                continue
            created += 1
        created += _sample_page_ensure(spec, itinerary, indexes)
    return created, lines


def load_demo_itineraries(report: Report) -> int:
    """The demo operators' itineraries (one proposed and shared, one booked on account each)
    and the cluster's sample trips with their pages; returns how many objects it created."""
    # Demo emails (vouchers to the operators) would flood the console; they are sent when
    # each trip's transaction commits, so the whole step runs without a mail server.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        made, lines = _operator_trips(report)
    pages_before = ItineraryIndexPage.objects.count()
    samples, sample_lines = _sample_trips()
    made += samples + ItineraryIndexPage.objects.count() - pages_before
    for line in lines + sample_lines:
        report(f"Itineraries: {line}.")
    report(f"Itineraries: {made} objects created; the sample trips are at /en/sample-trips/ "
           "and /it/viaggi-di-esempio/." if made else
           "Itineraries: the demo itineraries and sample trips are already there.")
    return made


__all__ = ["load_demo_itineraries"]
