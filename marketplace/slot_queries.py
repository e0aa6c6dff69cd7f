"""Reads for slots: places left, accounting for shared resources, and whose slots a page uses."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.db.models import F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import ExperiencePage, Slot


def slot_seats_left(*, slots: list[Slot]) -> dict[int, int]:
    """Places left per slot id, read fresh from the database in one query.

    A slot's places left are its capacity minus held and booked; when it uses a shared resource
    (a boat, a guide) they are also at most the resource's capacity minus the places held and
    booked on every slot of that resource whose time range overlaps it (itself included).
    Never negative. Slots not found (deleted meanwhile) are absent from the result. Holds
    that have lapsed count as free even before the periodic task releases them.
    """
    from django.utils import timezone

    from .models import Booking

    ids = [slot.pk for slot in slots]
    if not ids:
        return {}
    lapsed = (Booking.objects.filter(slot_id=OuterRef("pk"), status=Booking.Status.HELD,
                                     hold_expires_at__lte=timezone.now())
              .order_by().values("slot_id").annotate(n=Sum("places")).values("n"))
    overlapping_taken = (
        Slot.objects.filter(resource_id=OuterRef("resource_id"),
                            starts_at__lt=OuterRef("ends_at"), ends_at__gt=OuterRef("starts_at"))
        .order_by().values("resource_id")
        .annotate(taken=Sum(F("held") + F("booked"))).values("taken")
    )
    rows = (Slot.objects.filter(pk__in=ids).order_by()
            .annotate(resource_taken=Coalesce(Subquery(overlapping_taken), Value(0),
                                              output_field=IntegerField()),
                      lapsed=Coalesce(Subquery(lapsed), Value(0), output_field=IntegerField()))
            .values_list("pk", "capacity", "held", "booked", "resource__capacity",
                         "resource_taken", "lapsed"))
    seats = {}
    for pk, capacity, held, booked, resource_capacity, resource_taken, lapsed_places in rows:
        left = capacity - held - booked + lapsed_places
        if resource_capacity is not None:
            left = min(left, resource_capacity - resource_taken)
        seats[pk] = max(0, left)
    return seats


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
