"""The proposal: the client's view of an itinerary, read once for the share page, the PDF and
the exports (iCal, GeoJSON, GPX).

What the client sees is the gross price of the operator's offer, per person and in total, in
cents of the itinerary's currency. Net prices and the markup never leave this module: the
``Proposal`` has no field for them.

The price snapshot
------------------
When an itinerary is proposed, its prices are locked: the propose service stores
``costing_snapshot(costing)`` in ``Itinerary.price_snapshot``, a JSON object::

    {
        "version": 1,
        "taken_at": "2026-05-01T08:30:00+00:00",   # ISO 8601, aware (UTC)
        "net_cents": 17000,                         # the operator's cost, never shown
        "markup_cents": 2550,                       # never shown
        "gross_cents": 19550,                       # the client's total
        "gross_per_person_cents": 6517,             # rounded up, as the costing rounds it
        "net_by_day": {"1": 17000, "2": 0},         # day number -> net cents
        "stops": {"41": 11000, "42": 6000},         # stop id -> net cents
    }

Keys of the inner objects are strings (JSON's). While an itinerary carries a snapshot, its
proposal shows the snapshot's prices, whatever the live prices do; ``snapshot_changed`` tells
the operator that a live price moved since. Whoever unlocks the prices clears the snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.db.models import Prefetch
from django.utils import timezone, translation
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from itineraries.models import Itinerary, Leg, Stop
from itineraries.selectors.costing import Costing, itinerary_costing
from itineraries.selectors.plan import DayPlan, itinerary_plan
from marketplace.bookings.selectors import experiences_in_language
from marketplace.catalogue.models.pages import ExperiencePage, ExperiencePhoto
from marketplace.catalogue.selectors.api import PHOTO_SPEC, experience_suppliers

SNAPSHOT_VERSION = 1
CLUSTER_NAME = "Innotourclust"  # who signs the cluster's own (curated) trips


@dataclass(frozen=True)
class SupplierContact:
    """Who runs a stop, as its provider page says: name, phone, email."""

    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class ProposalLeg:
    """Travel after a stop: ``kind`` road, border or ferry; times aware; ``wait_min`` the
    queue at a border or the wait for a sailing, ``duration_min`` the moving time."""

    uid: str
    kind: str
    kind_label: str
    from_name: str
    to_name: str
    depart_at: datetime
    sails_at: datetime | None
    arrive_at: datetime
    wait_min: int
    duration_min: int
    distance_km: float
    overnight: bool
    start_lat: float
    start_lon: float
    end_lat: float
    end_lon: float

    @property
    def total_min(self) -> int:
        return self.wait_min + self.duration_min


@dataclass(frozen=True)
class ProposalStop:
    """One stop as the client reads it, in the proposal's language; ``lat``/``lon`` None
    for an item with no place; ``supplier`` only when the contacts are shown."""

    uid: str
    kind: str
    kind_label: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    place_name: str
    lat: float | None
    lon: float | None
    photo_url: str | None
    supplier: SupplierContact | None
    legs_after: tuple[ProposalLeg, ...]

    @property
    def is_located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class ProposalDay:
    number: int
    date: date
    title: str
    stops: tuple[ProposalStop, ...]

    @property
    def legs(self) -> list[ProposalLeg]:
        return [leg for stop in self.stops for leg in stop.legs_after]


@dataclass(frozen=True)
class Proposal:
    """The client's view of an itinerary: the days with their stops and legs, the party and
    the gross price in cents of ``currency`` (``prices_locked``: from the proposal's
    snapshot, taken at ``priced_at``; else the live costing)."""

    itinerary_id: int
    title: str
    client_reference: str
    operator_name: str
    language: str
    start_date: date
    end_date: date
    adults: int
    child_ages: tuple[int, ...]
    currency: str
    gross_cents: int
    gross_per_person_cents: int
    prices_locked: bool
    priced_at: datetime | None
    show_contacts: bool
    days: tuple[ProposalDay, ...]

    @property
    def party_size(self) -> int:
        return self.adults + len(self.child_ages)

    @property
    def stops(self) -> list[ProposalStop]:
        return [stop for day in self.days for stop in day.stops]

    @property
    def legs(self) -> list[ProposalLeg]:
        return [leg for day in self.days for leg in day.legs]


def itinerary_proposal(itinerary: Itinerary, *, language: str, show_contacts: bool = False,
                       plan: list[DayPlan] | None = None,
                       costing: Costing | None = None) -> Proposal:
    """The proposal of ``itinerary`` in ``language`` (a site language code): each day's stops
    with the experience's title, summary and meeting point in that language where a live
    translation exists, one photo (a ``PHOTO_SPEC`` rendition), the legs after each stop;
    the suppliers' contacts only with ``show_contacts``; the gross total and per person in
    cents, from the price snapshot when there is one, else from ``costing`` (or the live
    costing). ``plan``/``costing``: what the caller has already read. Reads a fixed number of
    queries whatever the number of stops (renditions not generated yet are made on first
    use), plus the live costing's own when there is neither snapshot nor ``costing``."""
    plan = plan if plan is not None else itinerary_plan(itinerary)
    snapshot = itinerary.price_snapshot or None
    if snapshot is None and costing is None:
        costing = itinerary_costing(itinerary, plan=plan)
    pages = _experiences(plan)
    translated = experiences_in_language(experiences=list(pages.values()), language=language)
    suppliers = (experience_suppliers(pages=list(pages.values())) if show_contacts else {})
    titles = {day.number: day.title for day in itinerary.days.all()}
    with translation.override(language):
        stops_by_id = {stop.pk: _stop(itinerary, stop, pages, translated, suppliers)
                       for day in plan for stop in day.stops}
        days = tuple(ProposalDay(
            number=day.number, date=day.date, title=titles.get(day.number, ""),
            stops=tuple(_with_legs(stops_by_id[stop.pk], day.legs_after.get(stop.pk, ()),
                                   stops_by_id) for stop in day.stops))
            for day in plan)
    if snapshot is not None:
        gross, per_person = snapshot["gross_cents"], snapshot["gross_per_person_cents"]
        taken_at = snapshot.get("taken_at")
        priced_at = datetime.fromisoformat(taken_at) if taken_at else None
    else:
        gross, per_person, priced_at = costing.gross_cents, costing.gross_per_person_cents, None
    return Proposal(
        itinerary_id=itinerary.pk, title=itinerary.title,
        client_reference=itinerary.client_reference,
        operator_name=itinerary.operator.name if itinerary.operator_id else CLUSTER_NAME,
        language=language, start_date=itinerary.start_date,
        end_date=itinerary.start_date + timedelta(days=itinerary.day_count - 1),
        adults=itinerary.adults, child_ages=tuple(int(a) for a in itinerary.child_ages),
        currency=itinerary.currency, gross_cents=gross, gross_per_person_cents=per_person,
        prices_locked=snapshot is not None, priced_at=priced_at, show_contacts=show_contacts,
        days=days)


def costing_snapshot(costing: Costing, *, now: datetime | None = None) -> dict:
    """The itinerary's prices as the propose service locks them in ``price_snapshot`` (the
    shape is in this module's docstring): cents, keys as strings, ``taken_at`` ``now``."""
    return {
        "version": SNAPSHOT_VERSION,
        "taken_at": (now or timezone.now()).isoformat(),
        "net_cents": costing.net_cents,
        "markup_cents": costing.markup_cents,
        "gross_cents": costing.gross_cents,
        "gross_per_person_cents": costing.gross_per_person_cents,
        "net_by_day": {str(number): cents for number, cents in costing.net_by_day.items()},
        "stops": {str(stop_id): cost.net_cents for stop_id, cost in costing.stops.items()},
    }


def snapshot_changed(itinerary: Itinerary, costing: Costing) -> bool:
    """Whether the live ``costing`` differs from the prices locked when the itinerary was
    proposed: another total, a stop whose net price moved, a stop added or gone. False when
    nothing is locked."""
    snapshot = itinerary.price_snapshot
    if not snapshot:
        return False
    live = costing_snapshot(costing)
    return any(snapshot.get(key) != live[key]
               for key in ("gross_cents", "gross_per_person_cents", "stops"))


# SECTION: reading the pages behind the stops


def _experiences(plan: list[DayPlan]) -> dict[int, ExperiencePage]:
    """The stops' experiences by id with their locale and photos (first photo's rendition
    prefetched): four queries for any number of stops."""
    ids = {stop.experience_id for day in plan for stop in day.stops if stop.experience_id}
    if not ids:
        return {}
    renditions = Prefetch(
        "image__renditions",
        queryset=get_image_model().get_rendition_model().objects.filter(filter_spec=PHOTO_SPEC))
    photos = Prefetch("photos", queryset=ExperiencePhoto.objects.select_related("image")
                      .prefetch_related(renditions).order_by("sort_order", "pk"))
    return ExperiencePage.objects.filter(pk__in=ids).select_related("locale").prefetch_related(
        photos).in_bulk()


def _photo_url(page: ExperiencePage | None) -> str | None:
    photo = next(iter(page.photos.all()), None) if page is not None else None
    if photo is None:
        return None
    try:
        return photo.image.get_rendition(PHOTO_SPEC).url
    except SourceImageIOError:  # the file is gone: the proposal still reads
        return None


# SECTION: shaping stops and legs


def _stop(itinerary: Itinerary, stop: Stop, pages: dict, translated: dict,
          suppliers: dict) -> ProposalStop:
    page = pages.get(stop.experience_id)
    shown = translated.get(stop.experience_id)
    provider = suppliers.get(stop.experience_id)
    return ProposalStop(
        uid=f"itinerary-{itinerary.pk}-stop-{stop.pk}",
        kind=stop.kind, kind_label=str(Stop.Kind(stop.kind).label),
        title=shown.title if shown is not None else stop.title,
        description=(shown.summary if shown is not None else stop.note).strip(),
        starts_at=stop.starts_at, ends_at=stop.ends_at,
        place_name=(shown.meeting_point if shown is not None else "") or stop.place_name,
        lat=stop.lat, lon=stop.lon, photo_url=_photo_url(page),
        supplier=SupplierContact(name=provider.title, phone=provider.phone,
                                 email=provider.email) if provider is not None else None,
        legs_after=())


def _with_legs(stop: ProposalStop, legs, stops_by_id: dict) -> ProposalStop:
    if not legs:
        return stop
    return replace(stop, legs_after=tuple(_leg(leg, stops_by_id) for leg in legs))


def _leg(leg: Leg, stops_by_id: dict) -> ProposalLeg:
    origin, destination = stops_by_id.get(leg.from_stop_id), stops_by_id.get(leg.to_stop_id)
    return ProposalLeg(
        # From the pair and the position, not the row: a leg routed again keeps its uid.
        uid=f"itinerary-{leg.itinerary_id}-leg-{leg.from_stop_id}-{leg.to_stop_id}"
            f"-{leg.position}",
        kind=leg.kind, kind_label=str(Leg.Kind(leg.kind).label),
        from_name=_end_name(origin, leg.start_lat, leg.start_lon, leg.start_name),
        to_name=_end_name(destination, leg.end_lat, leg.end_lon, leg.end_name),
        depart_at=leg.depart_at, sails_at=leg.sails_at,
        arrive_at=leg.depart_at + timedelta(minutes=leg.total_min),
        wait_min=round(leg.wait_min), duration_min=round(leg.duration_min),
        distance_km=round(leg.distance_km, 1), overnight=leg.overnight,
        start_lat=leg.start_lat, start_lon=leg.start_lon, end_lat=leg.end_lat,
        end_lon=leg.end_lon)


def _end_name(stop: ProposalStop | None, lat: float, lon: float, name: str) -> str:
    """A leg's end as the client knows it: the stop's place where the leg starts or ends at a
    stop (the router calls those ends "origin" and "destination"), else the port or crossing
    the router names."""
    if stop is not None and (stop.lat, stop.lon) == (lat, lon):
        return stop.place_name or stop.title
    return name
