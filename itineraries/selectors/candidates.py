"""What may be added to a day: the discovery search (the same FilterSet as the public list)
pre-filled with the day's date, the party and the place of the previous stop, and for each
experience found its slots of that date with room for the whole party."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.http import QueryDict
from django.utils import timezone

from itineraries.models import Itinerary, Stop
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.search import SearchResult, experience_search
from marketplace.catalogue.selectors.slots import slot_places_left_by_id

NEAR_RADIUS_KM = 60  # "near the previous stop", unless the operator widens it
PER_PAGE = 12


@dataclass
class Candidates:
    """The search (its FilterSet form, errors and page of experiences) and, per experience
    shown, its slots on the day with room for the party (``places_left`` annotated)."""

    search: SearchResult
    params: QueryDict
    slots: dict[int, list[Slot]] = field(default_factory=dict)
    near: Stop | None = None


def previous_located_stop(*, itinerary: Itinerary, day_number: int) -> Stop | None:
    """The last stop with a place on that day or before: where the party will be."""
    return (Stop.objects.filter(day__itinerary=itinerary, day__number__lte=day_number,
                                lat__isnull=False, lon__isnull=False)
            .order_by("-day__number", "-position", "-pk").first())


def stop_candidates(*, itinerary: Itinerary, day_number: int, date, params, locale
                    ) -> Candidates:
    """The search of ``params`` with the day's date and the party imposed, near the previous
    stop unless the search names a place; only experiences with a slot with room show."""
    query = QueryDict(mutable=True)
    for key in ("q", "sector", "language", "instant", "wheelchair", "family", "lodging",
                "radius_km", "price_max", "sort", "page", "town", "area"):
        values = params.getlist(key) if hasattr(params, "getlist") else [params.get(key)]
        values = [value for value in values if value not in (None, "")]
        if values:
            query.setlist(key, values)
    query["date_from"] = query["date_to"] = date.isoformat()
    query["participants"] = str(itinerary.party_size)
    near = None
    if "town" not in query and "area" not in query:
        near = previous_located_stop(itinerary=itinerary, day_number=day_number)
        if near is not None:
            query["lat"], query["lon"] = f"{near.lat:.5f}", f"{near.lon:.5f}"
            query.setdefault("radius_km", str(NEAR_RADIUS_KM))
            query.setdefault("sort", "distance")
    search = experience_search(params=query, locale=locale, per_page=PER_PAGE)
    result = Candidates(search=search, params=query, near=near)
    if search.page is None:
        return result
    # Translations sell the slots of their group's owner: match slots by translation key.
    pages = {page.translation_key: page for page in search.page.object_list}
    now = timezone.now()
    slots = list(Slot.objects.filter(experience__translation_key__in=list(pages),
                                     starts_at__date=date)
                 .select_related("experience").order_by("starts_at"))
    places = slot_places_left_by_id(slots=slots, now=now)
    for slot in slots:
        page = pages[slot.experience.translation_key]
        slot.room = places.get(slot.pk, 0)
        bookable = slot.starts_at - timedelta(hours=slot.experience.cutoff_hours) > now
        if bookable and slot.room >= itinerary.party_size:
            result.slots.setdefault(page.pk, []).append(slot)
    return result
