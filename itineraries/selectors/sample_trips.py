"""Reads of a curated sample trip as a tourist sees it: its days, stops and legs in the page's
language with a photo per experience and the route as GeoJSON; which start dates work for a
party; and, for one start date, the cart lines that book every stop.

A sample trip is an itinerary of the cluster (``operator`` empty) with its own dates. A
tourist moves it to another start date: each stop keeps its day offset and takes the slot of
its experience on the shifted date at the same local time, or the nearest start that day,
with room for the party. Times are aware, shown local (``LOCAL_TZ``); money stays in the
cart's quotes (integer cents).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from geo.geojson import to_geojson
from geo.types import LatLng
from itineraries.models import MAX_PARTY, Itinerary, Leg, Stop
from itineraries.selectors.costing import party_quantities
from itineraries.selectors.plan import itinerary_plan
from marketplace.bookings.cart import CartItem
from marketplace.bookings.selectors import booking_quote, experiences_in_language
from marketplace.catalogue.models.pages import ExperiencePage, ExperiencePhoto
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.slots import slots_with_places_left
from marketplace.core.choices import PricingKind
from marketplace.core.dates import LOCAL_TZ, local_days_bounds
from marketplace.core.errors import MarketplaceError

DATES_WINDOW_DAYS = 60  # the start dates a tourist is offered: the coming two months
BOOKED_KINDS = (Stop.Kind.EXPERIENCE, Stop.Kind.LODGING)


class StartDateNotPossible(MarketplaceError):
    """The sample trip cannot be booked from this date for this party (a 400 with why)."""


# SECTION: the trip as the page shows it


@dataclass(frozen=True)
class LegView:
    """One leg after a stop: its kind, ends (names and points), moving and waiting time
    (whole minutes), distance (km), a ferry's sailing time (aware) and the duration in words."""

    kind: str
    kind_label: str
    start_name: str
    end_name: str
    start: LatLng
    end: LatLng
    moving_min: int
    wait_min: int
    distance_km: float
    sails_at: datetime | None
    overnight: bool
    duration_text: str
    wait_text: str


@dataclass(frozen=True)
class StopView:
    """A stop with its title in the page's language, the experience's page in that language
    (None for a free item) and one photo of it (None when it has none)."""

    stop: Stop
    title: str
    page: ExperiencePage | None
    photo: ExperiencePhoto | None
    legs: list[LegView]


@dataclass(frozen=True)
class DayView:
    number: int
    date: date
    title: str
    notes: str
    stops: list[StopView]


@dataclass(frozen=True)
class SampleTrip:
    """The curated itinerary as days of stops and legs, and its route as a GeoJSON
    FeatureCollection (stops as numbered Points, legs as LineStrings, [lon, lat])."""

    itinerary: Itinerary
    days: list[DayView]
    route: dict[str, Any]
    has_lodging: bool


def sample_trip(*, itinerary: Itinerary, language: str) -> SampleTrip:
    """The sample trip read for a tourist in ``language``: each experience's title and page
    in its live translation (``experience_in_language``, else the experience itself) with its
    first photo, the legs between stops with their durations, and the route's GeoJSON. The
    plan is read in three queries, plus two per distinct experience for its translation and
    two for the photos."""
    plan = itinerary_plan(itinerary)
    titles = {day.number: (day.title, day.notes) for day in itinerary.days.all()}
    experience_ids = {s.experience_id for d in plan for s in d.stops if s.experience_id}
    experiences = ExperiencePage.objects.filter(pk__in=experience_ids).select_related("locale")
    shown = experiences_in_language(experiences=experiences, language=language)
    _photos_prefetch([*shown.values(), *experiences])
    originals = {e.pk: e for e in experiences}
    names = {stop.pk: (shown[stop.experience_id].title if stop.experience_id in shown
                       else stop.title) for day in plan for stop in day.stops}
    points = {stop.pk: (stop.lat, stop.lon) for day in plan for stop in day.stops}
    days: list[DayView] = []
    for day in plan:
        stops = []
        for stop in day.stops:
            page = shown.get(stop.experience_id)
            photo = (_first_photo(page) or _first_photo(originals.get(stop.experience_id))
                     if page is not None else None)
            stops.append(StopView(stop=stop, title=names[stop.pk], page=page, photo=photo,
                                  legs=[_leg_view(leg, names=names, points=points)
                                        for leg in day.legs_after[stop.pk]]))
        title, notes = titles.get(day.number, ("", ""))
        days.append(DayView(number=day.number, date=day.date, title=title, notes=notes,
                            stops=stops))
    return SampleTrip(itinerary=itinerary, days=days, route=_route_geojson(days),
                      has_lodging=any(s.stop.kind == Stop.Kind.LODGING
                                      for d in days for s in d.stops))


def _photos_prefetch(pages: list[ExperiencePage]) -> None:
    photos = (ExperiencePhoto.objects.filter(image__isnull=False).select_related("image")
              .prefetch_related("image__renditions").order_by("sort_order", "pk"))
    prefetch_related_objects(pages, Prefetch("photos", queryset=photos))


def _first_photo(page: ExperiencePage | None) -> ExperiencePhoto | None:
    if page is None:
        return None
    return next(iter(page.photos.all()), None)


def _leg_view(leg: Leg, *, names: dict[int, str], points: dict[int, tuple]) -> LegView:
    """The leg as the page shows it. An end that is a stop's own point is named after the
    stop (the route names it generically); ports and crossings keep their names."""
    start_name, end_name = leg.start_name, leg.end_name
    if (leg.start_lat, leg.start_lon) == points.get(leg.from_stop_id):
        start_name = names[leg.from_stop_id]
    if (leg.end_lat, leg.end_lon) == points.get(leg.to_stop_id):
        end_name = names[leg.to_stop_id]
    moving, wait = round(leg.duration_min), round(leg.wait_min)
    return LegView(kind=leg.kind, kind_label=str(Leg.Kind(leg.kind).label),
                   start_name=start_name, end_name=end_name,
                   start=LatLng(leg.start_lat, leg.start_lon),
                   end=LatLng(leg.end_lat, leg.end_lon), moving_min=moving,
                   wait_min=wait, distance_km=round(leg.distance_km, 1), sails_at=leg.sails_at,
                   overnight=leg.overnight, duration_text=duration_text(moving),
                   wait_text=duration_text(wait) if wait else "")


def duration_text(minutes: int) -> str:
    """A duration in words: "45 min", "2 h", "3 h 20 min"."""
    hours, rest = divmod(max(0, int(minutes)), 60)
    if not hours:
        return _("%(m)d min") % {"m": rest}
    if not rest:
        return _("%(h)d h") % {"h": hours}
    return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}


def _route_geojson(days: list[DayView]) -> dict[str, Any]:
    """Stops as Points (day, order, title, kind) and each leg as a LineString from its start
    to its end (kind, minutes), written by ``geo.to_geojson``."""
    features = []
    number = 0
    for day in days:
        for view in day.stops:
            stop = view.stop
            if stop.is_located:
                number += 1
                features.append(to_geojson(LatLng(stop.lat, stop.lon), properties={
                    "role": "stop", "number": number, "day": day.number, "title": view.title,
                    "kind": stop.kind}))
            for leg in view.legs:
                features.append(to_geojson(
                    [leg.start, leg.end], line=True,
                    properties={"role": "leg", "kind": leg.kind, "label": leg.kind_label,
                                "duration_min": leg.moving_min, "wait_min": leg.wait_min}))
    return {"type": "FeatureCollection", "features": features}


# SECTION: which start dates work for a party


@dataclass(frozen=True)
class Party:
    """Who travels: adults, each child's age (0–17), and rooms for the nights. It reads as
    an itinerary's party for ``costing.party_quantities``."""

    adults: int
    child_ages: tuple[int, ...] = ()
    rooms: int = 1

    @property
    def size(self) -> int:
        return self.adults + len(self.child_ages)

    @classmethod
    def of(cls, itinerary: Itinerary) -> Party:
        return cls(adults=itinerary.adults,
                   child_ages=tuple(int(a) for a in itinerary.child_ages),
                   rooms=itinerary.rooms)


@dataclass(frozen=True)
class StopCheck:
    """One booked stop moved to ``day`` (local date): the slot found (id, aware start, places
    left) with the party's ``quantities`` per price option, or ``reason`` why there is none."""

    stop_id: int
    title: str
    day: date
    slot_id: int | None = None
    starts_at: datetime | None = None
    places_left: int = 0
    quantities: dict[int, int] = field(default_factory=dict)
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.slot_id is not None


@dataclass(frozen=True)
class StartCheck:
    start: date
    stops: list[StopCheck]

    @property
    def works(self) -> bool:
        return bool(self.stops) and all(check.ok for check in self.stops)


@dataclass(frozen=True)
class Availability:
    """For a party: what keeps it off the trip whatever the date (``party_errors``), the
    start dates of the window where every stop has room (``dates``), and, when a start
    date was asked, each stop on that date (``check``)."""

    party_errors: list[str]
    dates: list[date]
    check: StartCheck | None


@dataclass(frozen=True)
class _Need:
    """What a stop asks of a slot for the party: places, the counts per price option, or why
    the party cannot take it at all."""

    stop: Stop
    offset_days: int
    at: time
    places: int
    quantities: dict[int, int]
    error: str = ""


def sample_trip_availability(*, itinerary: Itinerary, party: Party, start: date | None = None,
                             today: date | None = None, window_days: int = DATES_WINDOW_DAYS,
                             now: datetime | None = None) -> Availability:
    """Which start dates from ``today`` for ``window_days`` days (local dates) work for the
    party: every booked stop (an experience or a night) has, on its shifted day, a start
    still open for booking with places left (``slots_with_places_left``) for the party; and
    each stop checked on ``start`` when given. In four queries whatever the window: the
    stops, their price options, the slots of the trip's experiences on the days concerned."""
    now = now or timezone.now()
    today = today or timezone.localdate(now, LOCAL_TZ)
    needs = _needs(itinerary, party)
    errors = list(dict.fromkeys(n.error for n in needs if n.error))
    candidates = [today + timedelta(days=i) for i in range(window_days)]
    if not needs:
        return Availability(party_errors=errors, dates=[], check=None)
    slots = _slots_by_day(needs, [candidates[0], candidates[-1]], start, now)
    checks = {day: _start_check(day, needs, slots, now) for day in candidates}
    if start is not None and start not in checks:
        checks[start] = _start_check(start, needs, slots, now)
    dates = [day for day in candidates if not errors and checks[day].works]
    return Availability(party_errors=errors, dates=dates,
                        check=checks[start] if start is not None else None)


def _needs(itinerary: Itinerary, party: Party) -> list[_Need]:
    stops = list(Stop.objects.filter(day__itinerary=itinerary, kind__in=BOOKED_KINDS)
                 .select_related("day", "experience")
                 .order_by("day__number", "position", "pk"))
    options: dict[int, list[PriceOption]] = defaultdict(list)
    for option in PriceOption.objects.filter(
            page_id__in={s.experience_id for s in stops}).order_by("sort_order", "pk"):
        options[option.page_id].append(option)
    needs = []
    for stop in stops:
        quantities = party_quantities(party, options[stop.experience_id])
        needs.append(_Need(
            stop=stop, offset_days=stop.day.number - 1,
            at=timezone.localtime(stop.starts_at, LOCAL_TZ).time(),
            places=sum(quantities.values()), quantities=quantities,
            error=_party_error(stop, party, options[stop.experience_id], quantities)))
    return needs


def _party_error(stop: Stop, party: Party, options: list[PriceOption],
                 quantities: dict[int, int]) -> str:
    """Why the party cannot take this stop on any date ("" when it can): an experience no
    longer on sale, a person without a price, a group outside the experience's sizes."""
    experience = stop.experience
    title = experience.title if experience else stop.title
    if experience is None or not experience.live:
        return _("%(title)s is no longer on sale.") % {"title": title}
    if not quantities:
        return _("%(title)s has no price for this party.") % {"title": title}
    per_person = any(o.kind == PricingKind.PER_PERSON for o in options)
    if per_person and sum(quantities.values()) < party.size:
        return _("%(title)s has no price for some of the party's ages.") % {"title": title}
    if experience.is_lodging:
        return ""
    size = sum(quantities.values())
    if size > experience.group_max:
        return ngettext("%(title)s takes at most %(n)d participant.",
                        "%(title)s takes at most %(n)d participants.",
                        experience.group_max) % {"title": title, "n": experience.group_max}
    if size < experience.group_min:
        return ngettext("%(title)s needs at least %(n)d participant.",
                        "%(title)s needs at least %(n)d participants.",
                        experience.group_min) % {"title": title, "n": experience.group_min}
    return ""


@dataclass(frozen=True)
class _SlotRow:
    pk: int
    starts_at: datetime
    places_left: int


def _slots_by_day(needs: list[_Need], window: list[date], start: date | None,
                  now: datetime) -> dict[tuple[int, date], list[_SlotRow]]:
    """The slots of the stops' experiences, with ``places_left``, on every local day a stop
    can fall on from the window's start dates (and from ``start``), in one query."""
    first = min(n.offset_days for n in needs)
    last = max(n.offset_days for n in needs)
    spans = [(window[0], window[1])] + ([(start, start)] if start is not None else [])
    when = Q()
    for lo, hi in spans:
        begin, end = local_days_bounds(lo + timedelta(days=first), hi + timedelta(days=last))
        when |= Q(starts_at__gte=begin, starts_at__lt=end)
    queryset = Slot.objects.filter(when, experience_id__in={n.stop.experience_id for n in needs})
    rows = (slots_with_places_left(queryset.order_by("starts_at"), now=now)
            .values_list("pk", "experience_id", "starts_at", "places_left"))
    by_day: dict[tuple[int, date], list[_SlotRow]] = defaultdict(list)
    for pk, experience_id, starts_at, places_left in rows:
        day = timezone.localtime(starts_at, LOCAL_TZ).date()
        by_day[(experience_id, day)].append(_SlotRow(pk, starts_at, places_left))
    return by_day


def _start_check(start: date, needs: list[_Need], slots: dict[tuple[int, date], list[_SlotRow]],
                 now: datetime) -> StartCheck:
    return StartCheck(start=start, stops=[_stop_check(start, n, slots, now) for n in needs])


def _stop_check(start: date, need: _Need, slots: dict[tuple[int, date], list[_SlotRow]],
                now: datetime) -> StopCheck:
    """The slot of the stop's experience on its shifted day closest to its local time among
    those open for booking with room for the party, or why there is none."""
    day = start + timedelta(days=need.offset_days)
    stop, experience = need.stop, need.stop.experience
    title = experience.title if experience else stop.title
    base = StopCheck(stop_id=stop.pk, title=title, day=day)
    if need.error:
        return replace(base, reason=need.error)
    that_day = slots.get((stop.experience_id, day), [])
    cutoff = timedelta(hours=experience.cutoff_hours)
    open_ = [s for s in that_day if s.starts_at - cutoff > now]
    fits = [s for s in open_ if s.places_left >= need.places]
    if fits:
        wanted = datetime.combine(day, need.at, tzinfo=LOCAL_TZ)
        slot = min(fits, key=lambda s: (abs(s.starts_at - wanted), s.starts_at))
        return StopCheck(stop_id=stop.pk, title=title, day=day, slot_id=slot.pk,
                         starts_at=slot.starts_at, places_left=slot.places_left,
                         quantities=need.quantities)
    if not that_day:
        reason = _("%(title)s does not run on %(day)s.")
    elif not open_:
        reason = _("Booking %(title)s for %(day)s has closed.")
    else:
        most = max(s.places_left for s in open_)
        reason = ngettext("%(title)s has %(left)d place left on %(day)s.",
                          "%(title)s has %(left)d places left on %(day)s.", most)
        return replace(base, places_left=most, reason=reason % {
            "title": title, "left": most, "day": date_format(day, "DATE_FORMAT")})
    return replace(base, reason=reason % {"title": title, "day": date_format(day, "DATE_FORMAT")})


# SECTION: booking a start date


def sample_trip_cart_items(*, itinerary: Itinerary, party: Party, start: date, operator=None,
                           now: datetime | None = None) -> list[CartItem]:
    """The cart lines that book every stop of the sample trip from ``start`` for the party:
    each stop's slot found by ``sample_trip_availability`` with the party's counts per price
    option, each priced as the cart will price it (``booking_quote``, for ``operator`` when
    the buyer acts for one). Raises ``StartDateNotPossible`` (the party, or the stops without
    room, in words) or the quote's ``MarketplaceError``; nothing is held."""
    if party.size > MAX_PARTY:
        raise StartDateNotPossible(_("The party has from 1 to %(max)d people.")
                                   % {"max": MAX_PARTY})
    availability = sample_trip_availability(itinerary=itinerary, party=party, start=start,
                                            now=now)
    check = availability.check
    if availability.party_errors:
        raise StartDateNotPossible(" ".join(availability.party_errors))
    if check is None or not check.stops:
        raise StartDateNotPossible(_("This trip has nothing to book."))
    if not check.works:
        raise StartDateNotPossible(" ".join(c.reason for c in check.stops if not c.ok))
    items = [CartItem(slot_id=c.slot_id, quantities=c.quantities) for c in check.stops]
    for item in items:
        booking_quote(slot_id=item.slot_id, quantities=item.quantities, operator=operator,
                      now=now)
    return items
