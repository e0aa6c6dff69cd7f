"""Writes of an itinerary as a whole: create it with its days."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from itineraries.models import MAX_DAYS, MAX_PARTY, Itinerary, ItineraryDay
from marketplace.core.errors import MarketplaceError


class InvalidItinerary(MarketplaceError):
    """The itinerary, or the change asked of it, cannot be made (a 400 with the reason)."""


@transaction.atomic
def itinerary_create(*, operator, title: str, start_date: date, day_count: int,
                     adults: int = 2, child_ages: list[int] | tuple[int, ...] = (),
                     rooms: int = 1, markup_pct: Decimal = Decimal("0"),
                     client_reference: str = "", created_by=None) -> Itinerary:
    """A draft itinerary of ``day_count`` days from ``start_date`` for the party (adults and
    each child's age), owned by ``operator`` (None: the cluster's curated trip)."""
    title = title.strip()
    errors = []
    if not title:
        errors.append(_("Give the itinerary a title."))
    if not 1 <= day_count <= MAX_DAYS:
        errors.append(_("An itinerary has from 1 to %(max)d days.") % {"max": MAX_DAYS})
    ages = [int(age) for age in child_ages]
    if any(not 0 <= age <= 17 for age in ages):
        errors.append(_("A child's age is from 0 to 17."))
    if not 1 <= adults + len(ages) <= MAX_PARTY or adults < 0:
        errors.append(_("The party has from 1 to %(max)d people.") % {"max": MAX_PARTY})
    if rooms < 1:
        errors.append(_("At least one room."))
    if not Decimal("0") <= Decimal(markup_pct) <= Decimal("300"):
        errors.append(_("The markup is from 0 to 300 %."))
    if errors:
        raise InvalidItinerary(" ".join(errors))
    itinerary = Itinerary.objects.create(
        operator=operator, title=title, start_date=start_date, day_count=day_count,
        adults=adults, child_ages=ages, rooms=rooms, markup_pct=Decimal(markup_pct),
        client_reference=client_reference.strip(), created_by=created_by)
    ItineraryDay.objects.bulk_create(
        ItineraryDay(itinerary=itinerary, number=n) for n in range(1, day_count + 1))
    return itinerary


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
