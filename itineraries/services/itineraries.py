"""Writes of an itinerary as a whole: create it with its days."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from itineraries.models import MAX_DAYS, MAX_PARTY, Itinerary, ItineraryDay, Stop
from itineraries.services.legs import itinerary_legs_recompute
from marketplace.catalogue.models.schedules import Slot
from marketplace.core.errors import MarketplaceError


class InvalidItinerary(MarketplaceError):
    """The itinerary, or the change asked of it, cannot be made (a 400 with the reason)."""


def _party_errors(*, title: str, adults: int, ages: list[int], rooms: int,
                  markup_pct: Decimal) -> list[str]:
    """What is wrong with an itinerary's title, party, rooms and markup (the one rule for
    creating and changing one)."""
    errors = []
    if not title:
        errors.append(_("Give the itinerary a title."))
    if any(not 0 <= age <= 17 for age in ages):
        errors.append(_("A child's age is from 0 to 17."))
    if adults < 0 or not 1 <= adults + len(ages) <= MAX_PARTY:
        errors.append(_("The party has from 1 to %(max)d people.") % {"max": MAX_PARTY})
    if rooms < 1:
        errors.append(_("At least one room."))
    if not Decimal("0") <= Decimal(markup_pct) <= Decimal("300"):
        errors.append(_("The markup is from 0 to 300 %."))
    return errors


@transaction.atomic
def itinerary_create(*, operator, title: str, start_date: date, day_count: int,
                     adults: int = 2, child_ages: list[int] | tuple[int, ...] = (),
                     rooms: int = 1, markup_pct: Decimal = Decimal("0"),
                     client_reference: str = "", created_by=None) -> Itinerary:
    """A draft itinerary of ``day_count`` days from ``start_date`` for the party (adults and
    each child's age), owned by ``operator`` (None: the cluster's curated trip)."""
    title = title.strip()
    ages = [int(age) for age in child_ages]
    errors = _party_errors(title=title, adults=adults, ages=ages, rooms=rooms,
                           markup_pct=markup_pct)
    if not 1 <= day_count <= MAX_DAYS:
        errors.insert(1, _("An itinerary has from 1 to %(max)d days.") % {"max": MAX_DAYS})
    if errors:
        raise InvalidItinerary(" ".join(errors))
    itinerary = Itinerary.objects.create(
        operator=operator, title=title, start_date=start_date, day_count=day_count,
        adults=adults, child_ages=ages, rooms=rooms, markup_pct=Decimal(markup_pct),
        client_reference=client_reference.strip(), created_by=created_by)
    ItineraryDay.objects.bulk_create(
        ItineraryDay(itinerary=itinerary, number=n) for n in range(1, day_count + 1))
    return itinerary


@transaction.atomic
def itinerary_update(*, itinerary: Itinerary, title: str, start_date: date, adults: int,
                     child_ages: list[int] | tuple[int, ...], rooms: int, markup_pct: Decimal,
                     client_reference: str = "") -> Itinerary:
    """Change the title, party, rooms, markup or start date. A new start date moves the whole
    trip: each stop goes to the same day number, an experience to its slot at the same local
    time on the new date (when it has one; otherwise it stays and the conflicts say that it is
    not on its day), a free item by the same number of days. Legs are recomputed."""
    editable_check(itinerary)
    title = title.strip()
    ages = [int(age) for age in child_ages]
    errors = _party_errors(title=title, adults=adults, ages=ages, rooms=rooms,
                           markup_pct=markup_pct)
    if errors:
        raise InvalidItinerary(" ".join(errors))
    shift = (start_date - itinerary.start_date).days
    itinerary.title, itinerary.start_date, itinerary.adults = title, start_date, adults
    itinerary.child_ages, itinerary.rooms = ages, rooms
    itinerary.markup_pct, itinerary.client_reference = Decimal(markup_pct), client_reference.strip()
    itinerary.save()
    if shift:
        _stops_shift(itinerary, timedelta(days=shift))
        itinerary_legs_recompute(itinerary)
    return itinerary


def _stops_shift(itinerary: Itinerary, delta: timedelta) -> None:
    stops = list(Stop.objects.filter(day__itinerary=itinerary).select_related("slot"))
    wanted = {s.pk: s.slot.starts_at + delta for s in stops if s.slot_id}
    found = {(slot.experience_id, slot.starts_at): slot for slot in Slot.objects.filter(
        experience_id__in={s.experience_id for s in stops if s.slot_id},
        starts_at__in=set(wanted.values()))}
    for stop in stops:
        if stop.slot_id is None:
            stop.starts_at += delta
            stop.ends_at += delta
            continue
        slot = found.get((stop.experience_id, wanted[stop.pk]))
        if slot is not None:
            stop.slot, stop.starts_at, stop.ends_at = slot, slot.starts_at, slot.ends_at
    Stop.objects.bulk_update(stops, ["slot", "starts_at", "ends_at"])


def itinerary_day_date(itinerary: Itinerary, number: int) -> date:
    """The local date of day ``number`` (1 = the start date)."""
    return itinerary.start_date + timedelta(days=number - 1)


def day_get(itinerary: Itinerary, number: int) -> ItineraryDay:
    day = itinerary.days.filter(number=number).first()
    if day is None:
        raise InvalidItinerary(_("This itinerary has no day %(n)d.") % {"n": number})
    return day


def editable_check(itinerary: Itinerary) -> None:
    if itinerary.status in (Itinerary.Status.BOOKED, Itinerary.Status.CANCELLED):
        raise InvalidItinerary(_("A booked or cancelled itinerary cannot be changed."))
