"""Reads for slots: places left, accounting for shared resources, and whose slots a page uses."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from marketplace.catalogue.models.pages import ExperiencePage
from marketplace.catalogue.models.schedules import Slot
from marketplace.core.choices import BookingStatus


def _lapsed_holds(now: datetime, **slot_filter) -> QuerySet:
    """Places on held bookings whose hold lapsed by ``now`` (they count as free even before the
    periodic task releases them), summed over the slots ``slot_filter`` selects. Bookings are
    reached through the slot's ``bookings`` relation: the catalogue imports nothing of them."""
    booking_model = Slot._meta.get_field("bookings").related_model
    return (booking_model.objects.filter(status=BookingStatus.HELD, hold_expires_at__lte=now,
                                         **slot_filter)
            .order_by().values("status").annotate(n=Sum("places")).values("n"))


def slots_with_places_left(queryset: QuerySet, *, now: datetime | None = None) -> QuerySet:
    """``queryset`` of slots annotated with ``places_left``: the one rule for places left.

    A slot's places left are its capacity minus held and booked places; when it uses a shared
    resource (a boat, a guide) they are also at most the resource's capacity minus the places
    held and booked on every slot of that resource whose time range overlaps it (itself
    included). Lapsed holds count as free. Never negative.
    """
    now = now or timezone.now()
    zero = Value(0)
    lapsed = Coalesce(Subquery(_lapsed_holds(now, slot_id=OuterRef("pk"))), zero,
                      output_field=IntegerField())
    own = F("capacity") - F("held") - F("booked") + lapsed
    overlapping = dict(resource_id=OuterRef("resource_id"), starts_at__lt=OuterRef("ends_at"),
                       ends_at__gt=OuterRef("starts_at"))
    taken = (Slot.objects.filter(**overlapping).order_by().values("resource_id")
             .annotate(taken=Sum(F("held") + F("booked"))).values("taken"))
    taken_lapsed = _lapsed_holds(now, **{f"slot__{k}": v for k, v in overlapping.items()})
    on_resource = (F("resource__capacity")
                   - Coalesce(Subquery(taken), zero, output_field=IntegerField())
                   + Coalesce(Subquery(taken_lapsed), zero, output_field=IntegerField()))
    left = Case(When(resource__isnull=True, then=own), default=Least(own, on_resource),
                output_field=IntegerField())
    return queryset.annotate(places_left=Greatest(left, zero, output_field=IntegerField()))


def slot_places_left_by_id(*, slots: list[Slot], now: datetime | None = None) -> dict[int, int]:
    """Places left per slot id (``slots_with_places_left``), read fresh in one query. Slots not
    found (deleted meanwhile) are absent from the result."""
    ids = [slot.pk for slot in slots]
    if not ids:
        return {}
    rows = slots_with_places_left(Slot.objects.filter(pk__in=ids).order_by(), now=now)
    return dict(rows.values_list("pk", "places_left"))


def slot_owner_ids() -> list[int]:
    """Ids of the live experiences that own slots, one per translation group: the page in the
    default language (``LANGUAGE_CODE``) when it is live, else the earliest live page of the
    group (lowest id). Translations sell the slots of their group's owner."""
    owners: dict[UUID, tuple[bool, int]] = {}
    rows = (ExperiencePage.objects.live().order_by()
            .values_list("pk", "translation_key", "locale__language_code"))
    for pk, key, language_code in rows:
        rank = (language_code != settings.LANGUAGE_CODE, pk)
        owners[key] = min(owners.get(key, rank), rank)
    return [pk for _, pk in owners.values()]


def slot_owner_experience(*, page_id: int) -> ExperiencePage | None:
    """The live experience whose slots the page with ``page_id`` sells (the owner of its
    translation group, see ``slot_owner_ids``). None when the page does not exist or no page of
    its group is live: unpublished experiences get no new slots."""
    key = (ExperiencePage.objects.filter(pk=page_id)
           .values_list("translation_key", flat=True).first())
    if key is None:
        return None
    pages = list(ExperiencePage.objects.live().filter(translation_key=key)
                 .select_related("locale", "resource").order_by("pk"))
    default = [page for page in pages if page.locale.language_code == settings.LANGUAGE_CODE]
    return (default or pages or [None])[0]
