"""Substitutes for a stop that cannot be booked: other slots the same day, near it, of the same
or a similar sector, with places left for the party."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from geo.distance import one_to_many_km
from geo.types import BBox, LatLng
from itineraries.models import Itinerary, Stop
from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.slots import slots_with_places_left
from marketplace.core.dates import LOCAL_TZ, local_days_bounds
from marketplace.operators.models import Contract

RADIUS_KM = 40.0  # about an hour's drive on the cluster's roads
MAX_CANDIDATES = 500  # read at most this many slots before sorting by distance


@dataclass(frozen=True)
class Substitute:
    """A slot that could replace a stop: its experience fetched, its places left, and its
    great-circle distance in km from the stop."""

    slot: Slot
    places_left: int
    distance_km: float


def stop_substitutes(*, itinerary: Itinerary, stop: Stop, limit: int = 5,
                     now: datetime | None = None) -> list[Substitute]:
    """At most ``limit`` slots that could replace ``stop`` (an experience or a night's
    lodging), nearest first: starting the same local day and still before their cut-off, of
    a live experience of the same kind (lodging or not) within ``RADIUS_KM`` km, whose sector
    is the stop's experience's or one of its supplier's sectors, whose group size fits the
    party, with places left for it (``slots_with_places_left``: the party's size, or its rooms
    for a lodging) and, for an operator's itinerary, under a contract with its supplier valid
    that day. Six queries at most, whatever the number of candidates; ``[]`` for a stop
    without a place or an experience."""
    now = now or timezone.now()
    experience = stop.slot.experience if stop.slot_id else stop.experience
    if experience is None:
        return []
    lat = stop.lat if stop.lat is not None else experience.lat
    lon = stop.lon if stop.lon is not None else experience.lon
    if lat is None or lon is None:
        return []
    day = timezone.localtime(stop.starts_at, LOCAL_TZ).date()
    centre = LatLng(lat, lon)
    box = BBox.from_center(centre, RADIUS_KM)
    needed = itinerary.rooms if experience.is_lodging else itinerary.party_size
    start, end = local_days_bounds(day)
    slots = (Slot.objects.filter(
        starts_at__gte=start, starts_at__lt=end, experience__live=True,
        experience__is_lodging=experience.is_lodging,
        experience__lat__range=(box.south, box.north),
        experience__lon__range=(box.west, box.east))
        .exclude(pk=stop.slot_id or 0))
    sectors = _similar_sector_slugs(experience)
    if sectors:
        slots = slots.filter(experience__sector__slug__in=sectors)
    if not experience.is_lodging:
        slots = slots.filter(experience__group_min__lte=needed,
                             experience__group_max__gte=needed)
    left = dict(slots_with_places_left(slots, now=now).filter(places_left__gte=needed)
                .order_by("starts_at", "pk").values_list("pk", "places_left")[:MAX_CANDIDATES])
    found = Slot.objects.select_related("experience").in_bulk(list(left))
    rows = [found[pk] for pk in left
            if found[pk].starts_at - timedelta(hours=found[pk].experience.cutoff_hours) > now]
    if itinerary.operator_id is not None:
        rows = _under_contract(rows, itinerary, day)
    if not rows:
        return []
    km = one_to_many_km(centre, [s.experience.lat for s in rows], [s.experience.lon for s in rows])
    ranked = sorted(((float(d), slot) for slot, d in zip(rows, km, strict=True)
                     if d <= RADIUS_KM), key=lambda pair: (pair[0], pair[1].starts_at))
    return [Substitute(slot=slot, places_left=left[slot.pk], distance_km=d)
            for d, slot in ranked[:limit]]


def _similar_sector_slugs(experience: ExperiencePage) -> set[str]:
    """The experience's sector and its supplier's sectors (a masseria's farm visit may be
    replaced by another farm's, or by its tasting); empty when none is known."""
    slugs = {experience.sector.slug} if experience.sector_id else set()
    parent_path = experience.path[:-ExperiencePage.steplen]
    slugs |= set(ProviderPage.objects.filter(path=parent_path)
                 .values_list("sectors__slug", flat=True))
    return {slug for slug in slugs if slug}


def _under_contract(slots: list[Slot], itinerary: Itinerary, day) -> list[Slot]:
    """The slots whose supplier has a contract with the itinerary's operator valid on
    ``day`` (matched across translations, as ``contract_active`` does)."""
    steplen = ExperiencePage.steplen
    keys = dict(ProviderPage.objects.filter(
        path__in={slot.experience.path[:-steplen] for slot in slots})
        .values_list("path", "translation_key"))
    signed = set(Contract.objects.filter(
        operator_id=itinerary.operator_id, provider__translation_key__in=set(keys.values()),
        valid_from__lte=day).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .values_list("provider__translation_key", flat=True))
    return [slot for slot in slots if keys.get(slot.experience.path[:-steplen]) in signed]
